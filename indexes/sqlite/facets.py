"""Facet counts on the embedded index, each question answered along the cheapest exact path.

- no text, filters on source / language / dates only: grouped in SQL on `docs`' covering indexes;
- no text, one entity (and source / language / dates): that entity's `entities` rows, which
  carry the article's source, language and day — or, when nothing narrows the entity's articles,
  the aggregates `entity_facets`, `entity_pairs` and `entity_days` (a few hundred rows);
- anything else: the matching rows collected in a temporary table and counted in Python.
"""

from __future__ import annotations

import dataclasses
import sqlite3
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from indexes.base import FACET_NAMES, FacetBucket, Facets, SearchQuery
from indexes.sqlite.where import Where

@dataclass
class Counts:
    """Matching articles per source, language, day, entity and entity type."""

    sources: Counter[str] = field(default_factory=Counter)
    languages: Counter[str] = field(default_factory=Counter)
    days: Counter[str] = field(default_factory=Counter)
    entities: Counter[str] = field(default_factory=Counter)
    types: Counter[str] = field(default_factory=Counter)

    @property
    def total(self) -> int:
        return sum(self.languages.values())


def only_scope_filters(q: SearchQuery) -> bool:
    """No condition beyond source, language and dates (which every counting table carries)."""
    return not (q.text.strip() or q.source_kinds or q.entity_types or q.has_statements is not None or q.story_ids)


def scope(q: SearchQuery, alias: str) -> Where:
    w = Where()
    w.any_of(f"{alias}.source", q.sources)
    w.any_of(f"{alias}.language", q.languages)
    w.dates(f"{alias}.published_ts", q.date_from, q.date_to)
    return w


def _grouped(conn: sqlite3.Connection, table: str, w: Where, *columns: str) -> list[Counter[str]]:
    """Rows of `table` counted per value of each column, grouped by SQLite along an index."""
    out = []
    for column in columns:
        out.append(Counter({k: n for k, n in conn.execute(
            f"SELECT {column}, COUNT(*) FROM {table} WHERE {w.text()} GROUP BY 1", w.args).fetchall()
            if k is not None}))
    return out


def filtered_counts(conn: sqlite3.Connection, q: SearchQuery) -> Counts:
    """Counts for a query without text or entities whose filters the denormalised columns cover."""
    d, e = scope(q, "d"), scope(q, "e")
    counts = Counts(*_grouped(conn, "docs d", d, "d.source", "d.language", "d.day"))
    counts.entities = Counter(dict(conn.execute(
        f"SELECT e.entity_id, COUNT(*) FROM entities e WHERE {e.text()} GROUP BY e.entity_id", e.args).fetchall()))
    counts.types = Counter(dict(conn.execute(
        f"SELECT e.entity_type, COUNT(DISTINCT e.doc) FROM entities e WHERE {e.text()} GROUP BY e.entity_type",
        e.args).fetchall()))
    return counts


def entity_counts(conn: sqlite3.Connection, q: SearchQuery) -> Counts:
    """Counts over the articles of one entity (`q.entity_ids[0]`), narrowed by source, language
    and dates only."""
    entity_id = q.entity_ids[0]
    w = scope(q, "e")
    w.add("e.entity_id = ?", entity_id)
    if len(w.sql) == 1:  # all its articles: the all-time aggregates answer exactly
        counts = Counts()
        per_facet = {"source": counts.sources, "language": counts.languages, "type": counts.types}
        for facet, key, n in conn.execute("SELECT facet, key, articles FROM entity_facets WHERE entity_id = ?",
                                          (entity_id,)):
            per_facet[facet][key] = n
        counts.days = Counter(dict(conn.execute(
            "SELECT day, mentions FROM entity_days WHERE entity_id = ? AND mentions > 0", (entity_id,)).fetchall()))
        counts.entities = Counter(dict(conn.execute(
            "SELECT other_id, articles FROM entity_pairs WHERE entity_id = ?", (entity_id,)).fetchall()))
        if counts.total:
            counts.entities[entity_id] = counts.total
        return counts
    counts = Counts(*_grouped(conn, "entities e", w, "e.source", "e.language", "e.day"))
    plain = conn.cursor()
    plain.row_factory = None
    per_type: dict[str, set[int]] = defaultdict(set)
    for other, other_type, doc in plain.execute(
            f"SELECT o.entity_id, o.entity_type, o.doc FROM entities e CROSS JOIN entities o ON o.doc = e.doc "
            f"WHERE {w.text()}", w.args):
        counts.entities[other] += 1
        per_type[other_type].add(doc)
    counts.types = Counter({t: len(d) for t, d in per_type.items()})
    return counts


