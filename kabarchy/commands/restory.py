"""`kabarchy restory`: rebuild story memberships (after a change of weights or window), then
bring the index's story ids level. The same articles in the same order give the same stories,
so running it twice changes nothing."""

from __future__ import annotations

import argparse
import sys
from datetime import date

from indexes.dates import day_start_utc
from kabarchy.app import sync_search_index
from kabarchy.settings import Settings
from kabarchy.stories import story_stage
from pipeline.store import Store
from pipeline.stories.stage import restory

NAME = "restory"
READS_STORE = True
HELP = "Rebuild story memberships (all, or from a day on), idempotently."


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--from", dest="date_from", type=date.fromisoformat, metavar="D",
                        help="only articles from this Bishkek day on (default: all)")


def run(args: argparse.Namespace, settings: Settings) -> int:
    since = day_start_utc(args.date_from) if args.date_from else None
    with Store.open(settings.store_path) as store:
        report = restory(store, story_stage(settings), since)
        indexed, error = sync_search_index(settings, store, report.changed)
    kinds = ", ".join(f"{n} {kind}" for kind, n in sorted(report.relations.items())) or "none"
    print(f"re-assigned {report.assigned} article(s) to stories ({kinds}); {report.new_stories} stories founded")
    if error:
        print(f"kabarchy restory: index not updated ({error}); the changes wait in the outbox", file=sys.stderr)
    return 0
