"""Entity timelines: how much an entity was in the news and how much it spoke, bucket by bucket.

One function (`entity_timelines`) answers the CLI, the JSON API, the entity page and the digest
from the `Index` contract alone, so every consumer shows the same numbers. Per bucket (Bishkek
days, weeks from Monday, months): articles mentioning the entity, its share of all articles
under the same filters, statements by it, distinct stories (reprints once) and distinct outlets.

`smooth=K` is a trailing moving average over K buckets (GDELT's smoothing). The K-1 buckets
before the range are read too, so the first point is a true K-bucket average of what was
published, not an average over fewer buckets. The smoothed share is the ratio of the window's
sums (mentions / articles), which stays defined when a single bucket has no articles; a bucket
(or window) without any article has share 0.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Literal

from indexes.base import GroupBy, Index, Interval, TimelineBucket, TimelineQuery
from indexes.dates import bucket_start, next_bucket
from indexes.entities import EntityDirectory

Measure = Literal["mentions", "share", "statements", "stories", "outlets"]
MEASURES: tuple[Measure, ...] = ("mentions", "share", "statements", "stories", "outlets")
MAX_SMOOTH = 366


class TimelineError(ValueError):
    """A timeline request that cannot be answered as asked (bad range, smoothing, no entity)."""


@dataclass(frozen=True)
class TimelineRequest:
    entity_ids: tuple[str, ...]
    date_from: date
    date_to: date
    interval: Interval = "day"  # day | week | month
    smooth: int = 1  # trailing moving average over K buckets
    sources: tuple[str, ...] = ()
    languages: tuple[str, ...] = ()
    by: GroupBy | None = None  # None | "source" | "language"


@dataclass(frozen=True)
class TimelinePoint:
    start: date
    mentions: float
    share: float
    statements: float
    stories: float
    outlets: float
    total_articles: int  # all articles in the bucket under the same filters (never smoothed)

    def value(self, measure: Measure) -> float:
        return float(getattr(self, measure))


@dataclass(frozen=True)
class EntitySeries:
    entity_id: str
    label: str
    points: tuple[TimelinePoint, ...]
    group: str | None = None  # the source or language with `by`

    @property
    def key(self) -> str:
        return f"{self.entity_id}/{self.group}" if self.group else self.entity_id


def buckets_before(start: date, interval: Interval, n: int) -> date:
    """The start of the bucket `n` buckets before the one holding `start`."""
    current = bucket_start(start, interval)
    for _ in range(n):
        current = bucket_start(date.fromordinal(current.toordinal() - 1), interval)
    return current


def check_request(request: TimelineRequest) -> None:
    if not request.entity_ids:
        raise TimelineError("name at least one entity")
    if request.date_from > request.date_to:
        raise TimelineError(f"the range is reversed: {request.date_from} is after {request.date_to}")
    if not 1 <= request.smooth <= MAX_SMOOTH:
        raise TimelineError(f"smoothing must be between 1 and {MAX_SMOOTH} buckets, got {request.smooth}")


def smooth_points(buckets: Sequence[TimelineBucket], k: int, first: date) -> tuple[TimelinePoint, ...]:
    """Trailing K-bucket averages for the buckets from `first` on (earlier ones only feed the window)."""
    points = []
    for i, bucket in enumerate(buckets):
        if bucket.start < first:
            continue
        window = buckets[max(0, i - k + 1):i + 1]
        n = float(k)  # buckets before the data are zeros, not missing
        mentions = sum(b.mentions for b in window)
        total = sum(b.total_articles for b in window)
        points.append(TimelinePoint(
            start=bucket.start, mentions=mentions / n, share=mentions / total if total else 0.0,
            statements=sum(b.statements for b in window) / n, stories=sum(b.stories for b in window) / n,
            outlets=sum(b.outlets for b in window) / n, total_articles=bucket.total_articles))
    return tuple(points)


def entity_timelines(index: Index, request: TimelineRequest, directory: EntityDirectory | None = None,
                     *, lang: str = "ru") -> list[EntitySeries]:
    """One series per entity (per entity and source/language with `by`), zero-filled from the
    bucket holding `date_from` to the one holding `date_to`, in the order the ids were given."""
    check_request(request)
    first = bucket_start(request.date_from, request.interval)
    lead_from = buckets_before(request.date_from, request.interval, request.smooth - 1)
    out: list[EntitySeries] = []
    for entity_id in request.entity_ids:
        info = directory.get(entity_id) if directory else None
        label = info.name(lang) if info else entity_id
        buckets = index.timeline(TimelineQuery(
            entity_id, request.interval, lead_from, request.date_to, request.sources, request.languages,
            group_by=request.by))
        groups: dict[str | None, list[TimelineBucket]] = {}
        for bucket in buckets:
            groups.setdefault(bucket.group, []).append(bucket)
        if request.by and not groups:
            continue
        for group, runs in (groups or {None: []}).items():
            if request.by and not any(b.mentions or b.statements for b in runs if b.start >= first):
                continue  # active only in the smoothing lead, not in the range asked
            out.append(EntitySeries(entity_id, label, smooth_points(runs, request.smooth, first), group))
    return out


def bucket_end(start: date, interval: Interval) -> date:
    """The last day of the bucket starting at `start`."""
    return date.fromordinal(next_bucket(start, interval).toordinal() - 1)
