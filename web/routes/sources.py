"""Sources: the health table (last success, last error, articles per day, failing endpoints)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import Response

from web.render import Renderer
from web.routes.deps import renderer, services
from web.services import Services

router = APIRouter()


def health(svc: Services, days: int) -> list[dict[str, Any]]:
    return svc.store().source_health(days=days)


@router.get("/sources", include_in_schema=False)
def sources_html(request: Request, days: int = Query(7, ge=1, le=365), svc: Services = Depends(services),
                 r: Renderer = Depends(renderer)) -> Response:
    return r.page(request, "sources.html", sources=health(svc, days), days=days)


@router.get("/api/sources", summary="Per-source health", tags=["sources"])
def sources_api(days: int = Query(7, ge=1, le=365, description="window for articles per day"),
                svc: Services = Depends(services)) -> dict[str, Any]:
    """The same figures as `kabarchy status --json`."""
    return {"days": days, "sources": health(svc, days)}
