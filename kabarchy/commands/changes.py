"""`kabarchy changes`: what was edited, removed or restored after publication."""

from __future__ import annotations

import argparse
import json
import sys

from rich.markup import escape

from indexes.changes import KINDS, Change, ChangesQuery, article_history, recent_changes
from indexes.fields import change_record, history_record
from kabarchy.commands.output import add_format_arguments, check_range, chosen_format, day_arg, emit
from kabarchy.commands.render import bishkek_date, resolve_names
from kabarchy.settings import Settings
from pipeline.store import Store

NAME = "changes"
READS_STORE = True
CHANGE_FIELDS = ("at", "kind", "article_id", "source", "language", "title", "url", "version", "detail", "analysis")
HELP = "What changed after publication: edits (with removed statements), removals, redirects, restorations."


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--from", dest="date_from", type=day_arg, metavar="D", help="from day (Bishkek)")
    parser.add_argument("--to", dest="date_to", type=day_arg, metavar="D", help="to day, inclusive")
    parser.add_argument("--source", action="append", default=[], metavar="S", help="only this source id (repeatable)")
    parser.add_argument("--kind", action="append", default=[], choices=KINDS, help="only this kind (repeatable)")
    parser.add_argument("--entity", metavar="NAME",
                        help="only articles that mention this entity or edits that touched it (an id or any name)")
    parser.add_argument("--limit", type=int, default=100, help="changes to show (default 100)")
    add_format_arguments(parser, paging=False)


def _summary(change: Change) -> str:
    if change.kind == "edit":
        parts = sorted(change.detail.get("diff", {}))  # type: ignore[union-attr]
        lines = [f"version {change.version}: {', '.join(parts) or 'text'} changed"]
        for a in change.analysis:
            if a.what == "statement" and a.change == "removed":
                lines.append(f"[red]statement removed[/] ({escape(a.surface)}): «{escape(a.text[:160])}»")
        return "\n".join(lines)
    detail = change.detail
    return escape(f"{detail.get('detail') or ''} (last good {str(detail.get('last_good_at') or '')[:16]}, "
                  f"first failed {str(detail.get('first_failed_at') or '')[:16]})")


def run(args: argparse.Namespace, settings: Settings) -> int:
    problem = check_range(args.date_from, args.date_to, NAME)
    entity_ids: tuple[str, ...] = ()
    if not problem:
        entity_ids, problem = resolve_names(settings, [args.entity] if args.entity else [], flag="--entity",
                                            date_from=args.date_from, date_to=args.date_to)
    if problem:
        print(problem if problem.startswith("kabarchy") else f"kabarchy {NAME}: {problem}", file=sys.stderr)
        return 2
    query = ChangesQuery(date_from=args.date_from, date_to=args.date_to, sources=tuple(args.source),
                         kinds=tuple(args.kind), entity_id=entity_ids[0] if entity_ids else None,
                         limit=max(1, args.limit))
    with Store.open(settings.store_path) as store:
        changes = recent_changes(store, query)
    records = [change_record(c) for c in changes]
    change_of = {id(r): c for r, c in zip(records, changes)}  # emit hands the card the record it prints
    emit(records, CHANGE_FIELDS, chosen_format(args), page=None, noun="changes",
         card=lambda r: _card(change_of[id(r)]))
    return 0


def _card(c: Change) -> list[str]:
    """A change for a person: the day, kind, source and full id, the title, what changed; the URL last, whole."""
    return [f"[bold]{bishkek_date(c.at)}  {c.kind}[/]  {escape(c.source)}  {c.article_id}", escape(c.title),
            *_summary(c).splitlines(), c.url]


def print_history(store: Store, article_id: str, as_json: bool) -> int:
    """`kabarchy article ID --history`: versions with their word diffs, and the takedown record."""
    history = article_history(store, article_id)
    if history is None:
        print(f"kabarchy: no stored article {article_id}", file=sys.stderr)
        return 2
    if as_json:
        print(json.dumps(history_record(history), ensure_ascii=False))
        return 0
    from rich.console import Console

    console = Console()
    console.print(f"[bold]{escape(article_id)}[/] — state: [bold]{history.state}[/]"
                  + (f" since {history.state_since:%Y-%m-%d %H:%M}" if history.state_since else ""))
    if len(history.versions) <= 1:
        console.print("no edits recorded")
    for v in history.versions:
        console.print(f"\n[bold]version {v.version}[/] seen {v.seen_at:%Y-%m-%d %H:%M} UTC — {escape(v.title)}")
        for part, ops in v.diff.items():
            marked = " ".join(
                escape(o["old"]) if o["op"] == "equal" else
                (f"[red strike]{escape(o['old'])}[/]" if o["old"] else "") +
                (f" [green]{escape(o['new'])}[/]" if o["new"] else "") for o in ops)
            console.print(f"  [dim]{part}:[/] {marked}")
    for c in history.changes:
        if c.kind != "edit":
            console.print(f"\n{c.at:%Y-%m-%d %H:%M} UTC [bold]{c.kind}[/]: {_summary(c)}")
    return 0
