"""Story pages (/stories/{id}) and their API twin: one event as every outlet told it."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import Response

from indexes.stories import StoryMember, StorySummary, story_detail
from web.errors import not_found
from web.render import Renderer
from web.routes.deps import renderer, services
from web.serialise import plain
from web.services import Services

router = APIRouter()


def story_view(svc: Services, story_id: str) -> tuple[StorySummary, list[StoryMember]]:
    detail = story_detail(svc.store(), story_id)
    if detail is None:
        raise not_found(f"no story {story_id[:80]!r}")
    return detail


@router.get("/stories/{story_id}", include_in_schema=False)
def story_html(story_id: str, request: Request, svc: Services = Depends(services),
               r: Renderer = Depends(renderer)) -> Response:
    summary, members = story_view(svc, story_id)
    return r.page(request, "story.html", story=summary, members=members, source_names=svc.source_names())


@router.get("/api/stories/{story_id}", summary="One story and its articles", tags=["stories"])
def story_api(story_id: str, svc: Services = Depends(services)) -> dict[str, Any]:
    summary, members = story_view(svc, story_id)
    return {**plain(summary), "members": plain(members)}
