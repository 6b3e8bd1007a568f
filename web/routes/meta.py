"""The API's own documentation page, and the actions that change state (behind the token)."""

from __future__ import annotations

import threading
from typing import Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import Response

from web.errors import WebError, not_found
from web.render import Renderer
from web.routes.deps import renderer, services
from web.security import require_token
from web.services import Services

router = APIRouter()


@router.get("/api/docs", include_in_schema=False)
def api_docs(request: Request, r: Renderer = Depends(renderer)) -> Response:
    """The OpenAPI description as a plain page (the usual viewers need inline script and a CDN)."""
    schema = request.app.openapi()
    return r.page(request, "api_docs.html", schema=schema)


@router.post("/api/actions/{name}", status_code=202, dependencies=[Depends(require_token)],
             summary="Start a run or a reanalysis (needs the admin token)", tags=["actions"])
def start_action(name: str, svc: Services = Depends(services)) -> dict[str, Any]:
    """`run` (one ingest cycle) or `reanalyze`; answers 202 at once, 409 while one is running."""
    action = svc.options.actions.get(name)
    if action is None:
        raise not_found(f"no action {name[:40]!r} (known: {', '.join(sorted(svc.options.actions)) or 'none'})")
    if not svc.action_lock.acquire(blocking=False):  # a run and a reanalysis would fight over the store
        raise WebError(409, "another action is still running")

    def work() -> None:
        try:
            action()
        finally:
            svc.action_lock.release()

    threading.Thread(target=work, name=f"kabarchy-{name}", daemon=True).start()
    return {"started": name}
