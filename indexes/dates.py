"""Bishkek calendar days and timeline buckets, shared by every backend.

Kyrgyzstan keeps UTC+6 all year (no DST), so a fixed offset is exact and needs no tz database;
Elasticsearch is given the same offset ("+06:00") for its histograms.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta, timezone

from indexes.base import Interval

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
