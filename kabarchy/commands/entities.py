"""`kabarchy entities NAME | --type T`: find entity ids by any name, case form or Latin spelling."""

from __future__ import annotations

import argparse
import json
import sys
from datetime import date

from rich.console import Console
from rich.markup import escape
from rich.table import Table

from indexes.entities import EntityDirectory, EntityInfo
from kabarchy.entities import build_directory, describe_posts
from kabarchy.settings import Settings
from pipeline.analysis.registry import RegistryError
from pipeline.analysis.registry_file import ENTITY_TYPES
from pipeline.store import Store

NAME = "entities"
HELP = "Find entities (registry and provisional) by any name form; print ids, names and posts."


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("name", nargs="?", default="",
                        help="any name, case form, abbreviation or Latin spelling (ЦИКа, БШКнын, Zhaparov)")
    parser.add_argument("--type", choices=sorted(ENTITY_TYPES), help="only entities of this type")
    parser.add_argument("--on", type=date.fromisoformat, metavar="D",
                        help="tell namesakes apart by who held a post on this day (YYYY-MM-DD)")
    parser.add_argument("--limit", type=int, default=50, help="entities to show (default 50)")
    parser.add_argument("--json", action="store_true", help="one JSON object per entity")


def open_directory(settings: Settings, command: str) -> EntityDirectory | None:
    """The directory with the store's provisional entities (when there is a store), or None
    after a one-line error naming the broken registry records."""
    try:
        if settings.store_path.exists():
            with Store.open(settings.store_path) as store:
                return build_directory(settings, store)
        return build_directory(settings)
    except RegistryError as exc:
        print(f"kabarchy {command}: the entity registry cannot be used:\n{exc}", file=sys.stderr)
        return None


def entity_json(entity: EntityInfo) -> dict[str, object]:
    return {
        "entity_id": entity.id, "type": entity.type, "provisional": entity.provisional,
        "names": entity.names, "aliases": list(entity.aliases),
        "posts": [{"role": p.role, "title": p.title, "org_id": p.org_id,
                   "start": p.start.isoformat() if p.start else None,
                   "end": p.end.isoformat() if p.end else None} for p in entity.posts],
    }


def run(args: argparse.Namespace, settings: Settings) -> int:
    if not args.name and not args.type:
        print("kabarchy entities: give a NAME or --type (e.g. `kabarchy entities ЦИК`, "
              "`kabarchy entities --type party`)", file=sys.stderr)
        return 2
    directory = open_directory(settings, NAME)
    if directory is None:
        return 1
    limit = max(1, args.limit)
    if args.name:
        resolution = directory.resolve(args.name, date_from=args.on, date_to=args.on)
        found = list(resolution.matches) or directory.search(args.name, type=args.type, limit=limit)
        found = [e for e in found if args.type is None or e.type == args.type][:limit]
        if not found:
            near = ", ".join(f"{e.name('ru')} ({e.id})" for e in resolution.suggestions)
            print(f"kabarchy entities: no entity is called {args.name!r}"
                  + (f"; nearest names: {near}" if near else ""), file=sys.stderr)
            return 1
    else:
        found = directory.all(args.type)[:limit]
    if args.json:
        for entity in found:
            print(json.dumps(entity_json(entity), ensure_ascii=False))
        return 0
    table = Table(title=f"{len(found)} entities", show_lines=True)
    for column in ("id", "type", "names", "posts"):
        table.add_column(column, overflow="fold", no_wrap=column == "id")
    for entity in found:
        names = " / ".join(dict.fromkeys(entity.names.values()))
        also = ", ".join(entity.aliases[:6]) + (" …" if len(entity.aliases) > 6 else "")
        kind = ("provisional " if entity.provisional else "") + entity.type
        table.add_row(escape(entity.id), kind, escape(names) + (f"\n[dim]{escape(also)}[/]" if also else ""),
                      escape("\n".join(describe_posts(entity, "ru", args.on, args.on))))
    Console().print(table)
    return 0
