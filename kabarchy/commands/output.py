"""How commands print records: for people on a terminal, for pipes and for programs.

Formats: `table` (a terminal: each hit a short block that wraps to the terminal's width, with
the full id and the URL on a line of its own, never cut or broken), `tsv` (the default when
stdout is not a terminal: a header and one line per record), `csv`, `jsonl` (one object per
line; `--json` is kept as its alias) and `json` (one document with the totals and the page).
Field names come from `indexes.fields`, the one vocabulary of every command's output.
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from rich.console import Console

FORMATS = ("table", "tsv", "csv", "jsonl", "json")


def add_format_arguments(parser: argparse.ArgumentParser, *, paging: bool = True) -> None:
    parser.add_argument("--format", choices=FORMATS, help="output format (default: table on a terminal, else tsv)")
    parser.add_argument("--json", action="store_true", help="one JSON object per line (same as --format jsonl)")
    if paging:
        parser.add_argument("--limit", type=int, default=20, help="results per page (default 20, at most 1000)")
        parser.add_argument("--page", type=int, default=1, help="page number, from 1")


def chosen_format(args: argparse.Namespace) -> str:
    if args.json:
        return "jsonl"
    return args.format or ("table" if sys.stdout.isatty() else "tsv")


def check_paging(args: argparse.Namespace, command: str) -> str | None:
    """A plain complaint about --limit/--page, or None."""
    if not 1 <= args.limit <= 1000:
        return f"kabarchy {command}: --limit must be between 1 and 1000, not {args.limit}"
    if args.page < 1:
        return f"kabarchy {command}: --page counts from 1, not {args.page}"
    return None


@dataclass(frozen=True)
class Page:
    """Which slice of a result is shown: "21–40 of 312"."""

    total: int
    shown: int
    page: int
    limit: int
    next_cursor: str | None = None

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.limit))

    def line(self, noun: str) -> str:
        if not self.shown:
            return f"0 of {self.total} {noun}" + (f" (page {self.page} of {self.pages})" if self.total else "")
        first = (self.page - 1) * self.limit + 1
        text = f"{first}–{first + self.shown - 1} of {self.total} {noun}" if self.page > 1 else \
            f"{self.shown} of {self.total} {noun}"
        if self.page < self.pages:
            text += f" — next: --page {self.page + 1}"
            if self.next_cursor:
                text += f" (or --cursor {self.next_cursor})"
        return text

    def as_json(self) -> dict[str, Any]:
        return {"total": self.total, "shown": self.shown, "page": self.page, "pages": self.pages,
                "limit": self.limit, "next_cursor": self.next_cursor}


def cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, (list, dict)):
        return json.dumps(value, ensure_ascii=False)
    return " ".join(str(value).split())  # tabs and newlines would break a TSV line


def day_arg(text: str) -> date:
    """An argparse type: YYYY-MM-DD or DD.MM.YYYY, else a plain error (no Python internals)."""
    for pattern in ("%Y-%m-%d", "%d.%m.%Y"):
        try:
            return datetime.strptime(text.strip(), pattern).date()
        except ValueError:
            continue
    raise argparse.ArgumentTypeError(f"{text!r} is not a date: write it as YYYY-MM-DD or DD.MM.YYYY "
                                     "(e.g. 2024-03-15 or 15.03.2024)")


def check_range(date_from: date | None, date_to: date | None, command: str) -> str | None:
    if date_from and date_to and date_from > date_to:
        return (f"kabarchy {command}: --from {date_from.isoformat()} is after --to {date_to.isoformat()}; "
                "the range would be empty")
    return None


def emit(records: Sequence[dict[str, Any]], fields: Sequence[str], fmt: str, *, page: Page | None, noun: str,
         card: Callable[[dict[str, Any]], list[str]] | None = None) -> None:
    """Print records in `fmt`; the "N of M" line goes to stderr for pipes, to the screen for tables."""
    out = sys.stdout
    if fmt == "json":
        doc: dict[str, Any] = dict(page.as_json()) if page else {}
        doc[noun] = list(records)
        out.write(json.dumps(doc, ensure_ascii=False, indent=2) + "\n")
        return
    if fmt == "jsonl":
        for record in records:
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
    elif fmt in ("tsv", "csv"):
        writer = csv.writer(out, delimiter="\t" if fmt == "tsv" else ",", lineterminator="\n",
                            quoting=csv.QUOTE_NONE if fmt == "tsv" else csv.QUOTE_MINIMAL,
                            escapechar="\\" if fmt == "tsv" else None)
        writer.writerow(fields)
        for record in records:
            writer.writerow([cell(record.get(f)) for f in fields])
    else:
        console = Console()
        for record in records:
            lines = card(record) if card else [f"{k}: {cell(record.get(k))}" for k in fields]
            *body, url = lines
            for line in body:
                console.print(line, highlight=False)
            # The last line is the URL: printed as is, never folded, so it stays whole for copying.
            console.print(url, soft_wrap=True, markup=False, highlight=False)
            console.print()
        if page:
            console.print(page.line(noun), highlight=False)
        return
    if page:
        print(page.line(noun), file=sys.stderr)
