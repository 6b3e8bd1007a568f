"""`kabarchy search "выборы ЦИК"`: full-text search from the command line."""

from __future__ import annotations

import argparse
import html
import json
from datetime import date

from rich.markup import escape

from indexes.base import Hit, SearchQuery
from kabarchy.commands.render import ask_index, bishkek_date, rich_snippet, show
from kabarchy.settings import Settings

NAME = "search"
READS_STORE = True
HELP = "Search the index (words in any form, \"phrases\", -exclusions, OR)."


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("query", nargs="?", default="", help='query text, e.g. \'выборы ЦИК -"Жогорку Кенеш"\'')
    parser.add_argument("--entity", action="append", default=[], metavar="ID", help="only articles about ID (repeatable: all)")
    parser.add_argument("--lang", action="append", default=[], metavar="LANG", help="only this language (repeatable)")
    parser.add_argument("--source", action="append", default=[], metavar="S", help="only this source id (repeatable)")
    parser.add_argument("--from", dest="date_from", type=date.fromisoformat, metavar="D", help="from day YYYY-MM-DD (Bishkek)")
    parser.add_argument("--to", dest="date_to", type=date.fromisoformat, metavar="D", help="to day YYYY-MM-DD, inclusive")
    parser.add_argument("--sort", choices=("relevance", "date"), default="relevance", help="order of hits")
    parser.add_argument("--limit", type=int, default=20, help="hits to show (default 20)")
    parser.add_argument("--json", action="store_true", help="one JSON object per hit")


def _json(hit: Hit) -> str:
    return json.dumps({
        "id": hit.id, "url": hit.url, "title": hit.title,
        "published": hit.published.isoformat() if hit.published else None,
        "source": hit.source, "language": hit.language, "score": hit.score, "snippet": hit.snippet,
    }, ensure_ascii=False)


def run(args: argparse.Namespace, settings: Settings) -> int:
    query = SearchQuery(text=args.query, sources=tuple(args.source), languages=tuple(args.lang),
                        entity_ids=tuple(args.entity), date_from=args.date_from, date_to=args.date_to,
                        sort=args.sort, limit=max(1, args.limit))
    result, failed = ask_index(settings, NAME, lambda index: index.search(query))
    if result is None:
        return failed
    show(result.hits, as_json=args.json, to_json=_json, title=f"{result.total} articles for {args.query!r}",
         columns=("day (Bishkek)", "source", "lang", "title / snippet"), row=_row)
    return 0


def _row(hit: Hit) -> tuple[str, str, str, str]:
    return (bishkek_date(hit.published), hit.source, hit.language,
            f"[bold]{rich_snippet(hit.title_html or html.escape(hit.title))}[/]\n"
            f"{rich_snippet(hit.snippet)}\n[dim]{escape(hit.url)}[/]")
