"""How `kabarchy timeline` shows series: a terminal chart, CSV or JSON Lines — the same numbers,
formatted by one function, so the three always agree."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Sequence
from datetime import date

from rich.console import Console
from rich.markup import escape
from rich.table import Table
from rich.text import Text

from indexes.base import Interval
from indexes.spikes import Spike
from indexes.timelines import MEASURES, EntitySeries, Measure, TimelinePoint, bucket_end

BAR_WIDTH = 24
FIELDS = (*MEASURES, "total_articles")
MENTION_STYLE, STATEMENT_STYLE = "cyan", "magenta"


def number(value: float, field: str = "") -> str:
    """A count as an integer when it is one, a share as a fraction, averages to 2 decimals."""
    if field == "share":
        return f"{value:.4f}"
    return str(int(value)) if float(value).is_integer() else f"{value:.2f}"


def _rows(series: Sequence[EntitySeries]) -> list[tuple[date, list[TimelinePoint]]]:
    """One row per bucket start with each series' point (every series has the same buckets)."""
    if not series:
        return []
    return [(points[0].start, list(points)) for points in zip(*(s.points for s in series))]


def to_json_lines(series: Sequence[EntitySeries], interval: Interval) -> list[str]:
    out = []
    for start, points in _rows(series):
        out.append(json.dumps({
            "start": start.isoformat(), "end": bucket_end(start, interval).isoformat(),
            "series": [{"entity_id": s.entity_id, "label": s.label, "group": s.group,
                        **{f: _value(p, f) for f in FIELDS}} for s, p in zip(series, points)],
        }, ensure_ascii=False))
    return out


def _value(point: TimelinePoint, field: str) -> float | int:
    raw = getattr(point, field)
    return float(number(raw, field)) if field == "share" or not float(raw).is_integer() else int(raw)


def to_csv(series: Sequence[EntitySeries], interval: Interval) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(["start", "end", *(f"{s.key}:{f}" for s in series for f in FIELDS)])
    for start, points in _rows(series):
        writer.writerow([start.isoformat(), bucket_end(start, interval).isoformat(),
                         *(number(getattr(p, f), f) for p in points for f in FIELDS)])
    return buffer.getvalue()


def _bar(value: float, top: float, glyph: str) -> str:
    if top <= 0 or value <= 0:
        return ""
    return glyph * max(1, round(BAR_WIDTH * value / top))


def chart(console: Console, series: Sequence[EntitySeries], measure: Measure, *, title: str,
          spikes: dict[str, set[date]] | None = None) -> None:
    """A table with a row per bucket: the measure as a bar (█) and, below it, statements (▒)."""
    spikes = spikes or {}
    table = Table(title=title, show_lines=False, pad_edge=False)
    table.add_column("bucket", no_wrap=True, min_width=10)
    grouped = any(s.group for s in series)  # then each series has its own total
    if not grouped:
        table.add_column("articles", justify="right", no_wrap=True)
    for s in series:
        table.add_column(Text(s.label + (f" · {s.group}" if s.group else "") + f"\n{s.entity_id}"), no_wrap=True)
    tops = {(s.key, m): max((p.value(m) for p in s.points), default=0.0) for s in series for m in MEASURES}
    top_measure = max((tops[(s.key, measure)] for s in series), default=0.0)
    top_said = max((tops[(s.key, "statements")] for s in series), default=0.0)
    for start, points in _rows(series):
        cells = []
        for s, p in zip(series, points):
            cell = Text()
            if measure != "statements":
                cell.append(_bar(p.value(measure), top_measure, "█"), MENTION_STYLE)
                cell.append(f" {number(p.value(measure), measure)}")
                if start in spikes.get(s.entity_id, set()):
                    cell.append(" ▲ spike", "bold red")
                cell.append("\n")
            cell.append(_bar(p.statements, top_said, "▒"), STATEMENT_STYLE)
            cell.append(f" {number(p.statements, 'statements')} said")
            if grouped:
                cell.append(f" of {p.total_articles}", "dim")
            cells.append(cell)
        table.add_row(start.isoformat(), *([] if grouped else [str(points[0].total_articles)]), *cells)
    console.print(table)
    console.print(f"[{MENTION_STYLE}]█[/] {measure}   [{STATEMENT_STYLE}]▒[/] statements   "
                  "articles = all articles in the bucket under the same filters")


def spike_lines(spikes: Sequence[Spike]) -> list[str]:
    lines = []
    for s in spikes:
        lines.append(f"[bold]{s.day}[/] {escape(s.label)}: {s.count} articles (baseline {number(s.baseline)}, "
                     f"score {s.score:.1f})")
        for story_id, headline, outlets in s.top_stories:
            lines.append(f"    {escape(headline)} [dim]({outlets} outlets; {escape(story_id)})[/]")
    return lines
