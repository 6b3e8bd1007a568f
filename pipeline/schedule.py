"""Adaptive polling: poll busy sources more often and quiet or failing ones less often."""

from __future__ import annotations


def next_interval(current_s: float, *, new_items: int, ok: bool, configured_s: float,
                  min_s: float, max_s: float) -> float:
    """The next polling interval for a source, in seconds.

    Several new items since the last poll mean we may be missing some between polls: halve.
    None at all: stretch by half. A failure backs off (doubling) so a broken site is not
    hammered, while the next run still retries it. Always within [min_s, max_s] and never
    more than 4x away from the configured interval, so a source cannot drift out of view.
    """
    if not ok:
        proposed = current_s * 2
    elif new_items >= 5:
        proposed = current_s / 2
    elif new_items == 0:
        proposed = current_s * 1.5
    else:
        proposed = current_s
    lo = max(min_s, configured_s / 4)
    hi = min(max_s, configured_s * 4) if ok else max_s
    return max(lo, min(hi, proposed))
