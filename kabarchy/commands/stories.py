"""`kabarchy stories`: a day's (or a range's) stories, ranked by how many outlets carried them."""

from __future__ import annotations

import argparse
import json
import sys
from datetime import date

from rich.markup import escape

from indexes.dates import bishkek_day
from indexes.stories import StorySummary, top_stories
from kabarchy.commands.render import show
from kabarchy.settings import Settings
from pipeline.store import Store
from pipeline.store.db import utcnow

NAME = "stories"
READS_STORE = True
HELP = "A day's stories: one event, every outlet, both languages, most outlets first."


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--date", type=date.fromisoformat, metavar="D", help="one Bishkek day YYYY-MM-DD (default: today)")
    parser.add_argument("--from", dest="date_from", type=date.fromisoformat, metavar="D", help="first day of a range")
    parser.add_argument("--to", dest="date_to", type=date.fromisoformat, metavar="D", help="last day, inclusive")
    parser.add_argument("--lang", choices=["ru", "ky"], help="only stories told in this language")
    parser.add_argument("--min-outlets", type=int, default=1, metavar="N", help="only stories carried by N outlets or more")
    parser.add_argument("--limit", type=int, default=50, help="stories to show (default 50)")
    parser.add_argument("--json", action="store_true", help="one JSON object per story")


def summary_json(s: StorySummary) -> dict[str, object]:
    return {
        "id": s.id, "headlines": s.headlines, "first_article_id": s.first_article_id,
        "first_publisher": s.first_publisher, "first_seen": s.first_seen.isoformat(),
        "last_seen": s.last_seen.isoformat(), "articles": s.articles, "outlets": list(s.outlets),
        "languages": list(s.languages),
    }


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
    days = span[0].isoformat() if span[0] == span[1] else f"{span[0]} … {span[1]}"
    show(found, as_json=args.json, to_json=lambda s: json.dumps(summary_json(s), ensure_ascii=False),
         title=f"{len(found)} stories, {days}", columns=("outlets", "headline", "languages", "first publisher", "story"),
         row=lambda s: _row(s, args.lang or "ru"))
    return 0


def _row(s: StorySummary, lang: str) -> tuple[str, str, str, str, str]:
    others = [escape(h) for code, h in s.headlines.items() if h and h != s.headline(lang)]
    headline = escape(s.headline(lang)) + "".join(f"\n[dim]{h}[/]" for h in others)
    return (f"{len(s.outlets)} ({s.articles} articles)\n[dim]{escape(', '.join(s.outlets))}[/]", headline,
            ", ".join(s.languages), s.first_publisher, s.id)
