"""What every delivery channel (SMTP, the outbox folder, webhooks) does, and how it fails."""

from __future__ import annotations

from collections.abc import Callable
from typing import Protocol

from digest.sendlog import SendRow


class SendFailure(Exception):
    """A send did not succeed; `code` is the server's reply code when there was one."""

    def __init__(self, code: int | None, message: str) -> None:
        super().__init__(f"{code} {message}" if code else message)
        self.code = code
        self.message = message


class TemporaryFailure(SendFailure):
    """4xx, connection refused, timeout: worth trying again later."""


class ChannelDown(TemporaryFailure):
    """The server cannot be reached at all: the rest of this run's sends on the channel wait too."""


class PermanentFailure(SendFailure):
    """5xx for this recipient (or a 4xx from a webhook): trying again will not help."""


class Transport(Protocol):
    channel: str
    idempotent: bool  # sending the same row twice does no harm (the outbox folder)

    def send(self, row: SendRow, committing: Callable[[], None]) -> int | None:
        """Deliver `row.payload`; call `committing()` right before the point of no return.

        Returns the success code (250, 200, …); raises TemporaryFailure or PermanentFailure.
        """
        ...

    def close(self) -> None: ...
