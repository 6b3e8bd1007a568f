"""The routes, one module per page and its API twin; the list is explicit, in menu order."""

from __future__ import annotations

from fastapi import APIRouter

from web.routes import articles, meta, search, sources, statements

ROUTERS: tuple[APIRouter, ...] = (search.router, articles.router, statements.router, sources.router, meta.router)
