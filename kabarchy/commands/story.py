"""`kabarchy story ID`: one story's articles in time order, with how each joined it. `--json`
prints the story and its articles as one JSON object; otherwise the articles go through the
shared output (full ids and unbroken URLs on a terminal, TSV/CSV for pipes)."""

from __future__ import annotations

import argparse
import json
import sys

from rich.console import Console
from rich.markup import escape

from indexes.fields import STORY_MEMBER_FIELDS, story_member_record, story_record
from indexes.stories import StoryMember, story_detail
from kabarchy.commands.output import add_format_arguments, chosen_format, emit
from kabarchy.commands.render import bishkek_date
from kabarchy.settings import Settings
from pipeline.store import Store

NAME = "story"
READS_STORE = True
HELP = "One story: its articles in time order and how each joined (reprint, rewrite, other language)."


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("id", help="the story id (its first article's id) or any member article's id")
    add_format_arguments(parser, paging=False)


def run(args: argparse.Namespace, settings: Settings) -> int:
    with Store.open(settings.store_path) as store:
        found = story_detail(store, args.id)
        if found is None:  # an article id: show the story it belongs to
            story_id = store.story_ids_of([args.id]).get(args.id)
            found = story_detail(store, story_id) if story_id else None
    if found is None:
        print(f"kabarchy story: no story or article {args.id!r}", file=sys.stderr)
        return 1
    summary, members = found
    fmt = chosen_format(args)
    if fmt in ("jsonl", "json"):  # the story with its articles, one object (`--json` as before)
        doc = {**story_record(summary), "members": [story_member_record(m) for m in members]}
        print(json.dumps(doc, ensure_ascii=False, indent=2 if fmt == "json" else None))
        return 0
    if fmt == "table":
        Console().print(f"[bold]{escape(summary.headline('ru'))}[/] — {summary.articles} articles, "
                        f"{len(summary.outlets)} outlets, first: {escape(summary.first_publisher)}\n"
                        f"story {summary.id}\n", highlight=False, soft_wrap=True)
    records = [story_member_record(m) for m in members]
    member_of = {id(r): m for r, m in zip(records, members, strict=True)}  # emit hands the card the record
    emit(records, STORY_MEMBER_FIELDS, fmt, page=None, noun="members", card=lambda r: _card(member_of[id(r)]))
    return 0


def _card(m: StoryMember) -> list[str]:
    """An article for a person: its day, how it joined, outlet, language and full id; its title; the URL last, whole."""
    return [f"[bold]{bishkek_date(m.published)}  {m.relation} {m.score:.2f}[/]  {escape(m.source)}  {m.language}  "
            f"{m.article_id}", escape(m.title), m.url]
