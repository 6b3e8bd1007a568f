"""Statement search on the embedded index: by words (bm25), speaker, language and dates."""

from __future__ import annotations

import sqlite3
from datetime import datetime

from indexes.base import StatementHit, StatementQuery, StatementResult
from indexes.highlight import snippet
from indexes.query import check_page, parse_query
from indexes.sqlite.compile import compile_match
from indexes.sqlite.search import matched
from indexes.sqlite.where import Where


def search_statements(conn: sqlite3.Connection, query: StatementQuery) -> StatementResult:
    check_page(query.limit, 0 if query.after is not None else query.offset)
    parsed = parse_query(query.text)
    match = compile_match(parsed)
    w = Where()
    w.any_of("s.speaker_id", query.speaker_ids)
    w.any_of("s.language", query.languages)
    w.dates("s.published_ts", query.date_from, query.date_to)
    source, where = matched(match, w, "statements", "s")
    ranked = bool(match.positive)
    score = "-bm25(statements_fts)" if ranked else "0.0"
    key = "score" if ranked else "published_ts"
    total = conn.execute(f"SELECT COUNT(*) FROM {source} WHERE {where.text()}", where.args).fetchone()[0]
    cursor_sql, cursor_args = "1", []
    if query.after is not None:
        last_key, last_id = query.after
        cursor_sql = f"({key} <= ? AND ({key} < ? OR id > ?))"  # a range the index can seek
        cursor_args = [last_key, last_key, last_id]
    rows = conn.execute(
        f"SELECT * FROM (SELECT s.*, {score} AS score FROM {source} WHERE {where.text()}) WHERE {cursor_sql} "
        f"ORDER BY {key} DESC, id LIMIT ? OFFSET ?",
        [*where.args, *cursor_args, query.limit, 0 if query.after is not None else query.offset]).fetchall()
    wanted = parsed.highlight_tokens
    next_after = None
    if rows and len(rows) == query.limit:
        next_after = (rows[-1][key], rows[-1]["id"])
    return StatementResult(total, tuple(
        StatementHit(
            id=r["id"], article_id=r["article_id"], speaker_id=r["speaker_id"],
            speaker_surface=r["speaker_surface"], speaker_post=r["speaker_post"], text=r["text"],
            kind=r["kind"], published=datetime.fromisoformat(r["published"]) if r["published"] else None,
            snippet=snippet(r["text"], r["language"], wanted, max_chars=400),
        ) for r in rows), next_after)
