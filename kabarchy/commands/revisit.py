"""`kabarchy revisit`: look at stored articles again now (edits and takedowns), without new fetching."""

from __future__ import annotations

import argparse
import sys

from kabarchy.revisiting import revisit
from kabarchy.settings import Settings
from pipeline.sources import load_sources
from pipeline.store import Store

NAME = "revisit"
READS_STORE = True
HELP = "Fetch due stored articles again now and record edits and takedowns (--all: every article)."


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--all", action="store_true",
                        help="make every stored article due now (a full re-check; still capped per cycle)")


def run(args: argparse.Namespace, settings: Settings) -> int:
    from kabarchy.app import settle

    sources = list(load_sources(settings.sources).sources)
    with Store.open(settings.store_path) as store:
        report = revisit(settings, store, sources, all_due=args.all)
        error = settle(settings, store)
    events = ", ".join(f"{k} {v}" for k, v in sorted(report.events.items())) or "no takedowns or returns"
    print(f"revisited {report.revisited} articles: {report.edits} edited; {events}", file=sys.stderr)
    return 1 if error else 0
