"""The store's failure records: an article's failed attempts with their backoff, and the errors log.

Kept apart from `Store` (a mixin on the same connection, like `StoryRecords`) because retrying
and logging are one concern of their own: how long an article waits after each failure, when it
is given up, and what is written down for `kabarchy status` and the digest to show.
"""

from __future__ import annotations

import sqlite3
from datetime import datetime, timedelta

from pipeline.store.db import iso, transaction, utcnow

MAX_ATTEMPTS = 6  # after this many failures an article stays 'failed' until retried by hand
BASE_BACKOFF_S = 300.0  # 5 min, doubled per attempt: 5, 10, 20, 40, 80 min


def backoff(attempts: int, base_s: float = BASE_BACKOFF_S) -> timedelta:
    return timedelta(seconds=base_s * (2 ** max(0, attempts - 1)))


class FailureRecords:
    """Failure and error-log methods of `Store`."""

    conn: sqlite3.Connection

    def record_failure(self, article_id: str, stage: str, kind: str, message: str,
                       retryable: bool = True, now: datetime | None = None) -> None:
        """Count a failed attempt; back off, or give up after MAX_ATTEMPTS. The error is logged."""
        now = now or utcnow()
        row = self.conn.execute("SELECT attempts, source_id, url FROM articles WHERE id=?",
                                (article_id,)).fetchone()
        attempts = (row["attempts"] if row else 0) + 1
        give_up = not retryable or attempts >= MAX_ATTEMPTS
        with transaction(self.conn):
            self.conn.execute(
                """UPDATE articles SET attempts=?, last_error=?, next_retry=?, updated_at=?,
                     stage=CASE WHEN ? THEN 'failed' ELSE stage END WHERE id=?""",
                (attempts, f"{kind}: {message}", iso(now + backoff(attempts)), iso(now), give_up,
                 article_id),
            )
            self._log_error(now, row["source_id"] if row else None, article_id,
                            row["url"] if row else None, stage, kind, message)

    def log_error(self, stage: str, kind: str, message: str, *, source_id: str | None = None,
                  article_id: str | None = None, url: str | None = None) -> None:
        self._log_error(utcnow(), source_id, article_id, url, stage, kind, message)

    def _log_error(self, now: datetime, source_id: str | None, article_id: str | None,
                   url: str | None, stage: str, kind: str, message: str) -> None:
        self.conn.execute(
            "INSERT INTO errors(at, source_id, article_id, url, stage, kind, message) VALUES (?,?,?,?,?,?,?)",
            (iso(now), source_id, article_id, url, stage, kind, message[:2000]),
        )

    def errors(self, source_id: str | None = None, limit: int = 100) -> list[sqlite3.Row]:
        if source_id is None:
            return list(self.conn.execute("SELECT * FROM errors ORDER BY id DESC LIMIT ?", (limit,)))
        return list(self.conn.execute(
            "SELECT * FROM errors WHERE source_id=? ORDER BY id DESC LIMIT ?", (source_id, limit)))
