"""`kabarchy reindex`: rebuild the search index from the store into a new version, then swap.

Searches keep answering from the old version until the swap. Whatever a concurrent run wrote to
the old version meanwhile is queued again after the swap, so the next `kabarchy index` or run
delivers it to the new one.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Iterator

from indexes.base import DocumentBatch, IndexError_
from indexes.documents import build_documents
from kabarchy.backends import make_index
from kabarchy.settings import Settings
from pipeline.store import Store
from pipeline.store.db import utcnow

NAME = "reindex"
READS_STORE = True
HELP = "Rebuild the search index from the store (atomic swap; searches keep working)."


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--batch", type=int, default=500, help="articles per batch (default 500)")


def _batches(store: Store, ids: list[str], size: int, built: set[str]) -> Iterator[DocumentBatch]:
    for i in range(0, len(ids), size):
        docs = build_documents(store, ids[i:i + size])
        built.update(a.id for a in docs.articles)
        yield docs.articles, docs.statements


def run(args: argparse.Namespace, settings: Settings) -> int:
    started = time.perf_counter()
    with Store.open(settings.store_path) as store:
        built: set[str] = set()
        try:
            index = make_index(settings)
        except IndexError_ as exc:
            print(f"kabarchy reindex: {exc}", file=sys.stderr)
            return 1
        since = utcnow()
        try:
            index.open()
            count = index.rebuild(_batches(store, list(store.indexable_ids()), max(1, args.batch), built))
        except IndexError_ as exc:  # the live version is untouched
            print(f"kabarchy reindex: {exc}", file=sys.stderr)
            return 1
        finally:
            index.close()
        written_meanwhile = store.acknowledged_since(index.name, since)
        stale = store.indexed_ids(index.name) - built
        store.ack_indexed(index.name, [(a, "upsert", "") for a in sorted(built)] +
                          [(a, "delete", "") for a in sorted(stale)])
        store.enqueue_index(index.name, written_meanwhile)
    print(f"reindexed {count} articles into {index.name} in {time.perf_counter() - started:.1f}s")
    return 0
