"""Whether the real Elasticsearch the tests need is there: skip if not, or fail when CI asks for it."""

from __future__ import annotations

import os

import httpx
import pytest


def unavailable(reason: str) -> None:
    if os.environ.get("KABARCHY_REQUIRE_ES") == "1":
        pytest.fail(f"{reason} (KABARCHY_REQUIRE_ES=1)")
    pytest.skip(reason)


def es_url_for_tests() -> str:
    """The Elasticsearch the test command started or was pointed at (scripts/test sets it)."""
    return os.environ.get("KABARCHY_TEST_ES_URL", "http://127.0.0.1:9200")


def require_elasticsearch(url: str) -> None:
    """Skip (or fail under KABARCHY_REQUIRE_ES=1) unless Elasticsearch answers at `url`.

    With KABARCHY_TEST_NO_ES=1 (the test command was told there is none) nothing is probed.
    """
    if os.environ.get("KABARCHY_TEST_NO_ES") == "1":
        unavailable("KABARCHY_TEST_NO_ES=1: this run has no Elasticsearch")
    try:
        httpx.get(f"{url}/_cluster/health", timeout=3.0).raise_for_status()
    except httpx.HTTPError as exc:
        unavailable(f"Elasticsearch not reachable at {url}: {exc}")
