"""The search page's panels, as Media Cloud shows them: total attention and its share of all
articles, attention over time (counts or share; day, week or month; zero-filled), top sources,
entities and languages — for one query or up to four compared.

The counts are the index's own (facets of `Index.search`); this module only lays the day
counts of a query beside those of every article in the same sources and dates, and sums days
into the chosen weeks or months.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date

from indexes.base import Facets, Index, Interval, SearchResult
from indexes.dates import bucket_range, bucket_start
from web.params import SearchParams

# Colour-blind-safe (Okabe–Ito) colours for compared queries, in order.
COLOURS = ("#0072B2", "#D55E00", "#009E73", "#CC79A7")


@dataclass(frozen=True)
class AttentionPoint:
    start: date
    count: int
    total: int  # all articles in the same sources, languages and bucket

    @property
    def share(self) -> float:
        return self.count / self.total if self.total else 0.0


@dataclass(frozen=True)
class QueryAttention:
    """One query's panel figures: its total, its share of the range, its series and top facets."""

    text: str
    colour: str
    total: int
    share: float
    points: tuple[AttentionPoint, ...]
    facets: Facets


@dataclass(frozen=True)
class Attention:
    interval: Interval
    all_articles: int  # articles in the range (the share's divisor)
    queries: tuple[QueryAttention, ...]


def _by_day(facets: Facets | None) -> Counter[date]:
    return Counter({date.fromisoformat(b.key): b.count for b in (facets.dates if facets else ())})


def _buckets(days: Counter[date], interval: Interval) -> Counter[date]:
    out: Counter[date] = Counter()
    for day, n in days.items():
        out[bucket_start(day, interval)] += n
    return out


def auto_interval(first: date, last: date) -> Interval:
    """Days for up to three months, weeks for up to two years, else months: a readable chart."""
    days = (last - first).days
    return "day" if days <= 92 else "week" if days <= 731 else "month"


def attention(index: Index, params: SearchParams, first: SearchResult | None = None) -> Attention:
    """Panels for every query in `params`; `first` is the page's own faceted search, reused."""
    base = index.search(params.baseline())
    base_days = _by_day(base.facets)
    results = []
    for i, text in enumerate(params.queries):
        result = first if (i == 0 and first is not None and first.facets is not None) else \
            index.search(params.search(text, limit=0, facets=True))
        results.append((text, COLOURS[i % len(COLOURS)], result))
    every_day = set(base_days)
    for _, _, r in results:
        every_day |= set(_by_day(r.facets))
    lo = params.date_from or (min(every_day) if every_day else None)
    hi = params.date_to or (max(every_day) if every_day else None)
    interval = params.interval or (auto_interval(lo, hi) if lo and hi else "day")
    starts = bucket_range(lo, hi, interval) if lo and hi else []
    totals = _buckets(base_days, interval)
    queries = []
    for text, colour, r in results:
        counts = _buckets(_by_day(r.facets), interval)
        points = tuple(AttentionPoint(s, counts.get(s, 0), totals.get(s, 0)) for s in starts)
        queries.append(QueryAttention(text, colour, r.total, r.total / base.total if base.total else 0.0,
                                      points, r.facets or Facets()))
    return Attention(interval, base.total, tuple(queries))
