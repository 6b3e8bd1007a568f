"""Bishkek calendar days and timeline buckets, shared by every backend.

Kyrgyzstan keeps UTC+6 all year (no DST), so a fixed offset is exact and needs no tz database;
Elasticsearch is given the same offset ("+06:00") for its histograms.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta, timezone

from indexes.base import Interval, TimelineBucket

BISHKEK = timezone(timedelta(hours=6), "Asia/Bishkek")
BISHKEK_OFFSET = "+06:00"


def bishkek_day(moment: datetime) -> date:
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=timezone.utc)
    return moment.astimezone(BISHKEK).date()


def day_start_utc(day: date) -> datetime:
    """The UTC instant a Bishkek day begins (filters compare instants)."""
    return datetime.combine(day, time(0), BISHKEK).astimezone(timezone.utc)


def bucket_start(day: date, interval: Interval) -> date:
    if interval == "week":
        return day - timedelta(days=day.weekday())
    if interval == "month":
        return day.replace(day=1)
    return day


def next_bucket(start: date, interval: Interval) -> date:
    if interval == "week":
        return start + timedelta(days=7)
    if interval == "month":
        return date(start.year + start.month // 12, start.month % 12 + 1, 1)
    return start + timedelta(days=1)


def bucket_range(first: date, last: date, interval: Interval) -> list[date]:
    """Every bucket start from the bucket holding `first` to the one holding `last`."""
    out, cur, end = [], bucket_start(first, interval), bucket_start(last, interval)
    while cur <= end:
        out.append(cur)
        cur = next_bucket(cur, interval)
    return out


# (group, bucket start) → [mentions, statements, total_articles, stories, outlets]
BucketCounts = dict[tuple[str | None, date], list[int]]


def timeline_span(counts: BucketCounts, interval: Interval, date_from: date | None,
                  date_to: date | None) -> tuple[date, date] | None:
    """The first and last bucket start a timeline covers: [date_from, date_to], an open end taken
    from the first / last bucket with a mention or statement; None when that leaves nothing."""
    active = [start for (_, start), cell in counts.items() if cell[0] or cell[1]]
    if not active and not (date_from and date_to):
        return None
    return (bucket_start(date_from or min(active), interval), bucket_start(date_to or max(active), interval))


def fill_timeline(counts: BucketCounts, interval: Interval, date_from: date | None,
                  date_to: date | None, *, grouped: bool = False) -> list[TimelineBucket]:
    """Gap-free buckets per group over `timeline_span`, as `TimelineQuery` promises; grouped,
    only the groups with a mention or statement. Every backend counts, this one function shapes."""
    span = timeline_span(counts, interval, date_from, date_to)
    if span is None:
        return []
    starts = bucket_range(*span, interval)
    groups: list[str | None] = [None]
    if grouped:
        groups = sorted({g for (g, _), cell in counts.items() if g is not None and (cell[0] or cell[1])})
    empty = (0, 0, 0, 0, 0)
    return [TimelineBucket(start, *counts.get((group, start), empty), group)  # type: ignore[misc]
            for group in groups for start in starts]
