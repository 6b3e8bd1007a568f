"""The store's part for revisits: schedule rows, versions, and the changes log.

Kept apart from `Store` (which is the ingest side's API) but on the same connection and in the
same transactions. Nothing here deletes: an article's old versions, removed statements and
takedown history are kept for good. Every write is keyed so that a revisit cycle killed at any
point and run again records nothing twice: versions by (article, number) with the content hash
compared first, changes by (article, kind, version, time).
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from pipeline.store.db import iso, transaction


@dataclass(frozen=True)
class DueRevisit:
    article_id: str
    source_id: str
    url: str
    base_at: datetime
    state: str
    failures: int
    failure_kind: str | None
    first_failed_at: datetime | None
    etag: str | None
    last_modified: str | None
    body_sha: str | None
    versions: int
    title: str
    lead: str
    text: str
    warc_file: str | None
    warc_offset: int | None


def _dt(value: str | None) -> datetime | None:
    return datetime.fromisoformat(value) if value else None


class RevisitLog:
    """Revisit bookkeeping on a store's connection."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn

    # ------------------------------------------------------------ scheduling
    def unplanned(self, limit: int = 10_000) -> list[tuple[str, datetime, datetime]]:
        """Stored articles without a revisit row: (id, when the schedule starts, when it was last seen well)."""
        rows = self.conn.execute(
            """SELECT a.id, a.published_utc, a.fetched_at, a.discovered_at FROM articles a
                 LEFT JOIN revisits r ON r.article_id = a.id
               WHERE r.article_id IS NULL AND a.stage IN ('extracted','analysed') AND a.duplicate_of IS NULL
               LIMIT ?""", (limit,)).fetchall()
        out = []
        for r in rows:
            seen = _dt(r["fetched_at"]) or _dt(r["discovered_at"])
            published = _dt(r["published_utc"])
            base = max(d for d in (seen, published) if d is not None)
            out.append((r["id"], base, seen))
        return out

    def plan(self, items: Iterable[tuple[str, datetime, datetime, int, datetime | None]]) -> None:
        """Insert schedule rows (id, base, first good fetch, steps already past, next revisit) — once each."""
        self.conn.executemany(
            "INSERT INTO revisits(article_id, base_at, last_good_at, step, next_at) VALUES (?,?,?,?,?) "
            "ON CONFLICT(article_id) DO NOTHING",
            [(aid, iso(base), iso(seen), step, iso(nxt)) for aid, base, seen, step, nxt in items])

    def due(self, now: datetime, limit: int) -> list[DueRevisit]:
        rows = self.conn.execute(
            """SELECT r.*, a.source_id, a.url, a.title, a.lead, a.text, a.warc_file, a.warc_offset
                 FROM revisits r JOIN articles a ON a.id = r.article_id
               WHERE r.next_at IS NOT NULL AND r.next_at <= ? ORDER BY r.next_at, r.article_id LIMIT ?""",
            (iso(now), limit)).fetchall()
        return [DueRevisit(r["article_id"], r["source_id"], r["url"], datetime.fromisoformat(r["base_at"]),
                           r["state"], r["failures"], r["failure_kind"], _dt(r["first_failed_at"]),
                           r["etag"], r["last_modified"],
                           r["body_sha"], r["versions"], r["title"] or "", r["lead"] or "", r["text"] or "",
                           r["warc_file"], r["warc_offset"]) for r in rows]

    def due_count(self, now: datetime) -> int:
        return self.conn.execute("SELECT COUNT(*) FROM revisits WHERE next_at IS NOT NULL AND next_at <= ?",
                                 (iso(now),)).fetchone()[0]

    def make_all_due(self, now: datetime) -> int:
        """`kabarchy revisit --all`: every article is looked at in the next cycles."""
        self.conn.execute("UPDATE revisits SET next_at=? WHERE next_at IS NULL OR next_at > ?", (iso(now), iso(now)))
        return self.conn.execute("SELECT changes()").fetchone()[0]

    # ------------------------------------------------------------- outcomes
    def record_visit(self, article_id: str, now: datetime, outcome: str, *, step: int, next_at: datetime | None,
                     state: str, failures: int, failure_kind: str | None, first_failed_at: datetime | None,
                     good: bool, etag: str | None = None, last_modified: str | None = None,
                     body_sha: str | None = None, state_changed: bool = False) -> None:
        self.conn.execute(
            """UPDATE revisits SET step=?, next_at=?, last_at=?, last_outcome=?, state=?, failures=?,
                 failure_kind=?, first_failed_at=?,
                 state_since=CASE WHEN ? THEN ? ELSE state_since END,
                 last_good_at=CASE WHEN ? THEN ? ELSE last_good_at END,
                 etag=COALESCE(?, etag), last_modified=COALESCE(?, last_modified), body_sha=COALESCE(?, body_sha)
               WHERE article_id=?""",
            (step, iso(next_at), iso(now), outcome, state, failures, failure_kind, iso(first_failed_at),
             state_changed, iso(now), good, iso(now), etag, last_modified, body_sha, article_id))

    def row(self, article_id: str) -> sqlite3.Row | None:
        return self.conn.execute("SELECT * FROM revisits WHERE article_id=?", (article_id,)).fetchone()

    def log_change(self, article_id: str, at: datetime, kind: str, version: int | None,
                   detail: dict[str, object]) -> None:
        self.conn.execute(
            "INSERT INTO article_changes(article_id, at, kind, version, detail_json) VALUES (?,?,?,?,?) "
            "ON CONFLICT DO NOTHING",
            (article_id, iso(at), kind, version, json.dumps(detail, ensure_ascii=False)))

    # -------------------------------------------------------------- versions
    def ensure_current_version(self, item: DueRevisit, analysis: dict[str, object]) -> None:
        """Before a new version: the current one is on record with its entities and statements.

        Version 1 (what was stored first) is written only when the first edit makes it history.
        A version whose re-analysis had not been compared yet keeps the analysis the store has.
        """
        self.conn.execute(
            "UPDATE article_versions SET analysis_json=COALESCE(analysis_json, ?) WHERE article_id=? AND version=?",
            (json.dumps(analysis, ensure_ascii=False), item.article_id, item.versions))
        self.conn.execute(
            """INSERT INTO article_versions(article_id, version, seen_at, title, lead, text, content_hash,
                 warc_file, warc_offset, diff_json, analysis_json)
               SELECT id, 1, COALESCE(fetched_at, discovered_at), title, lead, text, content_hash, warc_file,
                      warc_offset, NULL, ? FROM articles WHERE id=?
               ON CONFLICT(article_id, version) DO NOTHING""",
            (json.dumps(analysis, ensure_ascii=False), item.article_id))

    def add_version(self, article_id: str, version: int, seen_at: datetime, title: str, lead: str, text: str,
                    content_hash: str, warc: tuple[str, int] | None, diff: dict[str, object]) -> None:
        """Store version `version` and make it the article's current text (re-analysed next)."""
        with transaction(self.conn):
            self.conn.execute(
                """INSERT INTO article_versions(article_id, version, seen_at, title, lead, text, content_hash,
                     warc_file, warc_offset, diff_json) VALUES (?,?,?,?,?,?,?,?,?,?)
                   ON CONFLICT(article_id, version) DO NOTHING""",
                (article_id, version, iso(seen_at), title, lead, text, content_hash,
                 warc[0] if warc else None, warc[1] if warc else None, json.dumps(diff, ensure_ascii=False)))
            self.conn.execute(
                """UPDATE articles SET title=?, lead=?, text=?, content_hash=?, stage='extracted',
                     warc_file=COALESCE(?, warc_file), warc_offset=COALESCE(?, warc_offset), updated_at=?
                   WHERE id=?""",
                (title, lead, text, content_hash, warc[0] if warc else None, warc[1] if warc else None,
                 iso(seen_at), article_id))
            self.conn.execute("UPDATE revisits SET versions=? WHERE article_id=?", (version, article_id))
            self.log_change(article_id, seen_at, "edit", version, {"diff": diff, "title": title})

    def versions(self, article_id: str) -> list[sqlite3.Row]:
        return self.conn.execute(
            "SELECT * FROM article_versions WHERE article_id=? ORDER BY version", (article_id,)).fetchall()

    # ----------------------------------------------- analysis of new versions
    def unanalysed_versions(self) -> list[sqlite3.Row]:
        """Latest versions (>1) whose article has been analysed again but not compared yet."""
        return self.conn.execute(
            """SELECT v.article_id, v.version FROM article_versions v
                 JOIN articles a ON a.id = v.article_id
               WHERE v.version > 1 AND v.analysis_json IS NULL AND a.stage = 'analysed'
                 AND v.version = (SELECT MAX(version) FROM article_versions w WHERE w.article_id = v.article_id)"""
        ).fetchall()

    def version_analysis(self, article_id: str, version: int) -> dict[str, list[dict[str, object]]] | None:
        row = self.conn.execute("SELECT analysis_json FROM article_versions WHERE article_id=? AND version=?",
                                (article_id, version)).fetchone()
        return json.loads(row[0]) if row and row[0] else None

    def save_analysis_changes(self, article_id: str, version: int, analysis: dict[str, object],
                              changes: list[tuple[str, str, int | None, str | None, str, str]]) -> None:
        """Record what version `version` added or removed, and its own analysis snapshot, in one go."""
        with transaction(self.conn):
            self.conn.executemany(
                """INSERT INTO analysis_changes(article_id, version, seq, what, change, last_seen_version,
                     entity_id, surface, text) VALUES (?,?,?,?,?,?,?,?,?)
                   ON CONFLICT(article_id, version, seq) DO NOTHING""",
                [(article_id, version, i, what, change, last_seen, entity_id, surface, text)
                 for i, (what, change, last_seen, entity_id, surface, text) in enumerate(changes)])
            self.conn.execute("UPDATE article_versions SET analysis_json=? WHERE article_id=? AND version=?",
                              (json.dumps(analysis, ensure_ascii=False), article_id, version))
