"""What changed after publication: the recent-changes page, an article's history, and their API
twins. Both ask `indexes.changes`, the same functions as `kabarchy changes` and `article --history`."""

from __future__ import annotations

from datetime import date
from typing import Any, Literal

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import Response

from indexes.changes import KINDS, ArticleHistory, ChangesQuery, article_history, recent_changes
from indexes.fields import change_record, history_record
from web.errors import not_found
from web.render import Renderer
from web.routes.deps import renderer, services
from web.services import Services

router = APIRouter()
Kind = Literal["edit", "removed", "redirected", "unreachable", "restored"]


def _query(kind: list[Kind] | None, source: list[str] | None, date_from: date | None, date_to: date | None,
           entity: str | None, limit: int) -> ChangesQuery:
    return ChangesQuery(date_from=date_from, date_to=date_to, sources=tuple(source or ()),
                        kinds=tuple(kind or ()), entity_id=entity, limit=limit)


@router.get("/changes", include_in_schema=False)
def changes_html(request: Request, kind: list[Kind] | None = Query(None), source: list[str] | None = Query(None),
                 date_from: date | None = Query(None, alias="from"), date_to: date | None = Query(None, alias="to"),
                 entity: str | None = Query(None, max_length=200), limit: int = Query(100, ge=1, le=500),
                 svc: Services = Depends(services), r: Renderer = Depends(renderer)) -> Response:
    found = recent_changes(svc.store(), _query(kind, source, date_from, date_to, entity, limit))
    return r.page(request, "changes.html", changes=found, kinds=KINDS, chosen=set(kind or ()),
                  date_from=date_from, date_to=date_to, source_names=svc.source_names())


@router.get("/api/changes", summary="Edits, removals and restorations after publication", tags=["changes"])
def changes_api(kind: list[Kind] | None = Query(None), source: list[str] | None = Query(None),
                date_from: date | None = Query(None, alias="from"), date_to: date | None = Query(None, alias="to"),
                entity: str | None = Query(None, max_length=200), limit: int = Query(100, ge=1, le=500),
                svc: Services = Depends(services)) -> dict[str, Any]:
    """Newest first; the same records as `kabarchy changes --json`."""
    found = recent_changes(svc.store(), _query(kind, source, date_from, date_to, entity, limit))
    return {"changes": [change_record(c) for c in found]}


def _history(svc: Services, article_id: str) -> ArticleHistory:
    history = article_history(svc.store(), article_id)
    if history is None:
        raise not_found(f"no article {article_id[:80]!r}")
    return history


@router.get("/articles/{article_id}/history", include_in_schema=False)
def history_html(article_id: str, request: Request, svc: Services = Depends(services),
                 r: Renderer = Depends(renderer)) -> Response:
    history = _history(svc, article_id)
    row = svc.store().article_row(article_id)
    return r.page(request, "history.html", history=history, title=row["title"] if row else article_id)


@router.get("/api/articles/{article_id}/history", summary="An article's versions, diffs and takedown record",
            tags=["articles"])
def history_api(article_id: str, svc: Services = Depends(services)) -> dict[str, Any]:
    return history_record(_history(svc, article_id))
