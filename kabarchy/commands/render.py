"""What the search-side commands share: asking the index with clear errors, and showing snippets."""

from __future__ import annotations

import html
import re
import sys
from collections.abc import Callable, Sequence
from datetime import datetime
from typing import TypeVar

from rich.console import Console
from rich.markup import escape
from rich.table import Table

from indexes.base import Index, IndexError_, QueryError
from indexes.dates import bishkek_day
from kabarchy.backends import make_index
from kabarchy.settings import Settings

T = TypeVar("T")
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


def show(hits: Sequence[T], *, as_json: bool, to_json: Callable[[T], str], title: str,
         columns: Sequence[str], row: Callable[[T], Sequence[str]]) -> None:
    """One JSON object per line, or a readable table with one row per hit."""
    if as_json:
        for hit in hits:
            print(to_json(hit))
        return
    table = Table(title=title, show_lines=True)
    for col in columns:
        table.add_column(col, overflow="fold")
    for hit in hits:
        table.add_row(*row(hit))
    Console().print(table)


def bishkek_date(published: datetime | None) -> str:
    return bishkek_day(published).isoformat() if published else ""
