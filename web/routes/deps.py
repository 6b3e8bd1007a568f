"""What every route module asks for: the services, the renderer and the request's format.

They are `async` on purpose: FastAPI runs a plain `def` dependency in its thread pool, and a
thread hop per dependency cost more than these attribute reads under load."""

from __future__ import annotations

from typing import Literal

from fastapi import Query, Request

from web.render import Renderer
from web.services import Services

Format = Literal["json", "csv", "jsonl"]


async def services(request: Request) -> Services:
    return request.app.state.services  # type: ignore[no-any-return]


async def renderer(request: Request) -> Renderer:
    return request.app.state.renderer  # type: ignore[no-any-return]


async def data_format(format: Format = Query("json", description="json (a page), or csv / jsonl (every row, streamed)")) -> Format:
    return format
