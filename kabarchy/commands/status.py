"""`kabarchy status`: per-source health (last success, last error, articles per day)."""

from __future__ import annotations

import argparse
import json

from rich.console import Console
from rich.table import Table

from kabarchy.settings import Settings
from kabarchy.digests import digest_status, show_digest_status
from pipeline.store import Store

NAME = "status"
HELP = "Show each source's health: last success, last error, articles per day."


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--json", action="store_true", help="one JSON document instead of a table")
    parser.add_argument("--days", type=int, default=7, help="window for articles per day (default 7)")


def run(args: argparse.Namespace, settings: Settings) -> int:
    with Store.open(settings.store_path) as store:
        health = store.source_health(days=args.days)
        stages = store.count_by_stage()
        outbox = store.outbox_size(settings.index_backend)
        digests = digest_status(store)
    if args.json:
        print(json.dumps({"sources": health, "articles_by_stage": stages,
                          "index_outbox": {settings.index_backend: outbox}, "digests": digests},
                         ensure_ascii=False, indent=2))
        return 0
    table = Table(title=f"Kabarchy sources ({settings.store_path})")
    for col in ("source", "kind", "articles", "per day", "waiting", "failed", "last success", "last error"):
        table.add_column(col)
    for h in health:
        table.add_row(h["id"], h["kind"], str(h["articles"]), str(h["articles_per_day"]), str(h["waiting"]),
                      str(h["failed"]), (h["last_success"] or "never")[:19],
                      ((h["last_error_at"] or "")[:19] + " " + (h["last_error"] or ""))[:80])
    console = Console()
    console.print(table)
    console.print("articles by stage: " + ", ".join(f"{k} {v}" for k, v in sorted(stages.items())))
    console.print(f"index outbox ({settings.index_backend}): {outbox} waiting")
    show_digest_status(console, digests)
    return 0
