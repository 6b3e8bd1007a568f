"""Spikes: days on which an entity is far above its own recent attention.

The baseline of a day is the 28 Bishkek days before it (the day itself excluded). The score is
a robust z-score, (count − median) / scale, where scale = 1.4826 × the median absolute
deviation (MAD; the factor makes it a standard deviation for normal data) but never below
√median (the noise of a Poisson count at that level) nor below 1 — so an entity that is
usually silent needs several articles, not one, to spike, and a steady heavy hitter is judged
against its own day-to-day swing. A spike is a day with at least `MIN_COUNT` mentioning
articles and a score of at least `THRESHOLD` (3.5, Iglewicz and Hoaglin's cut-off for robust
z-scores). Each spike carries its top stories (most outlets first).

`spikes_on` (the CLI, the digest's "on the rise") and `entity_spikes` (an entity's timeline and
page) share the scoring and read only the `Index` contract.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from math import sqrt
from statistics import median

from indexes.base import EntityCountsQuery, Index, TimelineQuery
from indexes.entities import EntityDirectory
from indexes.ids import entity_type_of

BASELINE_DAYS = 28
MIN_COUNT = 5
THRESHOLD = 3.5
MAD_TO_SIGMA = 1.4826
CANDIDATES = 2000  # entities with at least MIN_COUNT articles on one day, most mentioned first
TOP_STORIES = 3


@dataclass(frozen=True)
class Spike:
    entity_id: str
    label: str
    type: str
    day: date
    count: int
    baseline: float  # median articles per day over the 28 days before
    score: float  # robust z-score
    top_stories: tuple[tuple[str, str, int], ...] = ()  # (story_id or article_id, headline, outlets)


def robust_score(count: int, history: list[int]) -> tuple[float, float]:
    """(baseline median, robust z-score) of `count` against the days before it."""
    base = median(history) if history else 0.0
    mad = median(abs(x - base) for x in history) if history else 0.0
    scale = max(MAD_TO_SIGMA * mad, sqrt(base), 1.0)
    return float(base), (count - base) / scale


def is_spike(count: int, score: float, *, min_count: int = MIN_COUNT, threshold: float = THRESHOLD) -> bool:
    return count >= min_count and score >= threshold


def _history(days: dict[date, int], day: date) -> list[int]:
    return [days.get(day - timedelta(days=n), 0) for n in range(BASELINE_DAYS, 0, -1)]


def _spike(index: Index, entity_id: str, day: date, count: int, base: float, score: float,
           directory: EntityDirectory | None, lang: str) -> Spike:
    info = directory.get(entity_id) if directory else None
    stories = index.entity_stories(entity_id, day, day, limit=TOP_STORIES)
    return Spike(entity_id, info.name(lang) if info else entity_id, info.type if info else entity_type_of(entity_id),
                 day, count, round(base, 3), round(score, 3),
                 tuple((s.story_id, s.headline, s.outlets) for s in stories))


def spikes_on(index: Index, day: date, *, types: tuple[str, ...] = (), directory: EntityDirectory | None = None,
              limit: int = 20, lang: str = "ru", min_count: int = MIN_COUNT,
              threshold: float = THRESHOLD) -> list[Spike]:
    """The entities on the rise on `day`: highest score first (ties: more articles, then id)."""
    today = index.entity_counts(EntityCountsQuery(day, day, entity_types=types, min_mentions=min_count,
                                                  limit=CANDIDATES))
    if not today:
        return []
    ids = tuple(c.entity_id for c in today)
    before = {c.entity_id: c.days for c in index.entity_counts(EntityCountsQuery(
        day - timedelta(days=BASELINE_DAYS), day - timedelta(days=1), entity_ids=ids, limit=len(ids)))}
    scored = []
    for c in today:
        count = c.days.get(day, 0)
        base, score = robust_score(count, _history(before.get(c.entity_id, {}), day))
        if is_spike(count, score, min_count=min_count, threshold=threshold):
            scored.append((c.entity_id, count, base, score))
    scored.sort(key=lambda s: (-s[3], -s[1], s[0]))
    return [_spike(index, e, day, n, base, score, directory, lang) for e, n, base, score in scored[:limit]]


def entity_spikes(index: Index, entity_id: str, date_from: date, date_to: date, *,
                  directory: EntityDirectory | None = None, lang: str = "ru", min_count: int = MIN_COUNT,
                  threshold: float = THRESHOLD) -> list[Spike]:
    """The entity's spike days in [date_from, date_to], in date order."""
    first = date_from - timedelta(days=BASELINE_DAYS)
    buckets = index.timeline(TimelineQuery(entity_id, "day", first, date_to, distinct=False))  # only mentions are scored
    # counts by day offset from the first baseline day, so a day's baseline is a slice
    dense = [0] * ((date_to - first).days + 1)
    for b in buckets:
        dense[(b.start - first).days] = b.mentions
    out = []
    for b in buckets:
        # a day under the minimum count is never a spike: skip its baseline
        if b.start < date_from or b.mentions < min_count:
            continue
        at = (b.start - first).days
        base, score = robust_score(b.mentions, dense[at - BASELINE_DAYS:at])
        if is_spike(b.mentions, score, min_count=min_count, threshold=threshold):
            out.append(_spike(index, entity_id, b.start, b.mentions, base, score, directory, lang))
    return out
