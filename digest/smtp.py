"""Sending over SMTP: STARTTLS or SSL, optional login, one connection reused for a batch.

The conversation is driven step by step (MAIL, RCPT, then DATA) rather than with `sendmail`,
so the send log can mark the point of no return between an accepted recipient and DATA.
"""

from __future__ import annotations

import smtplib
import ssl
from collections.abc import Callable
from dataclasses import dataclass
from email.utils import parseaddr

from digest.sendlog import SendRow
from digest.transport import ChannelDown, PermanentFailure, TemporaryFailure


@dataclass(frozen=True)
class SmtpOptions:
    host: str
    port: int = 587
    security: str = "starttls"  # starttls | ssl | none
    username: str = ""
    password: str = ""
    timeout_s: float = 30.0
    from_address: str = "Kabarchy <digest@localhost>"
    ssl_context: ssl.SSLContext | None = None  # tests pass one that trusts their own certificate


def _text(reply: bytes | str) -> str:
    return reply.decode("utf-8", "replace") if isinstance(reply, bytes) else str(reply)


def _failure(code: int, reply: bytes | str, step: str) -> TemporaryFailure | PermanentFailure:
    message = f"{step}: {_text(reply)}"
    return TemporaryFailure(code, message) if 400 <= code < 500 else PermanentFailure(code, message)


class SmtpTransport:
    """One SMTP connection, opened on first use and reopened after the server drops it."""

    channel = "smtp"
    idempotent = False

    def __init__(self, options: SmtpOptions) -> None:
        self.options = options
        self._conn: smtplib.SMTP | None = None
        self.sender = parseaddr(options.from_address)[1] or options.from_address

    def _connect(self) -> smtplib.SMTP:
        o = self.options
        context = o.ssl_context or ssl.create_default_context()
        try:
            if o.security == "ssl":
                conn: smtplib.SMTP = smtplib.SMTP_SSL(o.host, o.port, timeout=o.timeout_s, context=context)
            else:
                conn = smtplib.SMTP(o.host, o.port, timeout=o.timeout_s)
                if o.security == "starttls":
                    conn.starttls(context=context)
                    conn.ehlo()
            conn.ehlo_or_helo_if_needed()
            if o.username:
                conn.login(o.username, o.password)
        except smtplib.SMTPAuthenticationError as exc:
            # A login problem is the operator's to fix; the digests wait for it, they are not lost.
            raise ChannelDown(exc.smtp_code, f"login refused: {_text(exc.smtp_error)}") from None
        except smtplib.SMTPResponseException as exc:
            raise ChannelDown(exc.smtp_code, f"connect: {_text(exc.smtp_error)}") from None
        except (OSError, smtplib.SMTPException) as exc:  # refused, timeout, TLS, dropped
            raise ChannelDown(None, f"cannot reach {o.host}:{o.port}: {type(exc).__name__}: {exc}") from None
        return conn

    def send(self, row: SendRow, committing: Callable[[], None]) -> int | None:
        if self._conn is None:
            self._conn = self._connect()
        conn = self._conn
        try:
            code, reply = conn.mail(self.sender)
            if code != 250:
                conn.rset()
                raise _failure(code, reply, "MAIL FROM")
            code, reply = conn.rcpt(row.recipient)
            if code not in (250, 251):
                conn.rset()
                raise _failure(code, reply, "RCPT TO")
            committing()
            code, reply = conn.data(row.payload or b"")
        except smtplib.SMTPDataError as exc:  # DATA itself refused (before the message went)
            self._reset()
            raise _failure(exc.smtp_code, exc.smtp_error, "DATA") from None
        except (OSError, smtplib.SMTPServerDisconnected) as exc:
            self.close()
            raise TemporaryFailure(None, f"connection lost: {type(exc).__name__}: {exc}") from None
        if code != 250:
            self._reset()
            raise _failure(code, reply, "end of DATA")
        return code

    def _reset(self) -> None:
        try:
            if self._conn is not None:
                self._conn.rset()
        except (OSError, smtplib.SMTPException):
            self.close()

    def close(self) -> None:
        if self._conn is not None:
            try:
                self._conn.quit()
            except (OSError, smtplib.SMTPException):
                self._conn.close()
            self._conn = None
