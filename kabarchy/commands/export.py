"""`kabarchy export`: stored articles with their entities and statements, one JSON object a line."""

from __future__ import annotations

import argparse
import json
import sys
from datetime import date, datetime, time, timezone
from typing import Any, TextIO

from kabarchy.settings import Settings
from pipeline.store import Store

NAME = "export"
HELP = "Write stored articles as JSON lines (with entities and statements)."


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--format", choices=["jsonl"], default="jsonl", help="output format (jsonl)")
    parser.add_argument("--since", type=date.fromisoformat, help="only articles published on or after DATE (YYYY-MM-DD)")
    parser.add_argument("--output", "-o", help="file to write (default: standard output)")


def run(args: argparse.Namespace, settings: Settings) -> int:
    since = datetime.combine(args.since, time.min, tzinfo=timezone.utc) if args.since else None
    with Store.open(settings.store_path) as store:
        if args.output:
            with open(args.output, "w", encoding="utf-8") as out:
                n = export(store, out, since)
            print(f"exported {n} articles to {args.output}", file=sys.stderr)
        else:
            export(store, sys.stdout, since)
    return 0


def export(store: Store, out: TextIO, since: datetime | None = None) -> int:
    n = 0
    for row in store.iter_articles(since=since):
        out.write(json.dumps(article_record(store, row), ensure_ascii=False) + "\n")
        n += 1
    return n


def article_record(store: Store, row: Any) -> dict[str, Any]:
    return {
        "id": row["id"],
        "url": row["final_url"] or row["url"],
        "source": row["source_id"],
        "title": row["title"],
        "text": row["text"],
        "lead": row["lead"],
        "author": row["author"],
        "published": row["published"],
        "language": row["language"],
        "story_id": store.story_ids_of([row["id"]]).get(row["id"]),
        "entities": [
            {"id": m.entity_id, "type": m.entity_type, "name": m.name, "surface": m.surface,
             "start": m.start, "end": m.end}
            for m in store.mentions(row["id"])
        ],
        "statements": [
            {"speaker_id": s.speaker_id, "speaker_surface": s.speaker_surface, "speaker_post": s.speaker_post,
             "text": s.text, "kind": s.kind, "cue": s.cue, "start": s.start, "end": s.end}
            for s in store.statements(row["id"])
        ],
    }
