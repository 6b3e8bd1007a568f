"""Parsed queries (`indexes.query`) and filters as Elasticsearch query DSL.

Tokens are sent as `combined_fields` / `match_phrase` text on whitespace-analysed lemma fields,
so what a user types is never query syntax. A word may match in the title or the body, scored
as one weighted field (BM25F, which ranks close to FTS5's bm25 with column weights: 96% of the
top 30 in common on the bench corpus, against 83% when the two fields are scored apart); a
phrase must stand within one of them (as in FTS5). Filters run in filter context (cached, not
scored); days are Bishkek calendar days turned into UTC instants.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from indexes.base import SearchQuery, StatementQuery, TimelineQuery
from indexes.dates import day_start_utc
from indexes.query import Atom, ParsedQuery, Phrase

TITLE_BOOST = 3.0  # a word in the title counts three times one in the body (as in SQLite)
ARTICLE_FIELDS = (("title_lemmas", TITLE_BOOST), ("text_lemmas", 1.0))
STATEMENT_FIELDS = (("text_lemmas", 1.0),)
Fields = tuple[tuple[str, float], ...]
Json = dict[str, Any]


def _any(clauses: list[Json]) -> Json:
    return clauses[0] if len(clauses) == 1 else {"bool": {"should": clauses, "minimum_should_match": 1}}


def _atom(atom: Atom, fields: Fields) -> Json:
    if isinstance(atom, Phrase):
        return _any([{"match_phrase": {f: {"query": " ".join(v), "boost": boost}}}
                     for v in atom.variants() for f, boost in fields])
    text = " ".join(atom.alternatives)
    if len(fields) == 1:
        return {"match": {fields[0][0]: {"query": text, "boost": fields[0][1]}}}
    # BM25F over title and body as one weighted field, as FTS5's bm25 with column weights.
    return {"combined_fields": {"query": text, "fields": [f"{f}^{boost:g}" for f, boost in fields]}}


def text_query(parsed: ParsedQuery, fields: Fields, filters: list[Json]) -> Json:
    """Every clause must match (each clause: any of its atoms), no excluded atom may."""
    must = [_any([_atom(a, fields) for a in clause.atoms]) for clause in parsed.must]
    must_not = [_atom(a, fields) for a in parsed.must_not]
    if not (must or must_not or filters):
        return {"match_all": {}}
    return {"bool": {"must": must, "must_not": must_not, "filter": filters}}


def date_range(date_from: date | None, date_to: date | None) -> list[Json]:
    """Inclusive Bishkek days as a range of instants on `published`."""
    bounds: Json = {}
    if date_from:
        bounds["gte"] = day_start_utc(date_from).isoformat()
    if date_to:
        bounds["lt"] = day_start_utc(date_to + timedelta(days=1)).isoformat()
    return [{"range": {"published": bounds}}] if bounds else []


def _terms(field: str, values: tuple[str, ...]) -> list[Json]:
    return [{"terms": {field: list(values)}}] if values else []


def article_filters(q: SearchQuery) -> list[Json]:
    return [
        *_terms("source", q.sources), *_terms("source_kind", q.source_kinds), *_terms("language", q.languages),
        *date_range(q.date_from, q.date_to),
        *({"term": {"entity_ids": e}} for e in q.entity_ids),  # all must match
        *_terms("entity_types", q.entity_types),  # any may match
        *([{"term": {"has_statements": q.has_statements}}] if q.has_statements is not None else []),
        *_terms("story", q.story_ids),
    ]


def statement_filters(q: StatementQuery) -> list[Json]:
    return [*_terms("speaker_id", q.speaker_ids), *_terms("language", q.languages),
            *date_range(q.date_from, q.date_to)]


def timeline_filters(q: TimelineQuery) -> list[Json]:
    return [*_terms("source", q.sources), *_terms("language", q.languages), *date_range(q.date_from, q.date_to)]


def sort_keys(ranked: bool) -> list[Json]:
    """Deterministic order: score or date (undated last), then id. Also the cursor's shape."""
    first: Json = {"_score": "desc"} if ranked else {"published": {"order": "desc", "missing": "_last"}}
    return [first, {"id": "asc"}]
