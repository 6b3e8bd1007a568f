"""Keeping the embedded index's per-day counts exact as articles are written and deleted.

`day_counts` holds articles per (Bishkek day, source, language); `entity_days` holds per entity
and day the mentioning articles, statements, distinct stories and distinct outlets. Distinct
counts cannot be summed, so `entity_day_stories` / `entity_day_sources` count articles per
(entity, day, story) and (entity, day, source): a row appearing adds a story or an outlet, a
row reaching zero removes one. Every write removes an article's old counts before adding its
new ones (`SqliteIndex._write` deletes before it inserts), in the same transaction, so the
counts stay exact under updates, deletes and re-runs.
"""

from __future__ import annotations

import sqlite3
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from indexes.ids import entity_type_of


@dataclass(frozen=True)
class ArticleCounts:
    """What one article adds to the per-day counts."""

    day: str | None  # Bishkek YYYY-MM-DD; undated articles are not counted
    source: str
    language: str
    story: str
    entity_ids: tuple[str, ...]
    statements: Counter[tuple[str, str]]  # (speaker id, day) → statements


def count_in(conn: sqlite3.Connection, article: ArticleCounts) -> None:
    _apply(conn, article, +1)


def count_out(conn: sqlite3.Connection, doc: int) -> None:
    """Take a stored article's counts back out, before its rows are deleted."""
    row = conn.execute("SELECT id, day, source, language, cluster_id FROM docs WHERE rowid=?", (doc,)).fetchone()
    if row is None:
        return
    entity_ids = tuple(r[0] for r in conn.execute("SELECT entity_id FROM entities WHERE doc=?", (doc,)))
    said = Counter({(speaker, day): n for speaker, day, n in conn.execute(
        "SELECT speaker_id, day, COUNT(*) FROM statements WHERE doc=? AND speaker_id IS NOT NULL "
        "AND day IS NOT NULL GROUP BY speaker_id, day", (doc,))})
    story = row[4] or row[0]
    _apply(conn, ArticleCounts(row[1], row[2], row[3], story, entity_ids, said), -1)


def _bump(conn: sqlite3.Connection, table: str, key_columns: Iterable[str], key: tuple[str, ...], sign: int) -> int:
    """Add `sign` articles to one row of a distinct-count table; return +1 when the row
    appeared, -1 when it emptied (and is deleted), else 0."""
    columns = tuple(key_columns)
    placeholders = ",".join("?" * (len(columns) + 1))
    (articles,) = conn.execute(
        f"INSERT INTO {table}({','.join(columns)}, articles) VALUES ({placeholders}) "
        f"ON CONFLICT({','.join(columns)}) DO UPDATE SET articles = articles + excluded.articles "
        "RETURNING articles", (*key, sign)).fetchone()
    if sign > 0:
        return 1 if articles == 1 else 0
    if articles <= 0:
        conn.execute(f"DELETE FROM {table} WHERE {' AND '.join(f'{c}=?' for c in columns)}", key)
        return -1
    return 0


def _entity_day(conn: sqlite3.Connection, entity_id: str, day: str, mentions: int, statements: int,
                stories: int, outlets: int) -> None:
    conn.execute(
        """INSERT INTO entity_days(entity_id, day, entity_type, mentions, statements, stories, outlets)
           VALUES (?,?,?,?,?,?,?)
           ON CONFLICT(entity_id, day) DO UPDATE SET mentions = mentions + excluded.mentions,
             statements = statements + excluded.statements, stories = stories + excluded.stories,
             outlets = outlets + excluded.outlets""",
        (entity_id, day, entity_type_of(entity_id), mentions, statements, stories, outlets))


def _apply(conn: sqlite3.Connection, a: ArticleCounts, sign: int) -> None:
    touched: set[tuple[str, str]] = set()
    if a.day is not None:
        conn.execute(
            "INSERT INTO day_counts(day, source, language, articles) VALUES (?,?,?,?) "
            "ON CONFLICT(day, source, language) DO UPDATE SET articles = articles + excluded.articles",
            (a.day, a.source, a.language, sign))
        if sign < 0:
            conn.execute("DELETE FROM day_counts WHERE day=? AND source=? AND language=? AND articles<=0",
                         (a.day, a.source, a.language))
        for entity_id in a.entity_ids:
            stories = _bump(conn, "entity_day_stories", ("entity_id", "day", "story"), (entity_id, a.day, a.story), sign)
            outlets = _bump(conn, "entity_day_sources", ("entity_id", "day", "source"), (entity_id, a.day, a.source),
                            sign)
            _entity_day(conn, entity_id, a.day, sign, 0, stories, outlets)
            touched.add((entity_id, a.day))
    for (speaker, day), n in a.statements.items():
        _entity_day(conn, speaker, day, 0, sign * n, 0, 0)
        touched.add((speaker, day))
    if sign < 0 and touched:
        conn.executemany("DELETE FROM entity_days WHERE entity_id=? AND day=? AND mentions<=0 AND statements<=0",
                         sorted(touched))
