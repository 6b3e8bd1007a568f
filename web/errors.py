"""Errors with a clear message and the right status: JSON under /api, a page everywhere else."""

from __future__ import annotations

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, Response
from starlette.exceptions import HTTPException as StarletteHTTPException

from indexes.base import IndexError_, IndexUnavailable, QueryError


class WebError(Exception):
    """A request the server will not or cannot answer; `message` is shown to the visitor."""

    def __init__(self, status: int, message: str, headers: dict[str, str] | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.message = message
        self.headers = headers or {}


def bad_request(message: str) -> WebError:
    return WebError(400, message)


def not_found(message: str) -> WebError:
    return WebError(404, message)


def wants_json(request: Request) -> bool:
    return request.url.path.startswith("/api/") or request.url.path == "/openapi.json"


def error_response(request: Request, status: int, message: str, headers: dict[str, str] | None = None) -> Response:
    if wants_json(request):
        return JSONResponse({"error": {"status": status, "message": message}}, status_code=status, headers=headers)
    render = getattr(request.app.state, "render_error", None)
    if render is None:
        return HTMLResponse(f"<h1>{status}</h1>", status_code=status, headers=headers)
    return render(request, status, message, headers)


def _validation_message(exc: RequestValidationError) -> str:
    parts = []
    for err in exc.errors():
        where = ".".join(str(p) for p in err.get("loc", ()) if p not in ("query", "path", "body"))
        parts.append(f"{where}: {err.get('msg', 'invalid')}" if where else str(err.get("msg", "invalid")))
    return "; ".join(parts) or "invalid request"


def install_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(WebError)
    async def _web_error(request: Request, exc: WebError) -> Response:
        return error_response(request, exc.status, exc.message, exc.headers)

    @app.exception_handler(RequestValidationError)
    async def _invalid(request: Request, exc: RequestValidationError) -> Response:
        return error_response(request, 400, _validation_message(exc))

    @app.exception_handler(QueryError)
    async def _query(request: Request, exc: QueryError) -> Response:
        return error_response(request, 400, str(exc))

    @app.exception_handler(IndexUnavailable)
    async def _down(request: Request, exc: IndexUnavailable) -> Response:
        return error_response(request, 503, f"the search index is unavailable: {exc}", {"Retry-After": "30"})

    @app.exception_handler(IndexError_)
    async def _index(request: Request, exc: IndexError_) -> Response:
        return error_response(request, 502, f"the search index could not answer: {exc}")

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException) -> Response:
        message = {404: "no such page", 405: "method not allowed"}.get(exc.status_code, str(exc.detail))
        return error_response(request, exc.status_code, message, getattr(exc, "headers", None))
