"""Collapsing search hits by story on SQLite: one row per story — its best hit in the query's
order — with the story's matching articles and distinct outlets, as Elasticsearch's field
collapse plus a terms aggregation give them. An article without a story is its own."""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

STORY_KEY = "COALESCE(d.cluster_id, d.id)"  # the story an indexed article stands for


@dataclass(frozen=True)
class Collapsed:
    rows: list[sqlite3.Row]  # the page: one head per story (doc, id, published_ts, score, story, n)
    total_stories: int
    outlets: dict[str, int]  # story key -> distinct sources among its matching articles


def collapsed_page(conn: sqlite3.Connection, inner: str, args: Sequence[Any], order_key: str,
                   limit: int, offset: int, after: tuple[object, ...] | None = None) -> Collapsed:
    """`inner` selects the matching articles with doc, id, published_ts, score, story, source;
    `after` (the last head's sort key and id) continues after that head, as a keyset cursor."""
    cursor_sql, cursor_args = "", []
    if after is not None:
        key, last_id = after
        cursor_sql = f"AND {order_key} <= ? AND ({order_key} < ? OR id > ?)"
        cursor_args, offset = [key, key, last_id], 0
    rows = conn.execute(
        f"""SELECT * FROM (
              SELECT *, ROW_NUMBER() OVER (PARTITION BY story ORDER BY {order_key} DESC, id ASC) AS rn,
                        COUNT(*) OVER (PARTITION BY story) AS n
              FROM ({inner}))
            WHERE rn = 1 {cursor_sql} ORDER BY {order_key} DESC, id ASC LIMIT ? OFFSET ?""",
        [*args, *cursor_args, limit, offset]).fetchall()
    total = conn.execute(f"SELECT COUNT(DISTINCT story) FROM ({inner})", list(args)).fetchone()[0]
    stories = [r["story"] for r in rows]
    outlets: dict[str, int] = {}
    if stories:
        outlets = dict(conn.execute(
            f"""SELECT story, COUNT(DISTINCT source) FROM ({inner})
                WHERE story IN ({','.join('?' * len(stories))}) GROUP BY story""",
            [*args, *stories]).fetchall())
    return Collapsed(rows, total, outlets)
