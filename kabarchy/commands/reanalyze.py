"""`kabarchy reanalyze`: run the analysis again over every stored article (after the registry
or the analysis changed). Idempotent: an article's mentions and statements are replaced."""

from __future__ import annotations

import argparse
import sys

from kabarchy.settings import Settings

NAME = "reanalyze"
READS_STORE = True
HELP = "Re-run entity and statement analysis over all stored articles."


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--workers", type=int, help="processes (default: run.workers)")
    parser.add_argument("--stale", action="store_true",
                        help="only articles analysed by another analyzer version or registry (an update's catch-up)")


def run(args: argparse.Namespace, settings: Settings) -> int:
    from pipeline.analysis.registry import RegistryError
    from pipeline.analysis.stage import analyze_pending
    from pipeline.store.store import Store

    workers = args.workers or settings.run_workers
    with Store.open(settings.store_path) as store:
        try:
            count = analyze_pending(store, settings.entities, workers, reanalyze=True, stale_only=args.stale)
        except (OSError, RegistryError) as exc:
            print(f"kabarchy reanalyze: cannot load the entity registry {settings.entities}: {exc}", file=sys.stderr)
            return 2
        failed = store.count_by_stage().get("failed", 0)
    print(f"re-analysed {count} article(s); {failed} article(s) in stage 'failed'")
    return 0
