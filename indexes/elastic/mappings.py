"""Index layouts and documents as Elasticsearch stores them.

Lemma fields hold our own analysis (folded lemmas separated by spaces), so they are mapped
with the core `whitespace` analyzer and need nothing from `analysis-common` (absent from the
integ-test distribution). Original text is stored for snippets only, never searched; the
lemma fields are left out of `_source`: they are rebuilt from the store, never read back.
"""

from __future__ import annotations

from typing import Any

from indexes.base import ArticleDocument, StatementDocument
from indexes.ids import story_of

LABEL_SEP = "\x1f"  # sorts before every printable character, so "id<US>name" keys sort as ids do
KEYWORD = {"type": "keyword"}
SHOWN = {"type": "text", "index": False}  # kept in _source for display, not searchable
LEMMAS = {"type": "text", "analyzer": "whitespace"}  # positions kept: phrases need them

ARTICLE_PROPERTIES: dict[str, Any] = {
    "id": KEYWORD,  # the sort tie-break (doc_values; `_id` has none)
    "url": {"type": "keyword", "index": False, "doc_values": False},
    "title": SHOWN,
    "lead": SHOWN,
    "text": SHOWN,
    "language": KEYWORD,
    "source": KEYWORD,
    "source_name": KEYWORD,
    "source_kind": KEYWORD,
    "published": {"type": "date"},
    "entity_ids": KEYWORD,
    "entity_types": KEYWORD,
    # "id<US>name" per entity, for facet labels: an aggregation on it counts articles per
    # (id, name), which add up to the id's count (an article names each entity once). Cheaper
    # to index and aggregate than nested documents.
    "entity_labels": KEYWORD,
    "speaker_ids": KEYWORD,
    "has_statements": {"type": "boolean"},
    "cluster_id": KEYWORD,
    "versions": {"type": "integer"},  # > 1: edited after publication (revisits)
    "story": KEYWORD,  # the story id, else the article's own id: hits collapse on it, timelines count it
    # Every statement id this article has had here (a union, never shrunk): a replaced
    # article's old statements are found and deleted by id, even after a half-finished write.
    "statement_ids": {"type": "keyword", "index": False, "doc_values": False},
    # "speaker<US>Bishkek day" per statement: what the per-day counts took from this version,
    # so the next write or deletion can take it back (indexes/elastic/day_aggregates.py)
    "said_days": {"type": "keyword", "index": False, "doc_values": False},
    "title_lemmas": LEMMAS,
    "text_lemmas": LEMMAS,
}

STATEMENT_PROPERTIES: dict[str, Any] = {
    "id": KEYWORD,
    "article_id": KEYWORD,
    "speaker_id": KEYWORD,
    "speaker_surface": SHOWN,
    "speaker_post": SHOWN,
    "text": SHOWN,
    "kind": KEYWORD,
    "published": {"type": "date"},
    "language": KEYWORD,
    "source": KEYWORD,
    "text_lemmas": LEMMAS,
}


def index_body(properties: dict[str, Any], shards: int, replicas: int) -> dict[str, Any]:
    """Settings and mappings of one versioned index."""
    return {
        "settings": {"number_of_shards": shards, "number_of_replicas": replicas},
        "mappings": {
            "dynamic": "strict",
            "_source": {"excludes": ["title_lemmas", "text_lemmas"]},
            "properties": properties,
        },
    }


def _iso(doc: ArticleDocument | StatementDocument) -> str | None:
    return doc.published.isoformat() if doc.published else None


def article_source(a: ArticleDocument, has_statements: bool, statement_ids: list[str],
                   said_days: list[str]) -> dict[str, Any]:
    return {
        "id": a.id, "url": a.url, "title": a.title, "lead": a.lead, "text": a.text,
        "language": a.language, "source": a.source, "source_name": a.source_name,
        "source_kind": a.source_kind, "published": _iso(a),
        "entity_ids": [e.id for e in a.entities],
        "entity_types": sorted({e.type for e in a.entities}),
        "entity_labels": [f"{e.id}{LABEL_SEP}{e.name}" for e in a.entities],
        "speaker_ids": list(a.speaker_ids), "has_statements": has_statements,
        "cluster_id": a.cluster_id, "story": story_of(a.id, a.cluster_id), "statement_ids": statement_ids,
        "said_days": said_days,
        "versions": a.versions,
        "title_lemmas": a.title_lemmas, "text_lemmas": a.text_lemmas,
    }


def statement_source(s: StatementDocument) -> dict[str, Any]:
    return {
        "id": s.id, "article_id": s.article_id, "speaker_id": s.speaker_id,
        "speaker_surface": s.speaker_surface, "speaker_post": s.speaker_post, "text": s.text,
        "kind": s.kind, "published": _iso(s), "language": s.language, "source": s.source,
        "text_lemmas": s.text_lemmas,
    }
