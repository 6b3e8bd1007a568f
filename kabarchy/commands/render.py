"""What the search-side commands share: asking the index with clear errors, turning the names
and filters users type into ids (or plain errors with suggestions), and showing snippets."""

from __future__ import annotations

import argparse
import difflib
import html
import re
import sys
from collections.abc import Callable, Sequence
from datetime import date, datetime
from typing import TypeVar

from rich.console import Console
from rich.markup import escape
from rich.table import Table

from indexes.base import Index, IndexError_, QueryError
from indexes.dates import bishkek_day
from kabarchy.backends import make_index
from kabarchy.commands.output import check_paging, check_range
from kabarchy.settings import Settings

T = TypeVar("T")
LANGUAGES = ("ru", "ky", "en", "kk", "uz", "und")  # the languages articles are stored with
_MARK = re.compile(r"<mark>(.*?)</mark>")


def ask_index(settings: Settings, command: str, ask: Callable[[Index], T]) -> tuple[T | None, int]:
    """(answer, 0), or (None, exit code) after a one-line error: 2 for the query, 1 for the index."""
    try:
        index = make_index(settings)
        index.open()
        try:
            return ask(index), 0
        finally:
            index.close()
    except QueryError as exc:
        print(f"kabarchy {command}: {exc}", file=sys.stderr)
        return None, 2
    except IndexError_ as exc:
        print(f"kabarchy {command}: the {settings.index_backend} index cannot answer: {exc}", file=sys.stderr)
        return None, 1


def rich_snippet(snippet: str) -> str:
    """An HTML snippet as rich markup: marks in bold, the rest shown literally."""
    out, pos = [], 0
    for m in _MARK.finditer(snippet):
        out.append(escape(html.unescape(snippet[pos:m.start()])))
        out.append(f"[bold yellow]{escape(html.unescape(m.group(1)))}[/]")
        pos = m.end()
    out.append(escape(html.unescape(snippet[pos:])))
    return "".join(out)


def bishkek_date(published: datetime | str | None) -> str:
    """The Bishkek calendar day of a time (or of its ISO text), "no date" when unknown."""
    if isinstance(published, str):
        published = datetime.fromisoformat(published)
    return bishkek_day(published).isoformat() if published else "no date"


def resolve_names(settings: Settings, names: list[str], *, flag: str, date_from: date | None,
                  date_to: date | None) -> tuple[tuple[str, ...], str | None]:
    """The entity ids `--entity`/`--speaker` values name (ids or any name in any form), or a
    plain error: unknown names get the nearest ones, ambiguous names their candidates."""
    if not names:
        return (), None
    from kabarchy.entities import EntityArgError, build_directory, resolve_entity_arg
    from pipeline.analysis.registry import RegistryError
    from pipeline.store import Store

    try:
        with Store.open(settings.store_path) as store:
            directory = build_directory(settings, store)
    except RegistryError as exc:
        return (), f"{flag}: the entity registry does not load: {exc}"
    ids = []
    for name in names:
        try:
            ids.append(resolve_entity_arg(directory, name, date_from=date_from, date_to=date_to))
        except EntityArgError as exc:
            return (), f"{flag}: {exc}"
    return tuple(ids), None


def check_choices(values: list[str], known: list[str], flag: str) -> str | None:
    """An unknown --source or --lang is an error with the nearest known value, not a silent zero."""
    for value in values:
        if value not in known:
            close = difflib.get_close_matches(value, known, n=3, cutoff=0.5)
            hint = f"did you mean {', '.join(close)}?" if close else f"known: {', '.join(sorted(known)[:30])}"
            return f"{flag}: no {flag.lstrip('-')} {value!r} here — {hint}"
    return None


def known_sources(settings: Settings) -> list[str]:
    from pipeline.store import Store

    with Store.open(settings.store_path) as store:
        return [h["id"] for h in store.source_health()]


def show(hits: Sequence[T], *, as_json: bool, to_json: Callable[[T], str], title: str,
         columns: Sequence[str], row: Callable[[T], Sequence[str]]) -> None:
    """One JSON object per line, or a readable table with one row per hit."""
    if as_json:
        for hit in hits:
            print(to_json(hit))
        return
    table = Table(title=title, show_lines=True)
    for i, col in enumerate(columns):
        table.add_column(col, overflow="fold", no_wrap=i == 0)
    for hit in hits:
        table.add_row(*row(hit))
    Console().print(table)


def check_filters(args: argparse.Namespace, settings: Settings, command: str, flag: str,
                  names: list[str]) -> tuple[str, ...] | None:
    """The checks search and statements share — paging, dates, languages, sources — and the
    entity ids `names` stand for; None (after one plain line on stderr) when something is wrong."""
    problem = check_paging(args, command) or check_range(args.date_from, args.date_to, command)
    if not problem:
        problem = check_choices(args.lang, list(LANGUAGES), "--lang")
    if not problem and getattr(args, "source", None):
        problem = check_choices(args.source, known_sources(settings), "--source")
    ids: tuple[str, ...] = ()
    if not problem:
        ids, problem = resolve_names(settings, names, flag=flag, date_from=args.date_from, date_to=args.date_to)
    if problem:
        print(problem if problem.startswith("kabarchy") else f"kabarchy {command}: {problem}", file=sys.stderr)
        return None
    return ids
