"""The store's read and write API. One class, one connection; every write is an upsert.

Article ids are hashes of normalised URLs, so writing the same thing twice is harmless and a
run killed at any point can simply be run again.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import asdict
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

from pipeline.records import ExtractedArticle, FeedEntry, FetchResult, SourceConfig
from pipeline.store.analysis import AnalysisRecords
from pipeline.store.db import connect, iso, transaction, utcnow
from pipeline.store.failures import FailureRecords
from pipeline.store.outbox import INDEXABLE_STAGES, OutboxRecords
from pipeline.store.stories import StoryRecords


def _entry_to_json(entry: FeedEntry) -> str:
    d = asdict(entry)
    d["published"] = iso(entry.published)
    return json.dumps(d, ensure_ascii=False)


def entry_from_json(raw: str) -> FeedEntry:
    d = json.loads(raw)
    d["published"] = datetime.fromisoformat(d["published"]) if d.get("published") else None
    d["tags"] = tuple(d.get("tags") or ())
    return FeedEntry(**d)


class Store(FailureRecords, AnalysisRecords, OutboxRecords, StoryRecords):
    """The system of record. Open with `Store.open(path)`; close when done."""

    def __init__(self, conn: sqlite3.Connection, path: Path) -> None:
        self.conn = conn
        self.path = path

    @classmethod
    def open(cls, path: Path) -> Store:
        return cls(connect(path), path)

    def close(self) -> None:
        self.conn.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # ------------------------------------------------------------------ sources
    def sync_sources(self, sources: Sequence[SourceConfig], now: datetime | None = None) -> None:
        """Upsert the configured sources; keep their fetch state."""
        now = now or utcnow()
        with transaction(self.conn):
            for s in sources:
                cfg = json.dumps(asdict(s), ensure_ascii=False)
                self.conn.execute(
                    """INSERT INTO sources(id, name, kind, config_json, interval_s, next_due)
                       VALUES (?, ?, ?, ?, ?, ?)
                       ON CONFLICT(id) DO UPDATE SET name=excluded.name, kind=excluded.kind,
                         config_json=excluded.config_json""",
                    (s.id, s.name, s.kind, cfg, s.interval_minutes * 60.0, iso(now)),
                )

    def due_sources(self, now: datetime | None = None) -> list[str]:
        now = now or utcnow()
        rows = self.conn.execute(
            "SELECT id FROM sources WHERE next_due IS NULL OR next_due <= ? ORDER BY next_due, id",
            (iso(now),),
        )
        return [r[0] for r in rows]

    def source_row(self, source_id: str) -> sqlite3.Row | None:
        return self.conn.execute("SELECT * FROM sources WHERE id=?", (source_id,)).fetchone()

    def finish_source_run(
        self,
        source_id: str,
        *,
        ok: bool,
        interval_s: float,
        error: str | None = None,
        now: datetime | None = None,
    ) -> None:
        """Record a source's run and when it is next due."""
        now = now or utcnow()
        if ok:
            self.conn.execute(
                """UPDATE sources SET last_run=?, last_success=?, consecutive_failures=0,
                   interval_s=?, next_due=? WHERE id=?""",
                (iso(now), iso(now), interval_s, iso(now + timedelta(seconds=interval_s)), source_id),
            )
            if error:  # read, but with a problem worth seeing (a feed recovered from broken XML)
                self.conn.execute("UPDATE sources SET last_error=?, last_error_at=? WHERE id=?",
                                  (error, iso(now), source_id))
        else:
            self.conn.execute(
                """UPDATE sources SET last_run=?, last_error=?, last_error_at=?,
                   consecutive_failures=consecutive_failures+1, interval_s=?, next_due=? WHERE id=?""",
                (iso(now), error, iso(now), interval_s, iso(now + timedelta(seconds=interval_s)), source_id),
            )

    def source_health(self, now: datetime | None = None, days: int = 7) -> list[dict[str, Any]]:
        """Per-source health for `kabarchy status` and the digest: last success and error,
        articles stored per day over the last `days`, failing endpoints, articles waiting."""
        now = now or utcnow()
        since = iso(now - timedelta(days=days))
        per_day = {
            r[0]: r[1]
            for r in self.conn.execute(
                """SELECT source_id, COUNT(*) FROM articles WHERE discovered_at >= ?
                     AND stage IN ('extracted','analysed') AND duplicate_of IS NULL GROUP BY source_id""",
                (since,),
            )
        }
        waiting = {
            r[0]: r[1]
            for r in self.conn.execute(
                "SELECT source_id, COUNT(*) FROM articles WHERE stage IN ('discovered','fetched') GROUP BY source_id")
        }
        failed = {
            r[0]: r[1]
            for r in self.conn.execute("SELECT source_id, COUNT(*) FROM articles WHERE stage='failed' GROUP BY source_id")
        }
        total = {
            r[0]: r[1]
            for r in self.conn.execute(
                """SELECT source_id, COUNT(*) FROM articles WHERE stage IN ('extracted','analysed')
                     AND duplicate_of IS NULL GROUP BY source_id""")
        }
        bad_endpoints: dict[str, list[str]] = {}
        for r in self.conn.execute("SELECT source_id, url, last_error FROM endpoints WHERE failures > 0"):
            bad_endpoints.setdefault(r[0], []).append(f"{r[1]}: {r[2]}")
        out = []
        for r in self.conn.execute("SELECT * FROM sources ORDER BY id"):
            sid = r["id"]
            out.append({
                "id": sid, "name": r["name"], "kind": r["kind"],
                "last_success": r["last_success"], "last_error": r["last_error"],
                "last_error_at": r["last_error_at"], "consecutive_failures": r["consecutive_failures"],
                "next_due": r["next_due"], "interval_minutes": round(r["interval_s"] / 60, 1),
                "articles": total.get(sid, 0),
                "articles_per_day": round(per_day.get(sid, 0) / days, 2),
                "waiting": waiting.get(sid, 0), "failed": failed.get(sid, 0),
                "failing_endpoints": bad_endpoints.get(sid, []),
            })
        return out

    # ---------------------------------------------------------------- endpoints
    def endpoint(self, url: str) -> sqlite3.Row | None:
        return self.conn.execute("SELECT * FROM endpoints WHERE url=?", (url,)).fetchone()

    def record_endpoint(
        self,
        url: str,
        source_id: str,
        kind: str,
        *,
        status: int | None,
        etag: str | None = None,
        last_modified: str | None = None,
        error: str | None = None,
        now: datetime | None = None,
    ) -> None:
        """Remember a feed/sitemap/listing fetch: validators on success, failures otherwise."""
        now = now or utcnow()
        ok = error is None
        self.conn.execute(
            """INSERT INTO endpoints(url, source_id, kind, etag, last_modified, last_status,
                                     last_fetch, last_success, last_error, failures, next_retry)
               VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, NULL)
               ON CONFLICT(url) DO UPDATE SET
                 source_id=excluded.source_id, kind=excluded.kind,
                 etag=CASE WHEN ? THEN COALESCE(excluded.etag, endpoints.etag) ELSE endpoints.etag END,
                 last_modified=CASE WHEN ? THEN COALESCE(excluded.last_modified, endpoints.last_modified)
                                    ELSE endpoints.last_modified END,
                 last_status=excluded.last_status, last_fetch=excluded.last_fetch,
                 last_success=COALESCE(excluded.last_success, endpoints.last_success),
                 last_error=excluded.last_error,
                 failures=CASE WHEN ? THEN 0 ELSE endpoints.failures + 1 END""",
            (
                url, source_id, kind, etag, last_modified, status, iso(now),
                iso(now) if ok else None, error, 0 if ok else 1,
                ok, ok, ok,
            ),
        )

    # ----------------------------------------------------------------- articles
    def discover(self, article_id: str, entry: FeedEntry, now: datetime | None = None) -> bool:
        """Record a new lead. Returns True when the article was not known before."""
        now = now or utcnow()
        cur = self.conn.execute(
            """INSERT INTO articles(id, source_id, url, stage, entry_json, title, discovered_at,
                                    updated_at)
               VALUES (?, ?, ?, 'discovered', ?, ?, ?, ?)
               ON CONFLICT(id) DO NOTHING""",
            (article_id, entry.source_id, entry.url, _entry_to_json(entry), entry.title, iso(now), iso(now)),
        )
        return cur.rowcount == 1

    def discover_many(self, leads: Sequence[tuple[str, FeedEntry]], now: datetime | None = None) -> int:
        """Record many leads in one transaction (a feed's worth); return how many were new."""
        with transaction(self.conn):
            return sum(self.discover(aid, entry, now) for aid, entry in leads)

    def known_ids(self, article_ids: Sequence[str]) -> set[str]:
        """Which of these article ids the store already has (to cap a poll by its new links)."""
        known: set[str] = set()
        for i in range(0, len(article_ids), 500):
            chunk = list(article_ids[i:i + 500])
            marks = ",".join("?" * len(chunk))
            known.update(r[0] for r in self.conn.execute(f"SELECT id FROM articles WHERE id IN ({marks})", chunk))
        return known

    def article_row(self, article_id: str) -> sqlite3.Row | None:
        return self.conn.execute("SELECT * FROM articles WHERE id=?", (article_id,)).fetchone()

    def pending(self, stage: str, source_id: str | None = None, now: datetime | None = None,
                limit: int = 10_000) -> list[sqlite3.Row]:
        """Articles waiting at `stage` whose retry time (if any) has come, oldest lead first.

        A marked duplicate is kept for the record but never processed further.
        """
        return list(self.conn.execute(*self._pending_query("*", stage, source_id, now, limit)))

    def pending_ids(self, stage: str, now: datetime | None = None) -> list[str]:
        """The ids `pending` would give, all of them, without reading the articles' texts."""
        return [r[0] for r in self.conn.execute(*self._pending_query("id", stage, None, now, -1))]

    @staticmethod
    def _pending_query(columns: str, stage: str, source_id: str | None, now: datetime | None,
                       limit: int) -> tuple[str, list[Any]]:
        sql = (f"SELECT {columns} FROM articles WHERE stage=? AND duplicate_of IS NULL"
               " AND (next_retry IS NULL OR next_retry <= ?)")
        args: list[Any] = [stage, iso(now or utcnow())]
        if source_id is not None:
            sql += " AND source_id=?"
            args.append(source_id)
        sql += " ORDER BY discovered_at, id LIMIT ?"  # LIMIT -1: no limit
        args.append(limit)
        return sql, args

    def save_fetch(self, article_id: str, fetch: FetchResult, warc_file: str | None,
                   warc_offset: int | None) -> None:
        self.conn.execute(
            """UPDATE articles SET final_url=?, http_status=?, encoding=?, warc_file=?, warc_offset=?,
                 fetched_at=?, updated_at=?, stage=CASE WHEN stage='discovered' THEN 'fetched' ELSE stage END
               WHERE id=?""",
            (fetch.final_url, fetch.status, fetch.encoding, warc_file, warc_offset,
             iso(fetch.fetched_at), iso(utcnow()), article_id),
        )

    def save_extracted(self, article_id: str, art: ExtractedArticle, title_key: str,
                       duplicate_of: str | None = None) -> None:
        """Store the extracted article; a duplicate is kept but marked, never re-processed."""
        published_utc = iso(art.published.astimezone(timezone.utc)) if art.published else None
        self.conn.execute(
            """UPDATE articles SET title=?, title_key=?, text=?, lead=?, author=?, published=?,
                 published_utc=?, site_name=?, categories_json=?, tags_json=?, language=?,
                 content_hash=?, extraction_method=?, duplicate_of=?, stage='extracted',
                 attempts=0, next_retry=NULL, last_error=NULL, updated_at=?
               WHERE id=?""",
            (art.title, title_key, art.text, art.lead, art.author, iso(art.published), published_utc,
             art.site_name, json.dumps(list(art.categories), ensure_ascii=False),
             json.dumps(list(art.tags), ensure_ascii=False), art.language, art.content_hash,
             art.method, duplicate_of, iso(utcnow()), article_id),
        )

    def find_title_duplicate(self, source_id: str, title_key: str, published: datetime | None,
                             exclude_id: str, window: timedelta = timedelta(days=7)) -> str | None:
        """Another article of the same source with the same title within the window."""
        if not title_key:
            return None
        ref = published or utcnow()
        lo = iso((ref - window).astimezone(timezone.utc))
        hi = iso((ref + window).astimezone(timezone.utc))
        row = self.conn.execute(
            """SELECT id FROM articles WHERE source_id=? AND title_key=? AND id<>?
                 AND duplicate_of IS NULL AND stage IN ('extracted','analysed')
                 AND COALESCE(published_utc, discovered_at) BETWEEN ? AND ?
               ORDER BY discovered_at LIMIT 1""",
            (source_id, title_key, exclude_id, lo, hi),
        ).fetchone()
        return row[0] if row else None

    def find_content_duplicate(self, source_id: str, content_hash: str, exclude_id: str) -> str | None:
        """An earlier article of the same source with exactly the same text (URL variants).

        Copies across sources are kept: who republished what is itself news to a monitor.
        """
        row = self.conn.execute(
            """SELECT id FROM articles WHERE source_id=? AND content_hash=? AND id<>?
                 AND duplicate_of IS NULL AND stage IN ('extracted','analysed')
               ORDER BY discovered_at, id LIMIT 1""",
            (source_id, content_hash, exclude_id),
        ).fetchone()
        return row[0] if row else None

    def iter_articles(self, since: datetime | None = None, stages: Iterable[str] = INDEXABLE_STAGES,
                      include_duplicates: bool = False) -> Iterator[sqlite3.Row]:
        """Stored articles in publication order, for export, analysis and indexing."""
        stages = tuple(stages)
        sql = f"SELECT * FROM articles WHERE stage IN ({','.join('?' * len(stages))})"
        args: list[Any] = list(stages)
        if not include_duplicates:
            sql += " AND duplicate_of IS NULL"
        if since is not None:
            sql += " AND COALESCE(published_utc, discovered_at) >= ?"
            args.append(iso(since.astimezone(timezone.utc)))
        sql += " ORDER BY COALESCE(published_utc, discovered_at), id"
        yield from self.conn.execute(sql, args)

    def count_by_stage(self) -> dict[str, int]:
        return {r[0]: r[1] for r in self.conn.execute("SELECT stage, COUNT(*) FROM articles GROUP BY stage")}
