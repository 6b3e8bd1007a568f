"""`kabarchy spikes [--date D] [--type T]`: the entities on the rise on a day, with their top stories."""

from __future__ import annotations

import argparse
import json
import sys
from datetime import datetime

from rich.console import Console
from rich.markup import escape
from rich.table import Table

from indexes.dates import BISHKEK
from indexes.spikes import BASELINE_DAYS, Spike, spikes_on
from kabarchy.commands.entities import open_directory
from kabarchy.commands.render import ask_index
from kabarchy.commands.timeline import day_arg
from kabarchy.settings import Settings

NAME = "spikes"
HELP = "Entities far above their usual attention on a day (robust z-score over the 28 days before)."


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--date", type=day_arg, metavar="D", help="the Bishkek day, YYYY-MM-DD (default: today)")
    parser.add_argument("--type", action="append", default=[], choices=("person", "party", "body", "organisation",
                                                                        "place", "media"),
                        help="only entities of this type (repeatable)")
    parser.add_argument("--limit", type=int, default=20, help="spikes to show (default 20)")
    parser.add_argument("--json", action="store_true", help="one JSON object per spike")


def spike_json(s: Spike) -> str:
    return json.dumps({"entity_id": s.entity_id, "label": s.label, "type": s.type, "day": s.day.isoformat(),
                       "count": s.count, "baseline": s.baseline, "score": s.score,
                       "top_stories": [{"story_id": i, "headline": h, "outlets": n} for i, h, n in s.top_stories]},
                      ensure_ascii=False)


def run(args: argparse.Namespace, settings: Settings) -> int:
    directory = open_directory(settings, NAME)
    if directory is None:
        return 1
    day = args.date or datetime.now(BISHKEK).date()
    found, failed = ask_index(settings, NAME, lambda index: spikes_on(
        index, day, types=tuple(args.type), directory=directory, limit=max(1, args.limit)))
    if found is None:
        return failed
    if args.json:
        for s in found:
            print(spike_json(s))
        return 0
    if not found:
        print(f"No spikes on {day}: no entity was far above its last {BASELINE_DAYS} days.", file=sys.stderr)
        return 0
    table = Table(title=f"On the rise on {day} (Bishkek)", show_lines=True)
    for column in ("entity", "articles", "baseline", "score", "top stories (outlets)"):
        table.add_column(column, overflow="fold")
    for s in found:
        stories = "\n".join(f"{escape(h)} [dim]({n})[/]" for _, h, n in s.top_stories)
        table.add_row(f"{escape(s.label)}\n[dim]{escape(s.entity_id)}[/]", str(s.count), f"{s.baseline:g}",
                      f"{s.score:.1f}", stories)
    Console().print(table)
    return 0
