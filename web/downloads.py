"""Downloads as CSV or JSON lines, streamed row by row: a whole result set, never capped at a page.

Search results and statements are read with the index's cursor (`search_after`), so the
millionth row costs what the first did. Cells that a spreadsheet would run as a formula are prefixed with `'`.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import replace
from typing import Any

from fastapi.responses import StreamingResponse

from indexes.base import Hit, Index, SearchQuery, StatementHit, StatementQuery
from web.config import DOWNLOAD_BATCH

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
MEDIA_TYPES = {"csv": "text/csv; charset=utf-8", "jsonl": "application/x-ndjson; charset=utf-8"}


def all_hits(index: Index, query: SearchQuery) -> Iterator[Hit]:
    """Every hit of `query`, page after page along the cursor."""
    after = None
    while True:
        result = index.search(_with(query, after))
        yield from result.hits
        if result.next_after is None:
            return
        after = result.next_after


def _with(query: SearchQuery, after: tuple[object, ...] | None) -> SearchQuery:
    return replace(query, limit=DOWNLOAD_BATCH, offset=0, after=after, facets=False)


def all_statements(index: Index, query: StatementQuery) -> Iterator[StatementHit]:
    """Every statement of `query`, batch after batch along the index's cursor (constant memory)."""
    after = None
    while True:
        result = index.statements(replace(query, limit=DOWNLOAD_BATCH, offset=0, after=after))
        yield from result.hits
        if result.next_after is None:
            return
        after = result.next_after


def _safe_cell(value: Any) -> Any:
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return "" if value is None else value


def csv_lines(columns: Sequence[str], rows: Iterable[dict[str, Any]]) -> Iterator[str]:
    buf = io.StringIO()
    writer = csv.writer(buf)
    writer.writerow(columns)
    yield "\ufeff" + buf.getvalue()  # BOM: spreadsheets then read the Cyrillic as UTF-8
    for row in rows:
        buf.seek(0)
        buf.truncate()
        writer.writerow([_safe_cell(row.get(c)) for c in columns])
        yield buf.getvalue()


def jsonl_lines(rows: Iterable[dict[str, Any]]) -> Iterator[str]:
    for row in rows:
        yield json.dumps(row, ensure_ascii=False) + "\n"


def download(fmt: str, filename: str, columns: Sequence[str], rows: Iterable[dict[str, Any]]) -> StreamingResponse:
    lines = csv_lines(columns, rows) if fmt == "csv" else jsonl_lines(rows)
    return StreamingResponse(lines, media_type=MEDIA_TYPES[fmt],
                             headers={"Content-Disposition": f'attachment; filename="{filename}.{fmt}"'})


def rows_of(items: Iterable[Any], to_row: Callable[[Any], dict[str, Any]]) -> Iterator[dict[str, Any]]:
    return (to_row(item) for item in items)
