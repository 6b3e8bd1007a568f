"""Reads of the store that the indexes need and `pipeline.store.Store` does not offer yet.

Plain SQL over `store.conn`; each function could move into `Store` unchanged.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator

from pipeline.store.store import Store

INDEXABLE_STAGES = ("extracted", "analysed")


def indexable_ids(store: Store) -> Iterator[str]:
    """Every stored article an index should hold: extracted or analysed, not a duplicate."""
    rows = store.conn.execute(
        f"SELECT id FROM articles WHERE stage IN ({','.join('?' * len(INDEXABLE_STAGES))}) "
        "AND duplicate_of IS NULL ORDER BY id",
        INDEXABLE_STAGES,
    )
    for (article_id,) in rows:
        yield article_id


def indexed_ids(store: Store, backend: str) -> set[str]:
    """Article ids the backend has acknowledged (the store's view)."""
    return {r[0] for r in store.conn.execute("SELECT article_id FROM index_state WHERE backend=?", (backend,))}


def queued_ids(store: Store, backend: str) -> set[str]:
    """Article ids waiting in the backend's outbox."""
    return {r[0] for r in store.conn.execute("SELECT article_id FROM index_outbox WHERE backend=?", (backend,))}


def outbox_after(store: Store, backend: str, after: tuple[str, str] | None, limit: int) -> list[sqlite3.Row]:
    """The outbox in (queued_at, article_id) order after a key: one pass never reads a row twice."""
    if after is None:
        return store.outbox(backend, limit)
    return list(store.conn.execute(
        """SELECT * FROM index_outbox WHERE backend=? AND (queued_at, article_id) > (?, ?)
           ORDER BY queued_at, article_id LIMIT ?""",
        (backend, after[0], after[1], limit)))


def article_rows(store: Store, article_ids: list[str]) -> dict[str, sqlite3.Row]:
    """Articles (with their source's name and kind) by id; missing ids are left out."""
    out: dict[str, sqlite3.Row] = {}
    for i in range(0, len(article_ids), 500):
        chunk = article_ids[i:i + 500]
        rows = store.conn.execute(
            f"""SELECT a.*, s.name AS source_name, s.kind AS source_kind FROM articles a
                LEFT JOIN sources s ON s.id = a.source_id WHERE a.id IN ({','.join('?' * len(chunk))})""",
            chunk,
        )
        out.update((r["id"], r) for r in rows)
    return out
