"""The store's index outbox: which articles each search index must (re)write or delete, and what
it has acknowledged.

Kept apart from `Store` (a mixin on the same connection, like `StoryRecords`) because it is the
indexes' side of the store: the outbox and index-state tables, which articles an index should
hold, and the batched article reads its documents are built from. The store stays the system
of record; an index only catches up with it.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Iterator, Sequence
from datetime import datetime

from pipeline.store.db import iso, transaction, utcnow

INDEXABLE_STAGES = ("extracted", "analysed")  # what a search index holds (duplicates excepted)


class OutboxRecords:
    """Index-outbox methods of `Store`."""

    conn: sqlite3.Connection

    def enqueue_index(self, backend: str, article_ids: Iterable[str], op: str = "upsert") -> None:
        now = iso(utcnow())
        with transaction(self.conn):
            self.conn.executemany(
                """INSERT INTO index_outbox(backend, article_id, op, queued_at) VALUES (?,?,?,?)
                   ON CONFLICT(backend, article_id) DO UPDATE SET op=excluded.op,
                     queued_at=excluded.queued_at, attempts=0, last_error=NULL""",
                [(backend, a, op, now) for a in article_ids],
            )

    def outbox(self, backend: str, limit: int = 500, after: tuple[str, str] | None = None) -> list[sqlite3.Row]:
        """The outbox in (queued_at, article_id) order, after a key: one pass never reads a row twice."""
        if after is None:
            return list(self.conn.execute(
                "SELECT * FROM index_outbox WHERE backend=? ORDER BY queued_at, article_id LIMIT ?",
                (backend, limit)))
        return list(self.conn.execute(
            """SELECT * FROM index_outbox WHERE backend=? AND (queued_at, article_id) > (?, ?)
               ORDER BY queued_at, article_id LIMIT ?""",
            (backend, after[0], after[1], limit)))

    def indexable_ids(self) -> Iterator[str]:
        """Every stored article an index should hold: extracted or analysed, not a duplicate."""
        rows = self.conn.execute(
            f"SELECT id FROM articles WHERE stage IN ({','.join('?' * len(INDEXABLE_STAGES))}) "
            "AND duplicate_of IS NULL ORDER BY id",
            INDEXABLE_STAGES,
        )
        for (article_id,) in rows:
            yield article_id

    def indexed_ids(self, backend: str) -> set[str]:
        """Article ids the backend has acknowledged (the store's view)."""
        return {r[0] for r in self.conn.execute("SELECT article_id FROM index_state WHERE backend=?", (backend,))}

    def queued_ids(self, backend: str) -> set[str]:
        """Article ids waiting in the backend's outbox."""
        return {r[0] for r in self.conn.execute("SELECT article_id FROM index_outbox WHERE backend=?", (backend,))}

    def article_rows(self, article_ids: Sequence[str]) -> dict[str, sqlite3.Row]:
        """Articles (with their source's name and kind) by id; missing ids are left out."""
        out: dict[str, sqlite3.Row] = {}
        for i in range(0, len(article_ids), 500):
            chunk = list(article_ids[i:i + 500])
            rows = self.conn.execute(
                f"""SELECT a.*, s.name AS source_name, s.kind AS source_kind FROM articles a
                    LEFT JOIN sources s ON s.id = a.source_id WHERE a.id IN ({','.join('?' * len(chunk))})""",
                chunk,
            )
            out.update((r["id"], r) for r in rows)
        return out

    def outbox_size(self, backend: str) -> int:
        return self.conn.execute("SELECT COUNT(*) FROM index_outbox WHERE backend=?", (backend,)).fetchone()[0]

    def ack_indexed(self, backend: str, acked: Sequence[tuple[str, str, str]]) -> None:
        """Mark (article_id, op, queued_at) as acknowledged by the index.

        An outbox row re-queued after it was read (queued_at changed) stays for the next round.
        """
        now = iso(utcnow())
        with transaction(self.conn):
            for article_id, op, queued_at in acked:
                self.conn.execute(
                    "DELETE FROM index_outbox WHERE backend=? AND article_id=? AND queued_at=?",
                    (backend, article_id, queued_at),
                )
                if op == "delete":
                    self.conn.execute("DELETE FROM index_state WHERE backend=? AND article_id=?",
                                      (backend, article_id))
                else:
                    self.conn.execute(
                        "INSERT INTO index_state(backend, article_id, indexed_at) VALUES (?,?,?) "
                        "ON CONFLICT(backend, article_id) DO UPDATE SET indexed_at=excluded.indexed_at",
                        (backend, article_id, now),
                    )

    def outbox_failed(self, backend: str, article_ids: Sequence[str], error: str) -> None:
        self.conn.executemany(
            "UPDATE index_outbox SET attempts=attempts+1, last_error=? WHERE backend=? AND article_id=?",
            [(error[:2000], backend, a) for a in article_ids],
        )

    def acknowledged_since(self, backend: str, since: datetime) -> list[str]:
        """Articles the backend acknowledged at or after `since` (written during a rebuild)."""
        return [r[0] for r in self.conn.execute(
            "SELECT article_id FROM index_state WHERE backend=? AND indexed_at >= ? ORDER BY article_id",
            (backend, iso(since)))]

    def indexed_count(self, backend: str) -> int:
        return self.conn.execute("SELECT COUNT(*) FROM index_state WHERE backend=?", (backend,)).fetchone()[0]
