"""`kabarchy export`: stored articles with their entities and statements, as JSON Lines or CSV
(field names from `indexes.fields`, the same as every other command's JSON)."""

from __future__ import annotations

import argparse
import csv
import json
import sys
from datetime import datetime, time, timezone
from typing import TextIO

from indexes.changes import revision_state
from indexes.fields import ARTICLE_FIELDS, article_record
from kabarchy.commands.output import cell, day_arg
from kabarchy.settings import Settings
from pipeline.store import Store

NAME = "export"
READS_STORE = True
HELP = "Write stored articles as JSON Lines or CSV (with entities and statements)."


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--format", choices=["jsonl", "csv"], default="jsonl",
                        help="jsonl (default): one JSON object per line; csv: one row per article, "
                             "entities and statements as JSON in their cells")
    parser.add_argument("--since", type=day_arg, metavar="D",
                        help="only articles published on or after day D (YYYY-MM-DD or DD.MM.YYYY)")
    parser.add_argument("--output", "-o", help="file to write (default: standard output)")


def run(args: argparse.Namespace, settings: Settings) -> int:
    since = datetime.combine(args.since, time.min, tzinfo=timezone.utc) if args.since else None
    with Store.open(settings.store_path) as store:
        if args.output:
            with open(args.output, "w", encoding="utf-8", newline="") as out:
                n = export(store, out, since, args.format)
            print(f"exported {n} articles to {args.output}", file=sys.stderr)
        else:
            export(store, sys.stdout, since, args.format)
    return 0


def export(store: Store, out: TextIO, since: datetime | None = None, fmt: str = "jsonl") -> int:
    writer = csv.writer(out, lineterminator="\n") if fmt == "csv" else None
    if writer:
        writer.writerow(ARTICLE_FIELDS)
    n = 0
    for row in store.iter_articles(since=since):
        record = article_record(row, store.mentions(row["id"]), store.statements(row["id"]),
                                story_id=store.story_ids_of([row["id"]]).get(row["id"]),
                                revision=revision_state(store, [row["id"]]).get(row["id"], (1, "live")))
        if writer:
            writer.writerow([cell(record[f]) if f in ("entities", "statements") else record[f] or ""
                             for f in ARTICLE_FIELDS])
        else:
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
        n += 1
    return n
