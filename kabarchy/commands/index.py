"""`kabarchy index`: deliver the outbox to the search index and compare store and index."""

from __future__ import annotations

import argparse
import sys

from indexes.base import IndexUnavailable
from indexes.outbox import SyncReport, catch_up, sync_index
from kabarchy.backends import make_index
from kabarchy.settings import Settings
from pipeline.store import Store

NAME = "index"
READS_STORE = True
HELP = "Send queued articles to the search index; --catch-up also finds what it is missing."


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--catch-up", action="store_true",
                        help="compare the index's ids with the store and queue what is missing or extra")
    parser.add_argument("--batch", type=int, default=500, help="articles per index request (default 500)")


def run(args: argparse.Namespace, settings: Settings) -> int:
    with Store.open(settings.store_path) as store:
        try:
            index = make_index(settings)
            index.open()
        except IndexUnavailable as exc:
            print(f"kabarchy index: {exc}; {store.outbox_size(settings.index_backend)} articles wait in the outbox",
                  file=sys.stderr)
            return 1
        try:
            report: SyncReport = (catch_up(store, index, verify=True, batch=args.batch) if args.catch_up
                                  else sync_index(store, index, batch=args.batch))
            try:
                in_index: int | str = index.stats().articles
            except IndexUnavailable:
                in_index = "unavailable"
        finally:
            index.close()
        stored = sum(1 for _ in store.indexable_ids())
        acknowledged = store.indexed_count(index.name)
    print(f"index {index.name}: indexed {report.indexed}, deleted {report.deleted}, failed {report.failed}, "
          f"queued by catch-up {report.enqueued}")
    print(f"store articles {stored} · acknowledged {acknowledged} · in index {in_index} · "
          f"outbox {report.pending}")
    if report.error:
        print(f"kabarchy index: {report.error}", file=sys.stderr)
        return 1
    return 0
