"""What every route module asks for: the services, the renderer and the request's format."""

from __future__ import annotations

from typing import Literal

from fastapi import Query, Request

from web.render import Renderer
from web.services import Services

Format = Literal["json", "csv", "jsonl"]


def services(request: Request) -> Services:
    return request.app.state.services  # type: ignore[no-any-return]


def renderer(request: Request) -> Renderer:
    return request.app.state.renderer  # type: ignore[no-any-return]


def data_format(format: Format = Query("json", description="json (a page), or csv / jsonl (every row, streamed)")) -> Format:
    return format
