"""`kabarchy statements`: who said what — statements by speaker, words and date, each with its
article's title, source and URL, a page at a time."""

from __future__ import annotations

import argparse
import html
from typing import Any

from rich.markup import escape

from indexes.base import StatementQuery
from indexes.fields import STATEMENT_FIELDS, Provenance, statement_hit_record
from kabarchy.commands.output import Page, add_format_arguments, chosen_format, day_arg, emit
from kabarchy.commands.render import ask_index, bishkek_date, check_filters, rich_snippet
from kabarchy.settings import Settings
from pipeline.store import Store

NAME = "statements"
READS_STORE = True
HELP = "Search statements: who said what (by speaker id, words and date)."


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("query", nargs="?", default="", help="words in the statement (same syntax as search)")
    parser.add_argument("--speaker", action="append", default=[], metavar="ID",
                        help="only statements by this entity: an id or any name in any form, e.g. body:cec, ЦИК, Ташиев (repeatable: any)")
    parser.add_argument("--lang", action="append", default=[], metavar="LANG", help="only this language (repeatable)")
    parser.add_argument("--from", dest="date_from", type=day_arg, metavar="D",
                        help="from day YYYY-MM-DD or DD.MM.YYYY (Bishkek)")
    parser.add_argument("--to", dest="date_to", type=day_arg, metavar="D", help="to day, inclusive")
    add_format_arguments(parser)


def provenance(settings: Settings, article_ids: list[str]) -> dict[str, Provenance]:
    """Each article's title, source and URL, from the store (the system of record)."""
    with Store.open(settings.store_path) as store:
        rows = store.article_rows(article_ids)
    return {aid: Provenance(aid, r["title"] or "", r["source_id"], r["final_url"] or r["url"])
            for aid, r in rows.items()}


def run(args: argparse.Namespace, settings: Settings) -> int:
    speaker_ids = check_filters(args, settings, NAME, "--speaker", args.speaker)
    if speaker_ids is None:
        return 2
    query = StatementQuery(text=args.query, speaker_ids=speaker_ids, languages=tuple(args.lang),
                           date_from=args.date_from, date_to=args.date_to, limit=args.limit,
                           offset=(args.page - 1) * args.limit)
    result, failed = ask_index(settings, NAME, lambda index: index.statements(query))
    if result is None:
        return failed
    where = provenance(settings, sorted({h.article_id for h in result.hits}))
    records = [statement_hit_record(h, where.get(h.article_id)) for h in result.hits]
    emit(records, STATEMENT_FIELDS, chosen_format(args), page=Page(result.total, len(records), args.page, args.limit),
         noun="statements", card=_card)
    return 0


def _card(record: dict[str, Any]) -> list[str]:
    who = escape(record["speaker_surface"]) + (f", {escape(record['speaker_post'])}" if record["speaker_post"] else "")
    ident = record["speaker_id"] or "unresolved"
    return [f"[dim]{bishkek_date(record['published'])}  {escape(record['source'] or '')}  {record['kind']}  "
            f"{record['id']}[/]",
            f"[bold]{who}[/] [dim]({escape(ident)})[/]",
            rich_snippet(record["snippet"] or html.escape(record["text"])),
            f"[dim]in «{escape(record['title'] or '')}»[/]",
            record["url"] or f"article {record['article_id']} (not in this store)"]
