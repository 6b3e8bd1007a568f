"""Charts drawn on the server as inline SVG: geometry here, markup in templates/_chart.html.

No JavaScript is needed to see a chart, every bar is a link (to that bucket's articles) with
a tooltip, and the page shows the same numbers in a table beside it.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Literal

WIDTH, HEIGHT = 760, 240
LEFT, RIGHT, TOP, BOTTOM = 56, 12, 12, 28
MAX_X_LABELS = 8
AXIS_DATES = {"day": "d MMM", "week": "d MMM y", "month": "MMM y"}  # CLDR patterns for bucket labels


@dataclass(frozen=True)
class Series:
    label: str
    colour: str
    values: tuple[float, ...]
    href: Callable[[date], str | None] = lambda start: None


@dataclass(frozen=True)
class Bar:
    x: float
    y: float
    width: float
    height: float
    colour: str
    href: str | None
    title: str


@dataclass(frozen=True)
class Line:
    points: str  # "x,y x,y ..." for <polyline>
    colour: str
    dots: tuple[Bar, ...]  # a small square per point, linked like a bar


@dataclass(frozen=True)
class Tick:
    pos: float
    label: str


@dataclass(frozen=True)
class Chart:
    width: int
    height: int
    bars: tuple[Bar, ...]
    lines: tuple[Line, ...]
    y_ticks: tuple[Tick, ...]
    x_ticks: tuple[Tick, ...]
    legend: tuple[tuple[str, str], ...]  # (colour, label)
    baseline: float  # y of zero
    left: int = LEFT
    right: float = WIDTH - RIGHT


def nice_top(value: float, counts: bool) -> float:
    """The axis top: four equal steps of a round size (1, 2, 2.5, 3, 4, 5, 6, 8 × 10^k) that
    reach `value`; whole-number steps for counts."""
    if value <= 0:
        return 4.0 if counts else 1.0
    need = value / 4
    exp = 10 ** math.floor(math.log10(need))
    for mult in (1, 2, 2.5, 3, 4, 5, 6, 8, 10):
        step = mult * exp
        if step >= need and (not counts or float(step).is_integer()):
            return step * 4
    return 40 * exp


def draw(starts: Sequence[date], series: Sequence[Series], *, style: Literal["bars", "lines"],
         y_label: Callable[[float], str], x_label: Callable[[date], str], counts: bool = True) -> Chart:
    """Grouped bars (one per series in each bucket) or lines (one per series) over `starts`;
    with `counts`, the axis has whole-number ticks."""
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    top = nice_top(max((v for s in series for v in s.values), default=0.0), counts)
    names = {start: x_label(start) for start in starts}  # each label formatted once (CLDR formatting is slow)
    slot = plot_w / max(1, len(starts))

    def y(v: float) -> float:
        return TOP + plot_h * (1 - v / top)

    bars: list[Bar] = []
    lines: list[Line] = []
    if style == "bars":
        inner = slot * 0.8 / max(1, len(series))
        for i, start in enumerate(starts):
            for j, s in enumerate(series):
                v = s.values[i]
                x = LEFT + i * slot + slot * 0.1 + j * inner
                bars.append(Bar(round(x, 1), round(y(v), 1), round(max(inner - 1, 1), 1),
                                round(plot_h * v / top, 1), s.colour, s.href(start),
                                f"{s.label} · {names[start]}: {y_label(v)}"))
    else:
        for s in series:
            pts = [(LEFT + (i + 0.5) * slot, y(v)) for i, v in enumerate(s.values)]
            dots = tuple(Bar(round(px - 3, 1), round(py - 3, 1), 6, 6, s.colour, s.href(start),
                             f"{s.label} · {names[start]}: {y_label(v)}")
                         for (px, py), start, v in zip(pts, starts, s.values))
            lines.append(Line(" ".join(f"{px:.1f},{py:.1f}" for px, py in pts), s.colour, dots))
    every = max(1, math.ceil(len(starts) / MAX_X_LABELS))
    x_ticks = tuple(Tick(round(LEFT + (i + 0.5) * slot, 1), names[start])
                    for i, start in enumerate(starts) if i % every == 0)
    y_ticks = tuple(Tick(round(y(top * k / 4), 1), y_label(top * k / 4)) for k in range(5))
    return Chart(WIDTH, HEIGHT, tuple(bars), tuple(lines), y_ticks, x_ticks,
                 tuple((s.colour, s.label) for s in series), round(y(0), 1))
