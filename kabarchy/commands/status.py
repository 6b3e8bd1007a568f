"""`kabarchy status`: per-source health (last success, last error, articles per day)."""

from __future__ import annotations

import argparse
import json
import sys

from rich.console import Console
from rich.table import Table

from kabarchy.commands.output import emit
from kabarchy.settings import Settings
from kabarchy.digests import digest_status, show_digest_status
from pipeline.store import Store

STATUS_FIELDS = ("id", "kind", "articles", "articles_per_day", "waiting", "failed", "last_success", "last_error_at",
                 "last_error", "next_due")
NAME = "status"
READS_STORE = True
HELP = "Show each source's health: last success, last error, articles per day."


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--json", action="store_true", help="one JSON document instead of a table")
    parser.add_argument("--days", type=int, default=7, help="window for articles per day (default 7)")


def registry_problem(settings: Settings) -> str | None:
    """Why the entity registry does not load (each broken record with its line), or None."""
    from kabarchy.flow import AnalysisWorkers, RegistryBroken

    try:
        AnalysisWorkers(settings.entities, 1).check_registry()
    except RegistryBroken as exc:
        return str(exc)
    return None


def run(args: argparse.Namespace, settings: Settings) -> int:
    with Store.open(settings.store_path) as store:
        health = store.source_health(days=args.days)
        stages = store.count_by_stage()
        outbox = store.outbox_size(settings.index_backend)
        digests = digest_status(store)
    registry = registry_problem(settings)
    if args.json:
        print(json.dumps({"sources": health, "articles_by_stage": stages,
                          "index_outbox": {settings.index_backend: outbox},
                          "registry_error": registry, "digests": digests}, ensure_ascii=False, indent=2))
        return 0
    if not sys.stdout.isatty():  # a pipe gets plain TSV, one source per line
        emit(health, STATUS_FIELDS, "tsv", page=None, noun="sources")
        if registry:
            print(f"registry broken: {' | '.join(registry.splitlines())}", file=sys.stderr)
        return 0
    table = Table(title=f"Kabarchy sources ({settings.store_path})")
    table.add_column("source", no_wrap=True)  # ids are never cut
    for col in ("kind", "articles", "per day", "waiting", "failed", "last success", "last error"):
        table.add_column(col)
    for h in health:
        table.add_row(h["id"], h["kind"], str(h["articles"]), str(h["articles_per_day"]), str(h["waiting"]),
                      str(h["failed"]), (h["last_success"] or "never")[:19],
                      ((h["last_error_at"] or "")[:19] + " " + (h["last_error"] or ""))[:80])
    console = Console()
    console.print(table)
    console.print("articles by stage: " + ", ".join(f"{k} {v}" for k, v in sorted(stages.items())))
    console.print(f"index outbox ({settings.index_backend}): {outbox} waiting")
    if registry:
        console.print(f"REGISTRY BROKEN — analysis is stopped until it is fixed "
                      f"({stages.get('extracted', 0)} articles wait):\n{registry}",
                      style="bold red", markup=False, highlight=False)
    show_digest_status(console, digests)
    return 0
