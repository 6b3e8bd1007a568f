"""When to look at an article again.

Defaults (settings `revisit.*`): 1 h, 6 h, 24 h, 3 days and 14 days after the later of
publication and our first fetch. Why these: newsroom corrections and softened headlines come
within hours (the first two); complaints and takedown requests arrive within a day or a few
(24 h, 3 days); two weeks catches slow legal removals and site reorganisations. After that the
page is left alone: a lifetime of revisits would cost more than the rare late edit is worth,
and a full re-crawl is what `kabarchy revisit --all` is for.

A failed revisit is retried sooner (`retry_hours`), and a takedown is concluded only after
`confirm` failures in a row, so one 404 during a deploy is not a removal.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta


@dataclass(frozen=True)
class RevisitPlan:
    offsets_hours: tuple[float, ...] = (1.0, 6.0, 24.0, 72.0, 336.0)
    confirm: int = 3  # failed revisits in a row before a removal / redirect / outage is concluded
    retry_hours: float = 2.0  # a failed revisit is tried again this soon
    max_per_cycle: int = 200  # revisits one cycle may make (new articles always come first)

    def next_scheduled(self, base: datetime, now: datetime) -> tuple[int, datetime | None]:
        """(scheduled revisits already due or past at `now`, the next one still ahead or None).

        Offsets missed while Kabarchy was off are not made up one by one: the next revisit is
        the first offset still ahead, so a restart never bursts old pages at the outlets.
        """
        for step, hours in enumerate(self.offsets_hours):
            at = base + timedelta(hours=hours)
            if at > now:
                return step, at
        return len(self.offsets_hours), None

    def after_failure(self, now: datetime, base: datetime) -> datetime:
        """A failure is checked again soon, but never later than the next scheduled revisit."""
        retry = now + timedelta(hours=self.retry_hours)
        _, scheduled = self.next_scheduled(base, now)
        return min(retry, scheduled) if scheduled else retry


def parse_offsets(text: str) -> tuple[float, ...]:
    """`"1,6,24"` → (1.0, 6.0, 24.0); a clear ValueError for anything else (empty, unordered, ≤ 0)."""
    try:
        hours = tuple(float(part) for part in text.split(",") if part.strip())
    except ValueError:
        raise ValueError(f"revisit.schedule_hours: {text!r} is not a comma-separated list of hours") from None
    if not hours or any(not (0 < h < 1e6) for h in hours) or list(hours) != sorted(set(hours)):
        raise ValueError(f"revisit.schedule_hours: {text!r} must be increasing positive hours, e.g. 1,6,24,72,336")
    return hours
