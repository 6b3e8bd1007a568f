"""Timelines, entity day counts and an entity's stories on the embedded index.

Without source or language filters a timeline reads only the pre-aggregated tables
(`indexes.sqlite.aggregates`): a five-year daily series of the most mentioned entity is a few
thousand rows. Filters and `group_by` need the article's source and language, so they count
the `entities` rows along their covering index instead. Buckets are formed in SQL from the
Bishkek day (weeks from Monday), so distinct stories and outlets are distinct per bucket.
"""

from __future__ import annotations

import sqlite3
from collections import defaultdict
from dataclasses import replace
from datetime import date, timedelta
from typing import Any

from indexes.base import EntityCountsQuery, EntityDayCounts, Interval, StoryCount, TimelineBucket, TimelineQuery
from indexes.dates import BucketCounts, fill_timeline, next_bucket
from indexes.sqlite.where import Where

_BUCKET = {
    "day": "{col}",
    "week": "date({col}, 'weekday 0', '-6 days')",  # the Monday on or before the day
    "month": "substr({col}, 1, 8) || '01'",
}
Counts = dict[tuple[str | None, str], list[int]]  # (group, bucket) → as indexes.dates.BucketCounts
M, S, ST, O = 0, 1, 3, 4  # the slots of a cell (2 is total_articles)


def _bucket(interval: Interval, col: str = "day") -> str:
    return _BUCKET[interval].format(col=col)


def _scope(q: TimelineQuery, entity: tuple[str, str] | None = None) -> Where:
    """The query's days, sources and languages (and the entity, on `entity = (column, id)`)."""
    w = Where()
    if entity is not None:
        w.add(f"{entity[0]} = ?", entity[1])
    w.add("day IS NOT NULL")
    w.days("day", q.date_from, q.date_to)
    w.any_of("source", q.sources)
    w.any_of("language", q.languages)
    return w


def _add(counts: Counts, rows: list[sqlite3.Row] | list[tuple[Any, ...]], *slots: int) -> None:
    for group, bucket, *values in rows:
        cell = counts.setdefault((group, bucket), [0, 0, 0, 0, 0])
        for slot, value in zip(slots, values):
            cell[slot] += int(value or 0)


def read_timeline(conn: sqlite3.Connection, q: TimelineQuery) -> list[TimelineBucket]:
    per = _bucket(q.interval)
    counts: Counts = {}
    group = q.group_by or "NULL"
    if not (q.sources or q.languages or q.group_by):
        w = _scope(q, entity=("entity_id", q.entity_id))
        sql = f"SELECT NULL, {per}, SUM(mentions), SUM(statements)"
        if q.interval == "day":  # distinct per day is what the table keeps
            _add(counts, conn.execute(f"{sql}, SUM(stories), SUM(outlets) FROM entity_days WHERE {w.text()} "
                                      "GROUP BY 2", w.args).fetchall(), M, S, ST, O)
        else:
            _add(counts, conn.execute(f"{sql} FROM entity_days WHERE {w.text()} GROUP BY 2", w.args).fetchall(), M, S)
            for table, column, slot in (("entity_day_stories", "story", ST), ("entity_day_sources", "source", O)):
                _add(counts, conn.execute(f"SELECT NULL, {per}, COUNT(DISTINCT {column}) FROM {table} "
                                          f"WHERE {w.text()} GROUP BY 2", w.args).fetchall(), slot)
    else:
        w = _scope(q, entity=("entity_id", q.entity_id))
        _add(counts, conn.execute(
            f"SELECT {group}, {per}, COUNT(*), COUNT(DISTINCT story), COUNT(DISTINCT source) FROM entities "
            f"WHERE {w.text()} GROUP BY 1, 2", w.args).fetchall(), M, ST, O)
        w = _scope(q, entity=("speaker_id", q.entity_id))
        _add(counts, conn.execute(f"SELECT {group}, {per}, COUNT(*) FROM statements WHERE {w.text()} GROUP BY 1, 2",
                                  w.args).fetchall(), S)
    cells: BucketCounts = {(g, date.fromisoformat(start)): cell for (g, start), cell in counts.items()}
    buckets = fill_timeline(cells, q.interval, q.date_from, q.date_to, grouped=bool(q.group_by))
    if not buckets:
        return []
    w = _scope(q)
    w.days("day", buckets[0].start, next_bucket(buckets[-1].start, q.interval) - timedelta(days=1))
    if q.group_by:
        w.any_of(q.group_by, sorted({b.group for b in buckets if b.group is not None}))
    totals = dict(((g, date.fromisoformat(start)), int(n)) for g, start, n in conn.execute(
        f"SELECT {group}, {per}, SUM(articles) FROM day_counts WHERE {w.text()} GROUP BY 1, 2",
        w.args))
    return [replace(b, total_articles=totals.get((b.group, b.start), 0)) for b in buckets]


def read_entity_counts(conn: sqlite3.Connection, q: EntityCountsQuery) -> list[EntityDayCounts]:
    w = Where()
    w.days("day", q.date_from, q.date_to)
    w.add("mentions > 0")
    w.any_of("entity_type", q.entity_types)
    w.any_of("entity_id", q.entity_ids)
    ranked = conn.execute(
        f"SELECT entity_id, SUM(mentions) AS n FROM entity_days WHERE {w.text()} GROUP BY entity_id "
        "HAVING n >= ? ORDER BY n DESC, entity_id LIMIT ?", [*w.args, q.min_mentions, q.limit]).fetchall()
    ids = [r[0] for r in ranked]
    days: dict[str, dict[date, int]] = defaultdict(dict)
    for start in range(0, len(ids), 500):
        chunk = ids[start:start + 500]
        for entity_id, day, n in conn.execute(
                f"SELECT entity_id, day, mentions FROM entity_days WHERE entity_id IN ({','.join('?' * len(chunk))}) "
                "AND day >= ? AND day <= ? AND mentions > 0",
                [*chunk, q.date_from.isoformat(), q.date_to.isoformat()]):
            days[entity_id][date.fromisoformat(day)] = n
    return [EntityDayCounts(i, dict(sorted(days[i].items()))) for i in ids]


def read_entity_stories(conn: sqlite3.Connection, entity_id: str, date_from: date, date_to: date,
                        limit: int) -> list[StoryCount]:
    span = (entity_id, date_from.isoformat(), date_to.isoformat())
    ranked = conn.execute(
        """SELECT story, COUNT(*) AS articles, COUNT(DISTINCT source) AS outlets FROM entities
           WHERE entity_id = ? AND day >= ? AND day <= ? GROUP BY story
           ORDER BY outlets DESC, articles DESC, story LIMIT ?""", (*span, limit)).fetchall()
    out = []
    for story, articles, outlets in ranked:
        first = conn.execute(
            """SELECT d.id, b.title FROM entities e JOIN docs d ON d.rowid = e.doc JOIN bodies b ON b.rowid = d.rowid
               WHERE e.entity_id = ? AND e.day >= ? AND e.day <= ? AND e.story = ?
               ORDER BY d.published_ts, d.id LIMIT 1""", (*span, story)).fetchone()
        out.append(StoryCount(story, first[1], first[0], articles, outlets))
    return out
