"""`kabarchy stories`: a day's (or a range's) stories, ranked by how many outlets carried them.
Printed through the shared output: on a terminal each story is a block with its full id on a
line of its own; TSV (for pipes), CSV, JSON lines (`--json`) or one JSON document otherwise."""

from __future__ import annotations

import argparse
import sys
from datetime import date

from rich.console import Console
from rich.markup import escape

from indexes.dates import bishkek_day
from indexes.fields import STORY_FIELDS, story_record
from indexes.stories import StorySummary, top_stories
from kabarchy.commands.output import add_format_arguments, chosen_format, day_arg, emit
from kabarchy.settings import Settings
from pipeline.store import Store
from pipeline.store.db import utcnow

NAME = "stories"
READS_STORE = True
HELP = "A day's stories: one event, every outlet, both languages, most outlets first."


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--date", type=day_arg, metavar="D", help="one Bishkek day YYYY-MM-DD (default: today)")
    parser.add_argument("--from", dest="date_from", type=day_arg, metavar="D", help="first day of a range")
    parser.add_argument("--to", dest="date_to", type=day_arg, metavar="D", help="last day, inclusive")
    parser.add_argument("--lang", choices=["ru", "ky"], help="only stories told in this language")
    parser.add_argument("--min-outlets", type=int, default=1, metavar="N", help="only stories carried by N outlets or more")
    parser.add_argument("--limit", type=int, default=50, help="stories to show (default 50)")
    add_format_arguments(parser, paging=False)


def _range(args: argparse.Namespace) -> tuple[date, date] | str:
    if args.date and (args.date_from or args.date_to):
        return "give --date or --from/--to, not both"
    if args.date:
        return args.date, args.date
    if args.date_from or args.date_to:
        first = args.date_from or args.date_to
        last = args.date_to or args.date_from
        return (first, last) if first <= last else "--from is after --to"
    today = bishkek_day(utcnow())
    return today, today


def run(args: argparse.Namespace, settings: Settings) -> int:
    span = _range(args)
    if isinstance(span, str):
        print(f"kabarchy stories: {span}", file=sys.stderr)
        return 2
    if args.min_outlets < 1 or args.limit < 1:
        print("kabarchy stories: --min-outlets and --limit must be at least 1", file=sys.stderr)
        return 2
    with Store.open(settings.store_path) as store:
        found = top_stories(store, span[0], span[1], language=args.lang, min_outlets=args.min_outlets,
                            limit=args.limit)
    fmt = chosen_format(args)
    if fmt == "table":
        days = span[0].isoformat() if span[0] == span[1] else f"{span[0]} … {span[1]}"
        Console().print(f"[bold]{len(found)} stories, {days}[/]\n", highlight=False, soft_wrap=True)
    records = [story_record(s) for s in found]
    story_of = {id(r): s for r, s in zip(records, found, strict=True)}  # emit hands the card the record it prints
    emit(records, STORY_FIELDS, fmt, page=None, noun="stories",
         card=lambda r: _card(story_of[id(r)], args.lang or "ru"))
    return 0


def _card(s: StorySummary, lang: str) -> list[str]:
    """A story for a person: outlets and articles, languages and first publisher; its headline
    (and the other language's); the outlets; the full story id last, never cut."""
    others = [escape(h) for h in s.headlines.values() if h and h != s.headline(lang)]
    return [f"[bold]{len(s.outlets)} outlets, {s.articles} articles[/]  {', '.join(s.languages)}  "
            f"first: {escape(s.first_publisher)}",
            escape(s.headline(lang)), *(f"[dim]{h}[/]" for h in others),
            f"[dim]{escape(', '.join(s.outlets))}[/]", f"story {s.id}"]
