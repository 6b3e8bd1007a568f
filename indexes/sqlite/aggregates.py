"""Keeping the embedded index's per-day counts exact as articles are written and deleted.

`day_totals` / `day_counts` hold articles per Bishkek day (and per source and language);
`entity_days` holds per entity and day the mentioning articles, statements, distinct stories
and distinct outlets. Distinct counts cannot be summed, so `entity_day_stories` /
`entity_day_sources` count articles per (entity, day, story) and (entity, day, source), and an
entity-day's stories and outlets are recounted from them whenever they change.

Over all time (dated or not), `entity_pairs` counts the articles mentioning two entities
together, and `entity_facets` an entity's articles per source, per language and per entity type
named in them, so an entity's co-mentions and the facets of its articles are an index range,
not a join over every article that names it.

A write collects the changes of a whole batch in `Deltas` — minus an article's stored counts,
plus its new ones, so an unchanged re-write nets to nothing — and applies them with a few
`executemany` calls in the writer's transaction: exact under updates, deletes and re-runs.
"""

from __future__ import annotations

import sqlite3
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

from indexes.ids import entity_type_of


@dataclass(frozen=True)
class ArticleCounts:
    """What one article adds to the per-day counts."""

    day: str | None  # Bishkek YYYY-MM-DD; undated articles are not counted
    source: str
    language: str
    story: str
    entities: tuple[tuple[str, str], ...]  # (entity id, entity type), each id once
    statements: Counter[tuple[str, str]]  # (speaker id, day) → statements


