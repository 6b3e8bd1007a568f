"""`kabarchy story ID`: one story's articles in time order, with how each joined it."""

from __future__ import annotations

import argparse
import json
import sys

from rich.markup import escape

from indexes.stories import StoryMember, story_detail
from kabarchy.commands.render import bishkek_date, show
from kabarchy.commands.stories import summary_json
from kabarchy.settings import Settings
from pipeline.store import Store

NAME = "story"
READS_STORE = True
HELP = "One story: its articles in time order and how each joined (reprint, rewrite, other language)."


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("id", help="the story id (its first article's id) or any member article's id")
    parser.add_argument("--json", action="store_true", help="the story and its articles as one JSON object")


def _member_json(m: StoryMember) -> dict[str, object]:
    return {"article_id": m.article_id, "source": m.source, "language": m.language, "title": m.title,
            "url": m.url, "published": m.published.isoformat() if m.published else None,
            "relation": m.relation, "score": m.score}


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
    if args.json:
        print(json.dumps({**summary_json(summary), "members": [_member_json(m) for m in members]}, ensure_ascii=False))
        return 0
    title = (f"{summary.headline('ru')} — {summary.articles} articles, {len(summary.outlets)} outlets, "
             f"first: {summary.first_publisher}")
    show(members, as_json=False, to_json=lambda m: "", title=title,
         columns=("day (Bishkek)", "outlet", "lang", "joined as", "title"),
         row=lambda m: (bishkek_date(m.published), m.source, m.language, f"{m.relation} {m.score:.2f}",
                        f"{escape(m.title)}\n[dim]{escape(m.url)}[/]"))
    return 0
