"""Safety at the edge: security headers with a strict Content-Security-Policy, bounded request
sizes, a per-client rate limit on the API, and a bearer token for actions that change state.

Article content is untrusted everywhere: templates autoescape it, and the policy forbids inline
script, so even a payload that slipped through could not run.
"""

from __future__ import annotations

import hmac
import math
import threading
import time
from collections import OrderedDict

from fastapi import Request
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from web.config import MAX_URL_CHARS
from web.errors import WebError, error_response

CSP = ("default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; "
       "connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'")
HEADERS = [
    (b"content-security-policy", CSP.encode()),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"no-referrer"),
    (b"x-frame-options", b"DENY"),
    (b"cross-origin-opener-policy", b"same-origin"),
]


class RateLimiter:
    """A token bucket per client: `per_minute` requests a minute, bursts up to the same number."""

    def __init__(self, per_minute: int, max_clients: int = 10_000) -> None:
        self.rate = per_minute / 60.0
        self.capacity = float(per_minute)
        self.max_clients = max_clients
        self._buckets: OrderedDict[str, tuple[float, float]] = OrderedDict()
        self._lock = threading.Lock()

    def check(self, client: str, now: float | None = None) -> float:
        """0 if the request may go ahead, else the seconds until it may."""
        now = time.monotonic() if now is None else now
        with self._lock:
            tokens, last = self._buckets.pop(client, (self.capacity, now))
            tokens = min(self.capacity, tokens + (now - last) * self.rate)
            wait = 0.0
            if tokens >= 1:
                tokens -= 1
            else:
                wait = (1 - tokens) / self.rate
            self._buckets[client] = (tokens, now)
            while len(self._buckets) > self.max_clients:
                self._buckets.popitem(last=False)  # the longest-idle client
            return wait


def client_address(scope: Scope, trust_proxy: bool) -> str:
    if trust_proxy:
        for key, value in scope.get("headers", []):
            if key == b"x-forwarded-for":
                return value.decode("latin-1").split(",")[0].strip()
    client = scope.get("client")
    return client[0] if client else "unknown"


class EdgeMiddleware:
    """Security headers on every answer; URL size and the API rate limit checked before routing."""

    def __init__(self, app: ASGIApp, limiter: RateLimiter | None, trust_proxy: bool = False) -> None:
        self.app = app
        self.limiter = limiter
        self.trust_proxy = trust_proxy

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                message["headers"] = list(message.get("headers", [])) + HEADERS
            await send(message)

        refusal = self._refusal(scope)
        if refusal is not None:
            status, text, headers = refusal
            response = error_response(Request(scope), status, text, headers)
            await response(scope, receive, send_with_headers)
            return
        await self.app(scope, receive, send_with_headers)

    def _refusal(self, scope: Scope) -> tuple[int, str, dict[str, str] | None] | None:
        if len(scope.get("query_string", b"")) + len(scope.get("path", "")) > MAX_URL_CHARS:
            return 414, f"the address is longer than {MAX_URL_CHARS} characters", None
        if self.limiter is not None and scope["path"].startswith("/api/"):
            wait = self.limiter.check(client_address(scope, self.trust_proxy))
            if wait > 0:
                seconds = max(1, math.ceil(wait))
                return 429, f"too many requests; try again in {seconds} s", {"Retry-After": str(seconds)}
        return None


def require_token(request: Request) -> None:
    """Actions that change state need `Authorization: Bearer <web.admin_token>`."""
    expected = request.app.state.services.options.admin_token
    if not expected:
        raise WebError(403, "actions that change state are off: no web.admin_token is configured")
    given = request.headers.get("authorization", "")
    scheme, _, token = given.partition(" ")
    if scheme.lower() != "bearer" or not token:
        raise WebError(401, "this action needs a bearer token (Authorization: Bearer …)",
                       {"WWW-Authenticate": "Bearer"})
    if not hmac.compare_digest(token.strip().encode(), expected.encode()):
        raise WebError(403, "wrong token")