@dataclass
class Deltas:
    """Net changes to the per-day counts of one batch of writes and deletes."""

    days: Counter[tuple[str, str, str]] = field(default_factory=Counter)  # (day, source, language)
    stories: Counter[tuple[str, str, str]] = field(default_factory=Counter)  # (entity, day, story)
    sources: Counter[tuple[str, str, str]] = field(default_factory=Counter)  # (entity, day, source)
    mentions: Counter[tuple[str, str]] = field(default_factory=Counter)  # (entity, day)
    said: Counter[tuple[str, str]] = field(default_factory=Counter)  # (speaker, day)
    pairs: Counter[tuple[str, str]] = field(default_factory=Counter)  # (entity, other entity)
    facets: Counter[tuple[str, str, str]] = field(default_factory=Counter)  # (entity, facet, key)

    def add(self, a: ArticleCounts, sign: int = 1) -> None:
        types = {t for _, t in a.entities}
        for entity_id, _ in a.entities:
            for other, _ in a.entities:
                if other != entity_id:
                    self.pairs[(entity_id, other)] += sign
            for facet, key in (("source", a.source), ("language", a.language), *(("type", t) for t in types)):
                self.facets[(entity_id, facet, key)] += sign
        if a.day is not None:
            self.days[(a.day, a.source, a.language)] += sign
            for entity_id, _ in a.entities:
                self.stories[(entity_id, a.day, a.story)] += sign
                self.sources[(entity_id, a.day, a.source)] += sign
                self.mentions[(entity_id, a.day)] += sign
        for key, n in a.statements.items():
            self.said[key] += sign * n

    def take_out(self, conn: sqlite3.Connection, doc: int) -> None:
        """Subtract a stored article's counts, before its rows are deleted."""
        row = conn.execute("SELECT id, day, source, language, cluster_id FROM docs WHERE rowid=?", (doc,)).fetchone()
        if row is None:
            return
        entities = tuple((r[0], r[1]) for r in conn.execute("SELECT entity_id, entity_type FROM entities WHERE doc=?",
                                                              (doc,)))
        said = Counter({(speaker, day): n for speaker, day, n in conn.execute(
            "SELECT speaker_id, day, COUNT(*) FROM statements WHERE doc=? AND speaker_id IS NOT NULL "
            "AND day IS NOT NULL GROUP BY speaker_id, day", (doc,))})
        self.add(ArticleCounts(row[1], row[2], row[3], row[4] or row[0], entities, said), -1)

    def apply(self, conn: sqlite3.Connection) -> None:
        days = _nonzero(self.days)
        conn.executemany("INSERT INTO day_counts(day, source, language, articles) VALUES (?,?,?,?) "
                         "ON CONFLICT(day, source, language) DO UPDATE SET articles = articles + excluded.articles",
                         [(*k, n) for k, n in days.items()])
        per_day = Counter()
        for (day, _, _), n in days.items():
            per_day[day] += n
        conn.executemany("INSERT INTO day_totals(day, articles) VALUES (?,?) "
                         "ON CONFLICT(day) DO UPDATE SET articles = articles + excluded.articles",
                         list(_nonzero(per_day).items()))
        conn.executemany("DELETE FROM day_counts WHERE day=? AND source=? AND language=? AND articles<=0",
                         [k for k, n in days.items() if n < 0])
        conn.executemany("DELETE FROM day_totals WHERE day=? AND articles<=0",
                         [(d,) for d, n in per_day.items() if n < 0])
        for table, columns, counts in (("entity_pairs", ("other_id",), self.pairs),
                                       ("entity_facets", ("facet", "key"), self.facets)):
            changed = _nonzero(counts)
            keys = ", ".join(("entity_id", *columns))
            conn.executemany(f"INSERT INTO {table}({keys}, articles) VALUES ({', '.join('?' * (len(columns) + 2))}) "
                             f"ON CONFLICT({keys}) DO UPDATE SET articles = articles + excluded.articles",
                             [(*k, n) for k, n in changed.items()])
            match = " AND ".join(f"{c}=?" for c in ("entity_id", *columns))
            conn.executemany(f"DELETE FROM {table} WHERE {match} AND articles<=0", [k for k, n in changed.items() if n < 0])
        distinct = set()
        for table, column, counts in (("entity_day_stories", "story", self.stories),
                                      ("entity_day_sources", "source", self.sources)):
            changed = _nonzero(counts)
            conn.executemany(f"INSERT INTO {table}(entity_id, day, {column}, articles) VALUES (?,?,?,?) "
                             f"ON CONFLICT(entity_id, day, {column}) DO UPDATE SET articles = articles + "
                             "excluded.articles", [(*k, n) for k, n in changed.items()])
            conn.executemany(f"DELETE FROM {table} WHERE entity_id=? AND day=? AND {column}=? AND articles<=0",
                             [k for k, n in changed.items() if n < 0])
            distinct |= {(e, d) for e, d, _ in changed}
        mentions, said = _nonzero(self.mentions), _nonzero(self.said)
        touched = set(mentions) | set(said) | distinct
        conn.executemany(
            """INSERT INTO entity_days(entity_id, day, entity_type, mentions, statements, stories, outlets)
               VALUES (?,?,?,?,?,0,0) ON CONFLICT(entity_id, day) DO UPDATE SET
                 mentions = mentions + excluded.mentions, statements = statements + excluded.statements""",
            [(e, d, entity_type_of(e), mentions.get((e, d), 0), said.get((e, d), 0)) for e, d in sorted(touched)])
        conn.executemany(
            """UPDATE entity_days SET
                 stories = (SELECT COUNT(*) FROM entity_day_stories s WHERE s.entity_id = ?1 AND s.day = ?2),
                 outlets = (SELECT COUNT(*) FROM entity_day_sources s WHERE s.entity_id = ?1 AND s.day = ?2)
               WHERE entity_id = ?1 AND day = ?2""", sorted(distinct))
        conn.executemany("DELETE FROM entity_days WHERE entity_id=? AND day=? AND mentions<=0 AND statements<=0",
                         _negative(mentions, said))


def _nonzero(counts: Counter) -> dict:
    return {k: n for k, n in counts.items() if n}


def _negative(*counts: dict[tuple[str, str], int]) -> list[tuple[str, str]]:
    found: set[tuple[str, str]] = set()
    for c in counts:
        found |= {k for k, n in c.items() if n < 0}
    return sorted(found)


def for_article(day: str | None, source: str, language: str, story: str, entities: Iterable[tuple[str, str]],
                statements: Iterable[tuple[str | None, str | None]]) -> ArticleCounts:
    """An article's counts from its fields, its entities' (id, type) and its statements' (speaker id, day)."""
    first: dict[str, str] = {}  # an id written twice keeps its first type, as the entities table does
    for entity_id, entity_type in entities:
        first.setdefault(entity_id, entity_type)
    return ArticleCounts(day, source, language, story, tuple(first.items()),
                         Counter((s, d) for s, d in statements if s and d))
