"""What a run or a check amounted to, in one line, and the exit code that tells the truth.

Exit codes (README, "Exit codes"): 0 done (at least one source answered, or nothing was due);
2 usage or configuration error; 3 no source could be read; 4 articles were stored but could
not all be analysed or indexed (broken registry, index down: they wait for the next run);
5 another run holds the data folder; 130 interrupted.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime

OK = 0
USAGE = 2
UNREACHABLE = 3
DOWNSTREAM = 4
BUSY = 5
INTERRUPTED = 130

DEMO_HINT = "`kabarchy demo` works without a network"

_CAUSES = {
    "dns": "every name lookup failed — offline? " + DEMO_HINT,
    "timeout": "every request timed out — a very slow or blocked network?",
    "network": "every connection failed — offline or behind a firewall? " + DEMO_HINT,
    "private_address": "every address was refused as private (set allow_private only for local test sites)",
}


@dataclass(frozen=True)
class Verdict:
    code: int
    line: str


def unreachable_cause(kinds: Iterable[str]) -> str:
    """Why nothing answered: one shared cause named plainly, else the commonest kinds counted."""
    counts = Counter(kinds)
    if len(counts) == 1:
        kind = next(iter(counts))
        return _CAUSES.get(kind, f"every request failed with {kind}")
    if not counts:
        return "no feed, sitemap or listing was tried"
    common = ", ".join(f"{kind} ×{n}" for kind, n in counts.most_common(3))
    hint = f" — offline? {DEMO_HINT}" if set(counts) <= {"dns", "network", "timeout"} else ""
    return f"failures: {common}{hint}"


def reachability(polled: int, reachable: int, kinds: Sequence[str]) -> Verdict:
    """The verdict on reading sources: exit 3 when none of those tried answered."""
    if polled and not reachable:
        return Verdict(UNREACHABLE, f"0 of {polled} sources reachable: {unreachable_cause(kinds)}")
    return Verdict(OK, f"{reachable} of {polled} sources reachable")


def nothing_due(next_source: str | None, next_due: datetime | None, now: datetime, sources: int) -> str:
    """Why a run polled nothing, and when it will."""
    if next_source is None or next_due is None:
        return "nothing polled: no sources are configured"
    minutes = max(0, round((next_due - now).total_seconds() / 60))
    return (f"nothing polled: none of the {sources} sources is due yet; the next, {next_source}, is due at "
            f"{next_due.strftime('%Y-%m-%d %H:%M')} UTC (in {minutes} min). "
            "`kabarchy run --all` polls every source now")
