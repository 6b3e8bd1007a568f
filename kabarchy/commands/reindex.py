"""`kabarchy reindex`: rebuild the search index from the store into a new version, then swap.

Searches keep answering from the old version until the swap. Articles queued meanwhile stay in
the outbox and are delivered by the next `kabarchy index` or run.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Iterator

from indexes.base import DocumentBatch, IndexUnavailable
from indexes.documents import build_documents
from indexes.store_reads import indexable_ids, indexed_ids
from kabarchy.backends import make_index
from kabarchy.settings import Settings
from pipeline.store import Store

NAME = "reindex"
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
        except IndexUnavailable as exc:
            print(f"kabarchy reindex: {exc}", file=sys.stderr)
            return 1
        try:
            index.open()
            count = index.rebuild(_batches(store, list(indexable_ids(store)), max(1, args.batch), built))
        except IndexUnavailable as exc:
            print(f"kabarchy reindex: {exc}", file=sys.stderr)
            return 1
        finally:
            index.close()
        stale = indexed_ids(store, index.name) - built
        store.ack_indexed(index.name, [(a, "upsert", "") for a in sorted(built)] +
                          [(a, "delete", "") for a in sorted(stale)])
    print(f"reindexed {count} articles into {index.name} in {time.perf_counter() - started:.1f}s")
    return 0
