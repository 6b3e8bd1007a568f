"""`kabarchy search "выборы ЦИК"`: full-text search from the command line."""

from __future__ import annotations

import argparse
import html
import json
import re
import sys
from datetime import date

from rich.console import Console
from rich.markup import escape
from rich.table import Table

from indexes.base import Hit, IndexError_, QueryError, SearchQuery
from indexes.dates import bishkek_day
from kabarchy.backends import make_index
from kabarchy.settings import Settings

NAME = "search"
HELP = "Search the index (words in any form, \"phrases\", -exclusions, OR)."
_MARK = re.compile(r"<mark>(.*?)</mark>")


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


def _rich_snippet(snippet: str) -> str:
    """The HTML snippet as rich markup: marks in bold, the rest shown literally."""
    out, pos = [], 0
    for m in _MARK.finditer(snippet):
        out.append(escape(html.unescape(snippet[pos:m.start()])))
        out.append(f"[bold yellow]{escape(html.unescape(m.group(1)))}[/]")
        pos = m.end()
    out.append(escape(html.unescape(snippet[pos:])))
    return "".join(out)


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
    try:
        index = make_index(settings)
        index.open()
        try:
            result = index.search(query)
        finally:
            index.close()
    except QueryError as exc:
        print(f"kabarchy search: {exc}", file=sys.stderr)
        return 2
    except IndexError_ as exc:
        print(f"kabarchy search: the {settings.index_backend} index cannot answer: {exc}", file=sys.stderr)
        return 1
    if args.json:
        for hit in result.hits:
            print(_json(hit))
        return 0
    table = Table(title=f"{result.total} articles for {args.query!r}", show_lines=True)
    for col in ("day (Bishkek)", "source", "lang", "title / snippet"):
        table.add_column(col, overflow="fold")
    for hit in result.hits:
        day = bishkek_day(hit.published).isoformat() if hit.published else ""
        table.add_row(day, hit.source, hit.language,
                      f"[bold]{_rich_snippet(hit.title_html or html.escape(hit.title))}[/]\n"
                      f"{_rich_snippet(hit.snippet)}\n[dim]{escape(hit.url)}[/]")
    Console().print(table)
    return 0
