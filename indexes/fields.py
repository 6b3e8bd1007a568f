"""One vocabulary of field names for every JSON (and CSV) Kabarchy writes: `export`, `search`,
`statements`, `article`, `analyze` and the web API build their records here, so `entity_id`,
`type`, `article_id`, `source`, `published` mean the same thing everywhere.

Records are plain dicts of JSON values (dates as ISO 8601 strings). Anything that speaks about
an article carries its provenance: `article_id`, `title`, `source`, `url`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from pipeline.records import Mention, Statement

from indexes.base import Hit, StatementHit
from indexes.changes import ArticleHistory, Change
from indexes.stories import StoryMember, StorySummary

# Column order for tables and CSV, per record kind (JSON keeps the same order).
HIT_FIELDS = ("id", "published", "source", "language", "title", "url", "score", "snippet")
STATEMENT_FIELDS = ("id", "published", "speaker_id", "speaker_surface", "speaker_post", "kind", "text",
                    "article_id", "title", "source", "url", "snippet")
STORY_FIELDS = ("id", "articles", "outlets", "languages", "first_publisher", "first_seen", "last_seen",
                "first_article_id", "headlines")
STORY_MEMBER_FIELDS = ("article_id", "published", "source", "language", "relation", "score", "title", "url")
ARTICLE_FIELDS = ("id", "published", "source", "language", "title", "url", "author", "lead", "text",
                  "story_id", "versions", "removal", "entities", "statements")


@dataclass(frozen=True)
class Provenance:
    """Where a statement or mention comes from: its article's title, source and address."""

    article_id: str
    title: str
    source: str
    url: str


def iso(value: datetime | str | None) -> str | None:
    if value is None or isinstance(value, str):
        return value
    return value.isoformat()


def mention_record(m: Mention) -> dict[str, Any]:
    return {"entity_id": m.entity_id, "type": m.entity_type, "name": m.name, "surface": m.surface,
            "start": m.start, "end": m.end, "method": m.method}


def statement_record(s: Statement) -> dict[str, Any]:
    """A statement inside its article's record (the article gives the provenance)."""
    return {"speaker_id": s.speaker_id, "speaker_surface": s.speaker_surface, "speaker_post": s.speaker_post,
            "text": s.text, "kind": s.kind, "cue": s.cue, "start": s.start, "end": s.end,
            "speaker_reason": s.speaker_reason or None}


def hit_record(hit: Hit) -> dict[str, Any]:
    return {"id": hit.id, "published": iso(hit.published), "source": hit.source, "language": hit.language,
            "title": hit.title, "url": hit.url, "score": hit.score, "snippet": hit.snippet}


def statement_hit_record(hit: StatementHit, where: Provenance | None) -> dict[str, Any]:
    """A statement found by search, with its article's title, source and URL."""
    return {"id": hit.id, "published": iso(hit.published), "speaker_id": hit.speaker_id,
            "speaker_surface": hit.speaker_surface, "speaker_post": hit.speaker_post, "kind": hit.kind,
            "text": hit.text, "article_id": hit.article_id, "title": where.title if where else None,
            "source": where.source if where else None, "url": where.url if where else None,
            "snippet": hit.snippet}


def article_record(row: Mapping[str, Any], mentions: list[Mention], statements: list[Statement], *,
                   story_id: str | None = None, revision: tuple[int, str] = (1, "live")) -> dict[str, Any]:
    """A stored article (a store row) with its story, entities and statements, and what revisits
    saw: `versions` (> 1: edited after publication) and `removal` (removed, redirected,
    unreachable, or None while the article is in place)."""
    return {"id": row["id"], "published": row["published"], "source": row["source_id"],
            "language": row["language"], "title": row["title"], "url": row["final_url"] or row["url"],
            "author": row["author"], "lead": row["lead"], "text": row["text"], "story_id": story_id,
            "versions": revision[0], "removal": None if revision[1] == "live" else revision[1],
            "entities": [mention_record(m) for m in mentions],
            "statements": [statement_record(s) for s in statements]}


def change_record(change: Change) -> dict[str, Any]:
    """A change after publication (`kabarchy changes`, `/api/changes`)."""
    return {
        "article_id": change.article_id, "at": iso(change.at), "kind": change.kind,
        "version": change.version, "title": change.title, "url": change.url, "source": change.source,
        "language": change.language, "detail": change.detail,
        "analysis": [{"what": a.what, "change": a.change, "entity_id": a.entity_id, "surface": a.surface,
                      "text": a.text, "last_seen_version": a.last_seen_version} for a in change.analysis],
    }


def story_record(s: StorySummary) -> dict[str, Any]:
    """A story's summary (`kabarchy stories`, and the head of `kabarchy story`)."""
    return {
        "id": s.id, "headlines": s.headlines, "first_article_id": s.first_article_id,
        "first_publisher": s.first_publisher, "first_seen": iso(s.first_seen), "last_seen": iso(s.last_seen),
        "articles": s.articles, "outlets": list(s.outlets), "languages": list(s.languages),
    }


def story_member_record(m: StoryMember) -> dict[str, Any]:
    """One article of a story and how it joined (`kabarchy story`)."""
    return {"article_id": m.article_id, "source": m.source, "language": m.language, "title": m.title,
            "url": m.url, "published": iso(m.published), "relation": m.relation, "score": m.score}


def history_record(history: ArticleHistory) -> dict[str, Any]:
    """An article's versions and takedown record (`article --history --json`, its API twin)."""
    return {
        "article_id": history.article_id, "state": history.state, "edited": history.edited,
        "state_since": iso(history.state_since), "last_good_at": iso(history.last_good_at),
        "first_failed_at": iso(history.first_failed_at),
        "versions": [{"version": v.version, "seen_at": iso(v.seen_at), "title": v.title, "diff": v.diff}
                     for v in history.versions],
        "changes": [change_record(c) for c in history.changes],
    }
