"""`kabarchy search "выборы ЦИК"`: full-text search from the command line, a page at a time."""

from __future__ import annotations

import argparse
import base64
import binascii
import html
import json
import sys
from typing import Any

from rich.markup import escape

from indexes.base import SearchQuery
from indexes.fields import HIT_FIELDS, hit_record
from kabarchy.commands.output import Page, add_format_arguments, chosen_format, day_arg, emit
from kabarchy.commands.render import ask_index, bishkek_date, check_filters, rich_snippet
from kabarchy.settings import Settings

NAME = "search"
READS_STORE = True
HELP = "Search the index (words in any form, \"phrases\", -exclusions, OR)."


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("query", nargs="?", default="", help='query text, e.g. \'выборы ЦИК -"Жогорку Кенеш"\'')
    parser.add_argument("--entity", action="append", default=[], metavar="ID", help="only articles about this entity: an id or any name in any form, e.g. ЦИК, Жапарова, Tashiev (repeatable: all)")
    parser.add_argument("--lang", action="append", default=[], metavar="LANG", help="only this language (repeatable)")
    parser.add_argument("--source", action="append", default=[], metavar="S", help="only this source id (repeatable)")
    parser.add_argument("--from", dest="date_from", type=day_arg, metavar="D",
                        help="from day YYYY-MM-DD or DD.MM.YYYY (Bishkek)")
    parser.add_argument("--to", dest="date_to", type=day_arg, metavar="D", help="to day, inclusive")
    parser.add_argument("--sort", choices=("relevance", "date"), default="relevance", help="order of hits")
    parser.add_argument("--cursor", help="continue after the page that printed this cursor (deep pages)")
    add_format_arguments(parser)


def encode_cursor(after: tuple[object, ...] | None) -> str | None:
    if after is None:
        return None
    return base64.urlsafe_b64encode(json.dumps(list(after)).encode()).decode().rstrip("=")


def decode_cursor(token: str) -> tuple[object, ...]:
    try:
        value = json.loads(base64.urlsafe_b64decode(token + "=" * (-len(token) % 4)))
    except (binascii.Error, ValueError, UnicodeDecodeError):
        raise ValueError(f"{token!r} is not a cursor printed by `kabarchy search`") from None
    if not isinstance(value, list):
        raise ValueError(f"{token!r} is not a cursor printed by `kabarchy search`")
    return tuple(value)


def run(args: argparse.Namespace, settings: Settings) -> int:
    after = None
    if args.cursor:
        try:
            after = decode_cursor(args.cursor)
        except ValueError as exc:
            print(f"kabarchy {NAME}: {exc}", file=sys.stderr)
            return 2
    entity_ids = check_filters(args, settings, NAME, "--entity", args.entity)
    if entity_ids is None:
        return 2
    query = SearchQuery(text=args.query, sources=tuple(args.source), languages=tuple(args.lang),
                        entity_ids=entity_ids, date_from=args.date_from, date_to=args.date_to,
                        sort=args.sort, limit=args.limit, offset=(args.page - 1) * args.limit, after=after)
    result, failed = ask_index(settings, NAME, lambda index: index.search(query))
    if result is None:
        return failed
    page = Page(result.total, len(result.hits), args.page, args.limit, encode_cursor(result.next_after))
    emit([hit_record(h) for h in result.hits], HIT_FIELDS, chosen_format(args), page=page, noun="articles",
         card=_card)
    return 0


def _card(record: dict[str, Any]) -> list[str]:
    day = bishkek_date(record["published"])
    return [f"[dim]{day}  {escape(record['source'])}  {record['language']}  {record['id']}[/]",
            f"[bold]{escape(record['title'])}[/]",
            rich_snippet(record["snippet"] or html.escape(record["title"])),
            record["url"]]

