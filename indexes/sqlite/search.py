"""Article search on the embedded index: the page of hits, the total and the facets.

The plan is chosen here rather than left to SQLite's planner, which guesses badly on FTS5:
- with words, the FTS5 match drives (CROSS JOIN), and filters are checked on its rows — left to
  itself the planner may walk a source's every article and probe the FTS index for each;
- without words but with an entity, that entity's `entities` rows drive, newest first along
  `entities_recent`, so "the latest ten articles of X" stops after ten, whatever X's size;
- otherwise `docs` along its date index.
"""

from __future__ import annotations

import dataclasses
import sqlite3
from datetime import datetime

from indexes.base import Facets, Hit, SearchQuery, SearchResult
from indexes.documents import searchable_body
from indexes.highlight import mark_all, snippet
from indexes.query import ParsedQuery, check_facets, check_page, parse_query
from indexes.sqlite import facets as fc
from indexes.sqlite.compile import FtsMatch, compile_match
from indexes.sqlite.stories import STORY_KEY, collapsed_page
from indexes.sqlite.where import Where

TITLE_WEIGHT = 3.0  # bm25 column weights: a word in the title counts three times one in the body
DRIVER = "e0"  # the alias of the entity rows that drive a search by entity


def matched(match: FtsMatch, where: Where, table: str, alias: str, base: str | None = None) -> tuple[str, Where]:
    """FROM clause and conditions selecting the rows of `table` a compiled query matches (its
    FTS twin is `<table>_fts`); `base` replaces the plain table when there is no positive match."""
    fts = f"{table}_fts"
    w = Where(list(where.sql), list(where.args))
    if match.negative:
        w.add(f"{alias}.rowid NOT IN (SELECT rowid FROM {fts} WHERE {fts} MATCH ?)", match.negative)
    if match.positive:
        return (f"{fts} CROSS JOIN {table} {alias} ON {alias}.rowid = {fts}.rowid",
                Where([f"{fts} MATCH ?", *w.sql], [match.positive, *w.args]))
    return base or f"{table} {alias}", w


def _filters(q: SearchQuery, driven: bool) -> tuple[Where, bool]:
    """The conditions of `q`, and whether any needs the `docs` row. When entity rows drive,
    source, language and dates are read from them, so often none does."""
    w = Where()
    row = DRIVER if driven else "d"
    w.any_of(f"{row}.source", q.sources)
    w.any_of(f"{row}.language", q.languages)
    w.dates(f"{row}.published_ts", q.date_from, q.date_to)
    other_entities = q.entity_ids
    if driven:
        w.add(f"{DRIVER}.entity_id = ?", q.entity_ids[0])
        other_entities = q.entity_ids[1:]
    w.any_of("d.source_kind", q.source_kinds)
    for entity_id in other_entities:
        w.add("EXISTS (SELECT 1 FROM entities e WHERE e.doc = d.rowid AND e.entity_id = ?)", entity_id)
    if q.entity_types:
        w.add(f"EXISTS (SELECT 1 FROM entities e WHERE e.doc = d.rowid AND e.entity_type IN "
              f"({','.join('?' * len(q.entity_types))}))", *q.entity_types)
    if q.has_statements is not None:
        w.add("d.has_statements = ?", int(q.has_statements))
    w.any_of(STORY_KEY, q.story_ids)
    needs_doc = not driven or bool(q.source_kinds or other_entities or q.entity_types
                                   or q.has_statements is not None or q.story_ids)
    return w, needs_doc


def search(conn: sqlite3.Connection, query: SearchQuery) -> SearchResult:
    check_page(query.limit, 0 if query.after is not None else query.offset)
    check_facets(query.facet_names)
    parsed = parse_query(query.text)
    match = compile_match(parsed)
    ranked = bool(match.positive) and query.sort == "relevance"
    driven = bool(query.entity_ids) and not match.positive
    conditions, needs_doc = _filters(query, driven)
    base = f"entities {DRIVER} CROSS JOIN docs d ON d.rowid = {DRIVER}.doc" if driven else None
    source, where = matched(match, conditions, "docs", "d", base)
    score = f"-bm25(docs_fts, {TITLE_WEIGHT}, 1.0)" if ranked else "0.0"
    order_key = "score" if ranked else "published_ts"
    ts = f"{DRIVER}.published_ts" if driven else "d.published_ts"
    inner = (f"SELECT d.rowid AS doc, d.id, {ts} AS published_ts, {score} AS score, {STORY_KEY} AS story, "
             f"d.source FROM {source} WHERE {where.text()}")
    if query.collapse_stories:
        return _collapsed(conn, query, parsed, inner, source, where, order_key, ranked)
    cursor_sql, cursor_args = "1", []
    if query.after is not None:
        key, last_id = query.after
        cursor_sql = f"({order_key} <= ? AND ({order_key} < ? OR id > ?))"  # a range the index can seek
        cursor_args = [key, key, last_id]
    sql = f"SELECT * FROM ({inner}) WHERE {cursor_sql} ORDER BY {order_key} DESC, id ASC LIMIT ? OFFSET ?"
    offset = 0 if query.after is not None else query.offset
    rows = conn.execute(sql, [*where.args, *cursor_args, query.limit, offset]).fetchall()
    shown = _shown(conn, [r["doc"] for r in rows])
    if query.facets:
        total, facets = _faceted(conn, query, source, where)
    else:
        facets = None
        total = _count(conn, match, source, where, driven and not needs_doc)
    hits = tuple(_hit(shown[r["doc"]], float(r["score"]), parsed) for r in rows)
    next_after = None
    if rows and len(rows) == query.limit:
        last = rows[-1]
        next_after = (last["score"] if ranked else last["published_ts"], last["id"])
    return SearchResult(total, hits, facets, next_after)


