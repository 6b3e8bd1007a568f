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


def fill_timeline(counts: BucketCounts, interval: Interval, date_from: date | None,
                  date_to: date | None, *, grouped: bool = False) -> list[TimelineBucket]:
    """Gap-free buckets per group, as `TimelineQuery` promises: over [date_from, date_to], an open
    end taken from the first / last bucket with a mention or statement; no activity and an open
    range → no buckets; grouped, only groups with activity. Every backend counts, this shapes."""
    active = {key for key, cell in counts.items() if cell[0] or cell[1]}
    starts_seen = sorted(start for _, start in active)
    if not starts_seen and not (date_from and date_to):
        return []
    starts = bucket_range(date_from or starts_seen[0], date_to or starts_seen[-1], interval)
    groups = sorted({g for g, _ in active}, key=lambda g: g or "")
    if not grouped:
        groups = [None]
    out = []
    for group in groups:
        for start in starts:
            m, s, t, st, o = counts.get((group, start), (0, 0, 0, 0, 0))
            out.append(TimelineBucket(start, m, s, t, st, o, group))
    return out
