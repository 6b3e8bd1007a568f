"""`kabarchy article ID`: one stored article — where it is from, its text, entities and
statements (a unique prefix of the id is enough)."""

from __future__ import annotations

import argparse
import json
import sys

from rich.console import Console
from rich.markup import escape

from indexes.changes import revision_state
from indexes.fields import article_record
from kabarchy.commands.render import bishkek_date
from kabarchy.settings import Settings
from pipeline.store import Store

NAME = "article"
READS_STORE = True
HELP = "Show one stored article: source, URL, text, entities and statements."


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("id", help="the article id (as search, statements and export print it), or a unique prefix")
    parser.add_argument("--json", action="store_true", help="one JSON object (the export's fields)")
    parser.add_argument("--history", action="store_true",
                        help="what changed after publication: every version with its word diff, and takedowns")


def run(args: argparse.Namespace, settings: Settings) -> int:
    with Store.open(settings.store_path) as store:
        wanted = args.id.strip()
        matches = [r[0] for r in store.conn.execute(
            "SELECT id FROM articles WHERE id >= ? AND id < ? ORDER BY id LIMIT 6", (wanted, wanted + "\uffff"))]
        if wanted in matches:
            matches = [wanted]
        if len(matches) != 1:
            hint = f"; it starts {len(matches)} ids: {', '.join(matches[:5])}" if matches else ""
            print(f"kabarchy article: no single stored article with id {wanted!r}{hint}", file=sys.stderr)
            return 2
        if args.history:
            from kabarchy.commands.changes import print_history

            return print_history(store, matches[0], args.json)
        row = store.article_row(matches[0])
        assert row is not None
        record = article_record(row, store.mentions(row["id"]), store.statements(row["id"]),
                                story_id=store.story_ids_of([row["id"]]).get(row["id"]),
                                revision=revision_state(store, [row["id"]]).get(row["id"], (1, "live")))
    record["stage"] = row["stage"]
    if args.json:
        print(json.dumps(record, ensure_ascii=False, indent=2))
        return 0
    console = Console()
    console.print(f"[bold]{escape(record['title'] or '(no title)')}[/]")
    console.print(f"[dim]{bishkek_date(record['published'])}  {escape(record['source'])}  {record['language']}  "
                  f"{record['id']}  stage: {record['stage']}[/]")
    console.print(record["url"], soft_wrap=True, markup=False, highlight=False)
    console.print()
    console.print(record["text"] or record["lead"] or "(no text)", markup=False, highlight=False)
    if record["entities"]:
        console.print(f"\n[bold]entities ({len(record['entities'])})[/]")
        seen: dict[str, str] = {}
        for e in record["entities"]:
            seen.setdefault(e["entity_id"], f"{e['type']:<12} {e['entity_id']}  {e['name']}")
        for line in seen.values():
            console.print("  " + line, markup=False, highlight=False)
    if record["statements"]:
        console.print(f"\n[bold]statements ({len(record['statements'])})[/]")
        for s in record["statements"]:
            post = f", {s['speaker_post']}" if s["speaker_post"] else ""
            console.print(f"  {s['speaker_surface']}{post} [{s['speaker_id'] or 'unresolved'}] {s['cue']}: «{s['text']}»",
                          markup=False, highlight=False)
    return 0
