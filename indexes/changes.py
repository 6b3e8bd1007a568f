"""What changed after publication: the question behind `kabarchy changes`, `article --history`,
the web UI's history and recent-changes pages, and the digest's "changed or removed" section.

One function per question, reading the store's revisit tables (written by `pipeline.revisits`),
so every consumer shows the same answer.
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from indexes.dates import day_start_utc
from pipeline.store.store import Store

KINDS = ("edit", "removed", "redirected", "unreachable", "restored")


@dataclass(frozen=True)
class AnalysisChange:
    """A statement or entity that an edit removed or added."""

    what: str  # statement | entity
    change: str  # removed | added
    entity_id: str | None  # the entity, or the statement's speaker
    surface: str
    text: str
    version: int  # the version that no longer has it (removed) or first has it (added)
    last_seen_version: int | None


@dataclass(frozen=True)
class Change:
    article_id: str
    at: datetime
    kind: str  # edit | removed | redirected | unreachable | restored
    version: int | None
    title: str
    url: str
    source: str
    language: str
    detail: dict[str, object]
    analysis: tuple[AnalysisChange, ...] = ()


@dataclass(frozen=True)
class ChangesQuery:
    date_from: date | None = None  # Bishkek calendar days, inclusive
    date_to: date | None = None
    sources: tuple[str, ...] = ()
    kinds: tuple[str, ...] = ()
    entity_id: str | None = None  # articles that mention it, or edits that touched it
    limit: int = 100


@dataclass(frozen=True)
class VersionInfo:
    version: int
    seen_at: datetime
    title: str
    lead: str
    text: str
    diff: dict[str, list[dict[str, str]]]


@dataclass(frozen=True)
class ArticleHistory:
    article_id: str
    state: str  # live | removed | redirected | unreachable (live when never revisited)
    state_since: datetime | None
    last_good_at: datetime | None
    first_failed_at: datetime | None
    last_revisit: datetime | None
    versions: tuple[VersionInfo, ...]
    changes: tuple[Change, ...]

    @property
    def edited(self) -> bool:
        return len(self.versions) > 1


def _dt(value: str | None) -> datetime | None:
    return datetime.fromisoformat(value) if value else None


def _analysis(conn: sqlite3.Connection, article_id: str, version: int | None) -> tuple[AnalysisChange, ...]:
    if version is None:
        return ()
    rows = conn.execute("SELECT * FROM analysis_changes WHERE article_id=? AND version=? ORDER BY seq",
                        (article_id, version))
    return tuple(AnalysisChange(r["what"], r["change"], r["entity_id"], r["surface"] or "", r["text"] or "",
                                r["version"], r["last_seen_version"]) for r in rows)


def _change(conn: sqlite3.Connection, r: sqlite3.Row) -> Change:
    analysis = _analysis(conn, r["article_id"], r["version"]) if r["kind"] == "edit" else ()
    return Change(r["article_id"], datetime.fromisoformat(r["at"]), r["kind"], r["version"], r["title"] or "",
                  r["final_url"] or r["url"], r["source_id"], r["language"] or "und", json.loads(r["detail_json"]),
                  analysis)


_SELECT = """SELECT c.*, a.title, a.url, a.final_url, a.source_id, a.language
               FROM article_changes c JOIN articles a ON a.id = c.article_id"""


def recent_changes(store: Store, query: ChangesQuery) -> list[Change]:
    """Changes newest first, filtered by Bishkek days, sources, kinds and an entity."""
    where, params = [], []  # type: ignore[var-annotated]
    if query.date_from:
        where.append("c.at >= ?")
        params.append(day_start_utc(query.date_from).isoformat())
    if query.date_to:
        where.append("c.at < ?")
        params.append(day_start_utc(query.date_to + timedelta(days=1)).isoformat())
    if query.sources:
        where.append(f"a.source_id IN ({','.join('?' * len(query.sources))})")
        params += list(query.sources)
    if query.kinds:
        where.append(f"c.kind IN ({','.join('?' * len(query.kinds))})")
        params += list(query.kinds)
    if query.entity_id:
        where.append("(EXISTS (SELECT 1 FROM mentions m WHERE m.article_id = c.article_id AND m.entity_id = ?)"
                     " OR EXISTS (SELECT 1 FROM analysis_changes x WHERE x.article_id = c.article_id"
                     " AND x.entity_id = ?))")
        params += [query.entity_id, query.entity_id]
    sql = _SELECT + (" WHERE " + " AND ".join(where) if where else "") + " ORDER BY c.at DESC, c.id DESC LIMIT ?"
    rows = store.conn.execute(sql, (*params, query.limit)).fetchall()
    return [_change(store.conn, r) for r in rows]


def article_history(store: Store, article_id: str) -> ArticleHistory | None:
    """Every version of an article with its diff, its takedown state and all its changes."""
    if store.article_row(article_id) is None:
        return None
    conn = store.conn
    state = conn.execute("SELECT * FROM revisits WHERE article_id=?", (article_id,)).fetchone()
    versions = tuple(
        VersionInfo(r["version"], datetime.fromisoformat(r["seen_at"]), r["title"] or "", r["lead"] or "",
                    r["text"] or "", json.loads(r["diff_json"]) if r["diff_json"] else {})
        for r in conn.execute("SELECT * FROM article_versions WHERE article_id=? ORDER BY version", (article_id,)))
    changes = tuple(_change(conn, r) for r in conn.execute(_SELECT + " WHERE c.article_id=? ORDER BY c.at, c.id",
                                                           (article_id,)))
    return ArticleHistory(
        article_id, state["state"] if state else "live", _dt(state["state_since"]) if state else None,
        _dt(state["last_good_at"]) if state else None, _dt(state["first_failed_at"]) if state else None,
        _dt(state["last_at"]) if state else None, versions, changes)


def revision_state(store: Store, article_ids: list[str]) -> dict[str, tuple[int, str]]:
    """(version count, state) per article, for export and index documents; absent ids are (1, live)."""
    out: dict[str, tuple[int, str]] = {}
    for i in range(0, len(article_ids), 500):
        chunk = article_ids[i:i + 500]
        rows = store.conn.execute(
            f"SELECT article_id, versions, state FROM revisits WHERE article_id IN ({','.join('?' * len(chunk))})",
            chunk)
        out.update((r[0], (r[1], r[2])) for r in rows)
    return out
