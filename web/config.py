"""What the web application is given by the composition root: plain values and callables."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

# Bounds on what a visitor may send: longer gets a clear 4xx instead of work.
MAX_QUERY_CHARS = 1000  # the index's own limit on a query
MAX_PARAM_CHARS = 200  # any other single parameter value
MAX_VALUES = 20  # repeated values of one parameter (sources, entities, ...)
MAX_URL_CHARS = 8000  # the whole query string
MAX_COMPARE = 4  # queries compared on one chart
PAGE_SIZE = 20
MAX_PAGE_SIZE = 100
DOWNLOAD_BATCH = 500  # hits fetched per index call while streaming a download


@dataclass(frozen=True)
class WebOptions:
    """Settings the web layer needs, taken from `kabarchy.settings.Settings` by `kabarchy serve`."""

    store_path: Path
    rate_limit_per_minute: int = 600
    admin_token: str = ""
    trust_proxy: bool = False
    max_concurrent_requests: int = 8  # worked on at once; the rest queue (web.admission)
    queue_timeout_s: float = 10.0  # longer in the queue: 503 with Retry-After
    # State-changing actions by name ("run", "reanalyze"): each starts the job and returns at once.
    actions: Mapping[str, Callable[[], object]] = field(default_factory=dict)
