"""`kabarchy statements`: who said what — statements by speaker, words and date."""

from __future__ import annotations

import argparse
import html
import json
from datetime import date

from rich.markup import escape

from indexes.base import StatementHit, StatementQuery
from kabarchy.commands.render import ask_index, bishkek_date, rich_snippet, show
from kabarchy.settings import Settings

NAME = "statements"
READS_STORE = True
HELP = "Search statements: who said what (by speaker id, words and date)."


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("query", nargs="?", default="", help="words in the statement (same syntax as search)")
    parser.add_argument("--speaker", action="append", default=[], metavar="ID",
                        help="only statements by this entity id, e.g. body:cec (repeatable: any)")
    parser.add_argument("--lang", action="append", default=[], metavar="LANG", help="only this language (repeatable)")
    parser.add_argument("--from", dest="date_from", type=date.fromisoformat, metavar="D", help="from day YYYY-MM-DD (Bishkek)")
    parser.add_argument("--to", dest="date_to", type=date.fromisoformat, metavar="D", help="to day YYYY-MM-DD, inclusive")
    parser.add_argument("--limit", type=int, default=20, help="statements to show (default 20)")
    parser.add_argument("--json", action="store_true", help="one JSON object per statement")


def _json(hit: StatementHit) -> str:
    return json.dumps({
        "id": hit.id, "article_id": hit.article_id, "speaker_id": hit.speaker_id,
        "speaker_surface": hit.speaker_surface, "speaker_post": hit.speaker_post, "kind": hit.kind,
        "published": hit.published.isoformat() if hit.published else None, "text": hit.text, "snippet": hit.snippet,
    }, ensure_ascii=False)


def run(args: argparse.Namespace, settings: Settings) -> int:
    query = StatementQuery(text=args.query, speaker_ids=tuple(args.speaker), languages=tuple(args.lang),
                           date_from=args.date_from, date_to=args.date_to, limit=max(1, args.limit))
    result, failed = ask_index(settings, NAME, lambda index: index.statements(query))
    if result is None:
        return failed
    show(result.hits, as_json=args.json, to_json=_json, title=f"{result.total} statements",
         columns=("day (Bishkek)", "speaker", "kind", "said"), row=_row)
    return 0


def _row(hit: StatementHit) -> tuple[str, str, str, str]:
    who = escape(hit.speaker_surface) + (f"\n[dim]{escape(hit.speaker_post)}[/]" if hit.speaker_post else "")
    who += f"\n[dim]{escape(hit.speaker_id or 'unresolved')}[/]"
    return bishkek_date(hit.published), who, hit.kind, rich_snippet(hit.snippet or html.escape(hit.text))
