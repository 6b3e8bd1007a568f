"""Moving the store's outbox into an index. An article counts as indexed only once the index
acknowledged it; an index that is down loses nothing: its rows stay in the outbox with their
attempts and last error, and the next sync (or `catch_up`) delivers them.
"""

from __future__ import annotations

import logging
import sqlite3
from dataclasses import dataclass, field

from pipeline.store.store import Store

from indexes.base import Index, IndexUnavailable
from indexes.documents import build_documents

log = logging.getLogger(__name__)


@dataclass
class SyncReport:
    indexed: int = 0  # upserts acknowledged
    deleted: int = 0  # deletions acknowledged
    failed: int = 0  # outbox rows that failed this time (they stay queued)
    enqueued: int = 0  # rows catch_up added to the outbox
    pending: int = 0  # rows left in the outbox afterwards
    error: str | None = None  # the last error met (an outage stops the sync)
    indexed_ids: set[str] = field(default_factory=set)  # the articles whose upsert was acknowledged


def _deliver(store: Store, index: Index, rows: list[sqlite3.Row], report: SyncReport) -> None:
    """Send one batch of outbox rows; acknowledge what the index took, mark the rest failed."""
    upserts = [r["article_id"] for r in rows if r["op"] != "delete"]
    docs = build_documents(store, upserts)
    gone = set(docs.gone) | {r["article_id"] for r in rows if r["op"] == "delete"}
    acked = set(index.index(docs.articles, docs.statements)) if docs.articles else set()
    removed = set(index.delete(sorted(gone))) if gone else set()
    done, failed = [], []
    for r in rows:
        article_id = r["article_id"]
        if article_id in gone and article_id in removed:
            done.append((article_id, "delete", r["queued_at"]))
        elif article_id not in gone and article_id in acked:
            done.append((article_id, "upsert", r["queued_at"]))
        else:
            failed.append(article_id)
    store.ack_indexed(index.name, done)
    report.indexed += sum(1 for d in done if d[1] == "upsert")
    report.indexed_ids.update(d[0] for d in done if d[1] == "upsert")
    report.deleted += sum(1 for d in done if d[1] == "delete")
    if failed:
        store.outbox_failed(index.name, failed, "not acknowledged by the index")
        report.failed += len(failed)
        report.error = f"{len(failed)} articles not acknowledged by the index"


def sync_index(store: Store, index: Index, *, batch: int = 500) -> SyncReport:
    """Drain the outbox once, in batches. Never raises on an outage: it is recorded instead."""
    report = SyncReport()
    after: tuple[str, str] | None = None
    while rows := store.outbox(index.name, batch, after=after):
        after = (rows[-1]["queued_at"], rows[-1]["article_id"])
        ids = [r["article_id"] for r in rows]
        try:
            _deliver(store, index, rows, report)
        except IndexUnavailable as exc:
            store.outbox_failed(index.name, ids, f"index unavailable: {exc}")
            report.failed += len(ids)
            report.error = f"index unavailable: {exc}"
            log.error("index %s unavailable; %d articles stay in the outbox: %s", index.name, len(ids), exc)
            break
        except Exception as exc:  # a bad batch is recorded against its rows; the next batch goes on
            log.exception("indexing a batch of %d articles failed", len(ids))
            store.outbox_failed(index.name, ids, f"{type(exc).__name__}: {exc}")
            report.failed += len(ids)
            report.error = f"{type(exc).__name__}: {exc}"
    if report.indexed or report.deleted:
        try:
            index.refresh()
        except IndexUnavailable as exc:
            report.error = f"index unavailable: {exc}"
    report.pending = store.outbox_size(index.name)
    return report


def catch_up(store: Store, index: Index, *, verify: bool = False, batch: int = 500) -> SyncReport:
    """Queue every indexable stored article the index has not acknowledged (and deletions of
    what it should no longer hold), then sync. With `verify`, compare against the ids the index
    really holds instead of the store's acknowledgements (after an index was lost or wiped)."""
    stored = set(store.indexable_ids())
    try:
        held = index.ids() if verify else store.indexed_ids(index.name)
    except IndexUnavailable as exc:
        return SyncReport(error=f"index unavailable: {exc}", pending=store.outbox_size(index.name))
    queued = store.queued_ids(index.name)
    missing = sorted(stored - held - queued)
    extra = sorted(held - stored - queued)
    store.enqueue_index(index.name, missing)
    store.enqueue_index(index.name, extra, op="delete")
    report = sync_index(store, index, batch=batch)
    report.enqueued = len(missing) + len(extra)
    return report
