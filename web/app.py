"""The application: pages and API routes over the reading side, with the edge's safety around them."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles

from indexes.base import Index
from web.admission import Admission
from web.config import WebOptions
from web.errors import install_error_handlers
from web.render import Renderer
from web.routes import ROUTERS
from web.security import EdgeMiddleware, RateLimiter
from web.services import DirectoryFactory, Services

STATIC = Path(__file__).parent / "static"
DESCRIPTION = """The JSON API of Kabarchy: search Kyrgyzstan's Russian- and Kyrgyz-language media,
statements (who said what), entities and their timelines, stories and sources. Every page of
the site has a twin here. Errors are JSON: `{"error": {"status": …, "message": …}}`. Paging uses
an opaque `cursor` (`next_cursor` in an answer); `format=csv|jsonl` streams a whole result set."""


def create_app(options: WebOptions, index: Index, directory_factory: DirectoryFactory | None = None) -> FastAPI:
    """The web application over an (unopened) index and the store at `options.store_path`."""
    services = Services(options, index, directory_factory)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        services.open()
        try:
            yield
        finally:
            services.close()

    app = FastAPI(title="Kabarchy", version="0.1.0", description=DESCRIPTION, lifespan=lifespan,
                  docs_url=None, redoc_url=None)  # the CDN-hosted docs need inline script; /api/docs is ours
    renderer = Renderer()
    app.state.services = services
    app.state.renderer = renderer
    app.state.render_error = renderer.error
    install_error_handlers(app)
    for router in ROUTERS:
        app.include_router(router)
    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    limiter = RateLimiter(options.rate_limit_per_minute) if options.rate_limit_per_minute > 0 else None
    app.add_middleware(Admission, limit=options.max_concurrent_requests, wait_s=options.queue_timeout_s)
    app.add_middleware(EdgeMiddleware, limiter=limiter, trust_proxy=options.trust_proxy)  # outermost: runs first
    return app
