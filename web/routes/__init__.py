"""The routes, one module per page and its API twin; the list is explicit, in menu order."""

from __future__ import annotations

from fastapi import APIRouter

from web.routes import articles, changes, digests, entities, meta, search, sources, statements, stories

ROUTERS: tuple[APIRouter, ...] = (
    search.router, articles.router, stories.router, entities.router, statements.router, sources.router,
    changes.router, digests.router, meta.router,
)
