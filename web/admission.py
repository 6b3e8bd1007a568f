"""Backpressure: at most `limit` requests are worked on at once; the rest wait their turn in
arrival order, and one that cannot start within `wait_s` is answered at once with 503 and
`Retry-After` — an overloaded server says so quickly instead of letting clients wait a minute.

Working on fewer requests at once is also faster: on a small machine, forty threads contending
for two cores and one interpreter lock finish each request later than eight do.
"""

from __future__ import annotations

import asyncio

from fastapi import Request
from starlette.types import ASGIApp, Receive, Scope, Send

from web.errors import error_response

RETRY_AFTER_S = 2


class Admission:
    """An ASGI middleware admitting `limit` HTTP requests at a time (static files need no turn)."""

    def __init__(self, app: ASGIApp, limit: int, wait_s: float) -> None:
        self.app = app
        self.limit = limit
        self.wait_s = wait_s
        self._slots: asyncio.Semaphore | None = None  # made on the server's event loop

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["path"].startswith("/static/"):
            await self.app(scope, receive, send)
            return
        if self._slots is None:
            self._slots = asyncio.Semaphore(self.limit)
        try:
            await asyncio.wait_for(self._slots.acquire(), self.wait_s)
        except TimeoutError:
            response = error_response(Request(scope), 503, f"the server is busy: try again in {RETRY_AFTER_S} s",
                                      {"Retry-After": str(RETRY_AFTER_S)})
            await response(scope, receive, send)
            return
        try:
            await self.app(scope, receive, send)
        finally:
            self._slots.release()
