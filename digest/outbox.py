"""Without SMTP settings, digests are written to a folder: the .eml as sent and its HTML part.

Writing the same file again does no harm, so this channel is idempotent: a crash mid-write is
simply written again on the next run.
"""

from __future__ import annotations

import email
import email.policy
import os
import re
from collections.abc import Callable
from pathlib import Path

from digest.sendlog import SendRow


def file_stem(edition: str, kind: str, language: str, recipient: str) -> str:
    """`2021-11-28-daily-ru-reader-at-example.org`: sorts by day, readable, safe on any file system."""
    who = re.sub(r"[^A-Za-z0-9._-]+", "-", recipient.replace("@", "-at-")).strip("-")[:80]
    return f"{edition[:40]}-{kind}-{language}-{who}"


def _write(path: Path, data: bytes) -> None:
    tmp = path.with_suffix(path.suffix + ".tmp")
    tmp.write_bytes(data)
    os.replace(tmp, path)


class OutboxTransport:
    channel = "outbox"
    idempotent = True

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def send(self, row: SendRow, committing: Callable[[], None]) -> int | None:
        self.folder.mkdir(parents=True, exist_ok=True)
        payload = row.payload or b""
        stem = file_stem(row.edition, row.kind, row.language, row.recipient)
        committing()
        _write(self.folder / f"{stem}.eml", payload)
        message = email.message_from_bytes(payload, policy=email.policy.default)
        html = message.get_body(preferencelist=("html",)) if hasattr(message, "get_body") else None
        if html is not None:
            _write(self.folder / f"{stem}.html", html.get_content().encode("utf-8"))
        return None

    def close(self) -> None:
        pass
