"""JSON shapes of the API. Field names are those of `kabarchy export` and `kabarchy search --json`
(id, url, source, title, published, language, entities[{id, type, name, surface, start, end}],
statements[{speaker_id, speaker_surface, speaker_post, text, kind, cue, start, end}]), so a
researcher's script reads the CLI's output and the API's alike."""

from __future__ import annotations

from dataclasses import asdict, is_dataclass
from datetime import date, datetime
from typing import Any

from indexes.base import Facets, Hit, StatementHit
from web.panels import Attention


def iso(value: date | datetime | None) -> str | None:
    return value.isoformat() if value is not None else None


def hit_json(hit: Hit) -> dict[str, Any]:
    return {"id": hit.id, "url": hit.url, "title": hit.title, "published": iso(hit.published),
            "source": hit.source, "language": hit.language, "score": hit.score, "snippet": hit.snippet,
            "story_id": hit.story_id, "story_articles": hit.story_articles, "story_outlets": hit.story_outlets}


def statement_json(hit: StatementHit) -> dict[str, Any]:
    return {"id": hit.id, "article_id": hit.article_id, "speaker_id": hit.speaker_id,
            "speaker_surface": hit.speaker_surface, "speaker_post": hit.speaker_post, "kind": hit.kind,
            "published": iso(hit.published), "text": hit.text, "snippet": hit.snippet}


def facets_json(facets: Facets | None) -> dict[str, Any] | None:
    if facets is None:
        return None
    return {name: [{"key": b.key, "count": b.count, "label": b.label} for b in getattr(facets, name)]
            for name in ("sources", "languages", "entities", "entity_types")}


def attention_json(att: Attention) -> dict[str, Any]:
    return {
        "interval": att.interval, "all_articles": att.all_articles,
        "queries": [{"q": q.text, "colour": q.colour, "total": q.total, "share": q.share,
                     "attention": [{"start": iso(p.start), "count": p.count, "total_articles": p.total,
                                    "share": p.share} for p in q.points],
                     "facets": facets_json(q.facets)} for q in att.queries],
    }


def plain(value: Any) -> Any:
    """Dataclasses, dates and tuples as JSON-ready values (for the reading side's own records)."""
    if is_dataclass(value) and not isinstance(value, type):
        return plain(asdict(value))
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [plain(v) for v in value]
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    return value
