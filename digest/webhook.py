"""Webhook delivery: POST the digest as JSON to a subscriber's URL (a bridge to chat tools).

The Message-ID goes along as `Idempotency-Key`, so a receiver that honours it can drop a copy.
"""

from __future__ import annotations

from collections.abc import Callable

import httpx

from digest.sendlog import SendRow
from digest.transport import PermanentFailure, TemporaryFailure

RETRY_STATUSES = frozenset({408, 425, 429})


class WebhookTransport:
    channel = "webhook"
    idempotent = False

    def __init__(self, *, timeout_s: float = 30.0, user_agent: str = "Kabarchy digest",
                 client: httpx.Client | None = None) -> None:
        self._client = client or httpx.Client(timeout=timeout_s, follow_redirects=False,
                                              headers={"User-Agent": user_agent})

    def send(self, row: SendRow, committing: Callable[[], None]) -> int | None:
        headers = {"Content-Type": "application/json; charset=utf-8", "Idempotency-Key": row.message_id}
        committing()
        try:
            response = self._client.post(row.recipient, content=row.payload or b"", headers=headers)
        except httpx.HTTPError as exc:
            raise TemporaryFailure(None, f"{type(exc).__name__}: {exc}") from None
        code = response.status_code
        if 200 <= code < 300:
            return code
        message = f"HTTP {code}: {response.text[:300]}"
        if code >= 500 or code in RETRY_STATUSES:
            raise TemporaryFailure(code, message)
        raise PermanentFailure(code, message)

    def close(self) -> None:
        self._client.close()