def _count(conn: sqlite3.Connection, match: FtsMatch, source: str, where: Where, entity_rows_only: bool) -> int:
    if match.positive and len(where.sql) == 1:  # the match alone: count without the join
        return conn.execute("SELECT COUNT(*) FROM docs_fts WHERE docs_fts MATCH ?", where.args).fetchone()[0]
    if entity_rows_only and not match.negative:  # every condition is on the entity's rows
        return conn.execute(f"SELECT COUNT(*) FROM entities {DRIVER} WHERE {where.text()}", where.args).fetchone()[0]
    return conn.execute(f"SELECT COUNT(*) FROM {source} WHERE {where.text()}", where.args).fetchone()[0]


def _faceted(conn: sqlite3.Connection, query: SearchQuery, source: str, where: Where) -> tuple[int, Facets]:
    if fc.only_scope_filters(query) and len(query.entity_ids) <= 1:
        counts = fc.entity_counts(conn, query) if query.entity_ids else fc.filtered_counts(conn, query)
    else:
        counts = fc.hit_counts(conn, source, where, bool({"entities", "entity_types"} & set(query.facet_names)))
    return counts.total, fc.facets(conn, query.facet_size, counts, query.facet_names)


def _collapsed(conn: sqlite3.Connection, query: SearchQuery, parsed: ParsedQuery, inner: str, source: str,
               where: Where, order_key: str, ranked: bool) -> SearchResult:
    """One hit per story (see `indexes.sqlite.stories`); facets and totals count articles."""
    page = collapsed_page(conn, inner, where.args, order_key, query.limit, query.offset, query.after)
    shown = _shown(conn, [r["doc"] for r in page.rows])
    facets = None
    if query.facets:
        total, facets = _faceted(conn, query, source, where)
    else:
        total = conn.execute(f"SELECT COUNT(*) FROM ({inner})", where.args).fetchone()[0]
    hits = tuple(
        dataclasses.replace(_hit(shown[r["doc"]], float(r["score"]) if ranked else 0.0, parsed),
                            story_articles=r["n"], story_outlets=page.outlets.get(r["story"], 1))
        for r in page.rows)
    next_after = None
    if page.rows and len(page.rows) == query.limit:
        last = page.rows[-1]
        next_after = (last[order_key], last["id"])
    return SearchResult(total, hits, facets, next_after, total_stories=page.total_stories)


def _shown(conn: sqlite3.Connection, docs: list[int]) -> dict[int, sqlite3.Row]:
    """What a page of hits shows, fetched for that page only."""
    if not docs:
        return {}
    rows = conn.execute(
        f"""SELECT d.rowid AS doc, d.id, d.url, d.language, d.source, d.published, d.cluster_id, d.versions,
                   b.title, b.lead, b.text
            FROM docs d JOIN bodies b ON b.rowid = d.rowid WHERE d.rowid IN ({','.join('?' * len(docs))})""",
        docs).fetchall()
    return {r["doc"]: r for r in rows}


def _hit(r: sqlite3.Row, score: float, parsed: ParsedQuery) -> Hit:
    wanted = parsed.highlight_tokens
    body = searchable_body(r["lead"], r["text"])
    return Hit(
        id=r["id"], url=r["url"], title=r["title"],
        published=datetime.fromisoformat(r["published"]) if r["published"] else None,
        source=r["source"], language=r["language"], score=score,
        snippet=snippet(body, r["language"], wanted), title_html=mark_all(r["title"], r["language"], wanted),
        story_id=r["cluster_id"], versions=r["versions"],
    )
