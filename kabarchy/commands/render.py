"""What the search-side commands share: asking the index with clear errors, and showing snippets."""

from __future__ import annotations

import html
import re
import sys
from collections.abc import Callable
from datetime import datetime
from typing import TypeVar

from rich.markup import escape

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


def bishkek_date(published: datetime | str | None) -> str:
    """The Bishkek calendar day of a time (or of its ISO text), "no date" when unknown."""
    if isinstance(published, str):
        published = datetime.fromisoformat(published)
    return bishkek_day(published).isoformat() if published else "no date"
