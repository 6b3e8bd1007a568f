"""Article pages (/articles/{id}) and their API twin: the stored text, annotated, with its story."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import Response

from indexes.changes import article_history
from indexes.stories import article_story, story_detail
from pipeline.records import Mention, Statement
from web.annotate import MentionSpan, StatementSpan, annotate
from web.errors import not_found
from web.lang import request_language
from web.links import Links
from web.render import Renderer
from web.routes.deps import renderer, services
from web.serialise import plain
from web.services import Services

router = APIRouter()


@dataclass(frozen=True)
class ArticleView:
    id: str
    url: str
    source: str
    source_name: str
    title: str
    lead: str
    text: str
    language: str
    author: str
    published: datetime | None
    mentions: tuple[Mention, ...]
    statements: tuple[Statement, ...]

    def json(self) -> dict[str, Any]:
        """The same record as one line of `kabarchy export`."""
        return {
            "id": self.id, "url": self.url, "source": self.source, "source_name": self.source_name,
            "title": self.title, "text": self.text, "lead": self.lead, "author": self.author,
            "published": self.published.isoformat() if self.published else None, "language": self.language,
            "entities": [{"id": m.entity_id, "type": m.entity_type, "name": m.name, "surface": m.surface,
                          "start": m.start, "end": m.end} for m in self.mentions],
            "statements": [{"speaker_id": s.speaker_id, "speaker_surface": s.speaker_surface,
                            "speaker_post": s.speaker_post, "text": s.text, "kind": s.kind, "cue": s.cue,
                            "start": s.start, "end": s.end} for s in self.statements],
        }


def article_view(svc: Services, article_id: str) -> ArticleView:
    store = svc.store()
    row = store.article_row(article_id)
    if row is None or row["stage"] not in ("extracted", "analysed") or row["text"] is None:
        raise not_found(f"no article {article_id[:80]!r}")
    source = store.source_row(row["source_id"])
    return ArticleView(
        id=row["id"], url=row["final_url"] or row["url"], source=row["source_id"],
        source_name=(source["name"] if source is not None else "") or row["source_id"],
        title=row["title"] or "", lead=row["lead"] or "", text=row["text"] or "", language=row["language"] or "",
        author=row["author"] or "",
        published=datetime.fromisoformat(row["published"]) if row["published"] else None,
        mentions=tuple(store.mentions(article_id)), statements=tuple(store.statements(article_id)))


def annotated_text(view: ArticleView, links: Links) -> Any:
    mentions = [MentionSpan(m.start, m.end, m.entity_id, m.name) for m in view.mentions]
    statements = [StatementSpan(s.start, s.end, i + 1, s.speaker_surface) for i, s in enumerate(view.statements)]
    return annotate(view.text, mentions, statements, lambda entity_id: links.to("/entities", entity_id))


def distinct_entities(view: ArticleView) -> list[Mention]:
    seen: dict[str, Mention] = {}
    for m in view.mentions:
        seen.setdefault(m.entity_id, m)
    return list(seen.values())


def entity_names(svc: Services, view: ArticleView, lang: str) -> dict[str, str]:
    """Mentioned entities' names in the reader's language (the directory's), else as analysed."""
    directory = svc.directory()
    names = {}
    for m in view.mentions:
        info = directory.get(m.entity_id) if directory is not None else None
        names[m.entity_id] = info.name(lang) if info is not None else m.name
    return names


@router.get("/articles/{article_id}", include_in_schema=False)
def article_html(article_id: str, request: Request, svc: Services = Depends(services),
                 r: Renderer = Depends(renderer)) -> Response:
    view = article_view(svc, article_id)
    story = article_story(svc.store(), article_id)
    detail = story_detail(svc.store(), story.id) if story is not None else None
    members = [m for m in detail[1] if m.article_id != article_id] if detail else []
    return r.page(request, "article.html", article=view, body=annotated_text(view, Links(request)),
                  history=article_history(svc.store(), article_id),
                  entities=distinct_entities(view), story=story if members else None, members=members,
                  source_names=svc.source_names(), names=entity_names(svc, view, request_language(request)))


@router.get("/api/articles/{article_id}", summary="One article with its entities and statements", tags=["articles"])
def article_api(article_id: str, svc: Services = Depends(services)) -> dict[str, Any]:
    """The article as `kabarchy export` writes it, with its story (id and other articles)."""
    story = article_story(svc.store(), article_id)
    view = article_view(svc, article_id)
    detail = story_detail(svc.store(), story.id) if story is not None else None
    return {**view.json(), "story_id": story.id if story else None,
            "story_articles": plain([m for m in detail[1] if m.article_id != article_id]) if detail else []}