def hit_counts(conn: sqlite3.Connection, source: str, where: Where, with_entities: bool = True) -> Counts:
    """Counts over the rows `source WHERE where` selects, in Python: it beats SQLite's GROUP BY
    sorters on a scattered set, and CROSS JOIN keeps the hits as the outer loop. The join to
    the hits' entities, the costly part, only `with_entities`."""
    conn.execute("CREATE TEMP TABLE IF NOT EXISTS hits(rowid INTEGER PRIMARY KEY)")
    conn.execute("DELETE FROM temp.hits")
    conn.execute(f"INSERT INTO temp.hits SELECT d.rowid FROM {source} WHERE {where.text()}", where.args)
    plain = conn.cursor()
    plain.row_factory = None  # plain tuples: sqlite3.Row objects cost more than the counting
    counts = Counts()
    for (source_id, lang, day), n in Counter(plain.execute(
            "SELECT d.source, d.language, d.day FROM temp.hits h CROSS JOIN docs d ON d.rowid = h.rowid")).items():
        counts.sources[source_id] += n
        counts.languages[lang] += n
        if day is not None:
            counts.days[day] += n
    if not with_entities:
        return counts
    types: dict[str, set[int]] = defaultdict(set)
    for entity_id, entity_type, doc in plain.execute(
            "SELECT e.entity_id, e.entity_type, e.doc FROM temp.hits h CROSS JOIN entities e ON e.doc = h.rowid"):
        counts.entities[entity_id] += 1
        types[entity_type].add(doc)
    counts.types = Counter({t: len(d) for t, d in types.items()})
    return counts


def facets(conn: sqlite3.Connection, size: int, counts: Counts, names: Iterable[str] = FACET_NAMES) -> Facets:
    """The top `size` of each count (ties by key), with names for sources and entities; a facet
    not in `names` is left empty."""
    def top(counts: Counter[str]) -> list[tuple[str, int]]:
        return sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[:size]

    top_sources, top_entities = top(counts.sources), top(counts.entities)
    source_names = _labels(conn, "SELECT source, source_name FROM docs WHERE source = ? LIMIT 1",
                           [k for k, _ in top_sources])
    entity_names = _labels(conn, "SELECT entity_id, name FROM entities WHERE entity_id = ? LIMIT 1",
                           [k for k, _ in top_entities])
    every = Facets(
        sources=tuple(FacetBucket(k, n, source_names.get(k, "")) for k, n in top_sources),
        languages=tuple(FacetBucket(k, n) for k, n in top(counts.languages)),
        entities=tuple(FacetBucket(k, n, entity_names.get(k, "")) for k, n in top_entities),
        entity_types=tuple(FacetBucket(k, n) for k, n in top(counts.types)),
        dates=tuple(FacetBucket(day, n) for day, n in sorted(counts.days.items())),
    )
    return dataclasses.replace(every, **{name: () for name in FACET_NAMES if name not in names})


def _labels(conn: sqlite3.Connection, sql: str, keys: Iterable[str]) -> dict[str, str]:
    return {k: row[1] for k in keys if (row := conn.execute(sql, (k,)).fetchone())}
