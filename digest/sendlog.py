"""The send log: each (channel, recipient, edition) is sent at most once, and retried until it is.

How the crash window between the server's `250` and the log write is closed:

1. `prepare` writes the whole message (bytes, with a Message-ID derived from the send's key)
   in state `prepared` before any connection is made. A retry resends exactly those bytes.
2. The transport calls back `committing` at its point of no return (SMTP: after the recipient
   is accepted, right before DATA; webhook: right before the POST). That state is committed to
   the store before the payload leaves.
3. `sent`, `temporary` (retry with backoff) or `permanent` record the outcome.

A process that dies after step 2 leaves `committing` behind. On the next run `recover` turns a
stale `committing` row into `unconfirmed` — never resent by itself (the server may have said
250), shown by `kabarchy status`, resendable by hand — unless the channel is idempotent (the
outbox folder rewrites the same file), where it simply goes out again. A crash before step 2
leaves `prepared`, which is safe to send. So the only cost of a crash in the few milliseconds of
DATA is a digest reported as unconfirmed, never a second copy.
"""

from __future__ import annotations

import hashlib
import sqlite3
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

from pipeline.store import Store, transaction
from pipeline.store.db import iso, utcnow

OPEN_STATES = ("prepared", "retry")  # waiting to be sent
DONE_STATES = ("sent", "failed", "unconfirmed")  # never sent again by a run


def send_key(channel: str, recipient: str, kind: str, edition: str) -> str:
    """The stable id of one send; also the left part of its Message-ID."""
    raw = "\x1f".join((channel, recipient.strip().lower(), kind, edition))
    return hashlib.sha256(raw.encode("utf-8")).hexdigest()[:32]


@dataclass(frozen=True)
class Envelope:
    """A rendered message for one recipient on one channel, ready to be logged and sent."""

    channel: str  # smtp | outbox | webhook
    recipient: str
    kind: str  # daily | alert
    edition: str  # YYYY-MM-DD for a daily digest; the item-set hash for an alert
    language: str
    message_id: str
    payload: bytes
    filename: str = ""  # outbox: the file name stem

    @property
    def id(self) -> str:
        return send_key(self.channel, self.recipient, self.kind, self.edition)


@dataclass(frozen=True)
class SendRow:
    id: str
    channel: str
    recipient: str
    kind: str
    edition: str
    language: str
    message_id: str
    payload: bytes | None
    state: str
    attempts: int
    next_retry: str | None
    last_code: int | None
    last_error: str | None
    updated_at: str
    sent_at: str | None

    @classmethod
    def of(cls, row: sqlite3.Row) -> SendRow:
        return cls(**{k: row[k] for k in cls.__dataclass_fields__})


class SendLog:
    """The `digest_sends` table: one row per send, moved through its states by the delivery loop."""

    def __init__(self, store: Store, *, retry_base: timedelta = timedelta(minutes=5), max_attempts: int = 8,
                 stale_after: timedelta = timedelta(minutes=10), clock: Callable[[], datetime] = utcnow) -> None:
        self.conn = store.conn
        self.retry_base = retry_base
        self.max_attempts = max_attempts
        self.stale_after = stale_after  # a `committing` row older than this has lost its process
        self.clock = clock

    def get(self, send_id: str) -> SendRow | None:
        row = self.conn.execute("SELECT * FROM digest_sends WHERE id=?", (send_id,)).fetchone()
        return SendRow.of(row) if row else None

    def exists(self, channel: str, recipient: str, kind: str, edition: str) -> bool:
        return self.get(send_key(channel, recipient, kind, edition)) is not None

    def prepare(self, envelope: Envelope, claim_items: Iterable[str] = ()) -> bool:
        """Log a message before sending it; False when this send is already logged.

        An alert's items are claimed in the same transaction, so they never go out twice even if
        the alert itself ends up unconfirmed.
        """
        now = iso(self.clock())
        with transaction(self.conn):
            cur = self.conn.execute(
                """INSERT INTO digest_sends(id, channel, recipient, kind, edition, language, message_id,
                       payload, state, created_at, updated_at)
                   VALUES (?,?,?,?,?,?,?,?,'prepared',?,?) ON CONFLICT(id) DO NOTHING""",
                (envelope.id, envelope.channel, envelope.recipient, envelope.kind, envelope.edition,
                 envelope.language, envelope.message_id, envelope.payload, now, now))
            if cur.rowcount != 1:
                return False
            self.conn.executemany(
                "INSERT INTO digest_alert_items(recipient, item_id, send_id, at) VALUES (?,?,?,?) "
                "ON CONFLICT(recipient, item_id) DO NOTHING",
                [(envelope.recipient, item, envelope.id, now) for item in claim_items])
        return True

    def items_since(self, recipient: str, since: datetime) -> set[str]:
        """The items the recipient has been alerted about since a moment."""
        rows = self.conn.execute("SELECT item_id FROM digest_alert_items WHERE recipient=? AND at >= ?",
                                 (recipient, iso(since)))
        return {r[0] for r in rows}

    def due(self, channels: Iterable[str] | None = None) -> list[SendRow]:
        """Sends waiting to go out now: new ones and retries whose time has come."""
        rows = self.conn.execute(
            """SELECT * FROM digest_sends WHERE state='prepared' OR (state='retry' AND next_retry <= ?)
               ORDER BY created_at, id""", (iso(self.clock()),))
        wanted = set(channels) if channels is not None else None
        return [SendRow.of(r) for r in rows if wanted is None or r["channel"] in wanted]

    def committing(self, send_id: str) -> None:
        """The point of no return: from here a crash means 'maybe delivered'."""
        self._set(send_id, "committing", attempts_inc=1)

    def sent(self, send_id: str, code: int | None) -> None:
        now = iso(self.clock())
        self.conn.execute(
            """UPDATE digest_sends SET state='sent', last_code=?, last_error=NULL, next_retry=NULL, payload=NULL,
                   sent_at=?, updated_at=? WHERE id=?""", (code, now, now, send_id))

    def temporary(self, send_id: str, code: int | None, error: str) -> str:
        """A 4xx, refused connection or timeout: retry later with backoff, or give up; returns the state."""
        row = self.get(send_id)
        attempts = row.attempts if row else 0
        if row is not None and row.state != "committing":
            attempts += 1  # failed before the point of no return: still an attempt
        state = "failed" if attempts >= self.max_attempts else "retry"
        delay = self.retry_base * (2 ** max(0, attempts - 1))
        self.conn.execute(
            """UPDATE digest_sends SET state=?, attempts=?, last_code=?, last_error=?, next_retry=?, updated_at=?
               WHERE id=?""",
            (state, attempts, code, error[:2000], iso(self.clock() + delay), iso(self.clock()), send_id))
        return state

    def permanent(self, send_id: str, code: int | None, error: str) -> None:
        """A 5xx for this recipient (or a 4xx from a webhook): recorded, never retried."""
        self.conn.execute(
            """UPDATE digest_sends SET state='failed', last_code=?, last_error=?, next_retry=NULL, updated_at=?
               WHERE id=?""", (code, error[:2000], iso(self.clock()), send_id))

    def recover(self, idempotent_channels: Iterable[str] = ()) -> list[str]:
        """After a crash: stale `committing` rows become `unconfirmed` (or go again when idempotent)."""
        cutoff = iso(self.clock() - self.stale_after)
        rows = list(self.conn.execute(
            "SELECT id, channel FROM digest_sends WHERE state='committing' AND updated_at <= ?", (cutoff,)))
        again = set(idempotent_channels)
        for send_id, channel in rows:
            if channel in again:
                self._set(send_id, "prepared")
            else:
                self._set(send_id, "unconfirmed", error="the process stopped after handing the message over and "
                          "before the answer was logged; it may have been delivered, so it is not resent")
        return [r[0] for r in rows]

    def resend(self, send_id: str) -> bool:
        """By hand: send an unconfirmed or failed message again (same bytes, same Message-ID)."""
        cur = self.conn.execute(
            "UPDATE digest_sends SET state='prepared', next_retry=NULL, updated_at=? WHERE id=? "
            "AND state IN ('unconfirmed','failed') AND payload IS NOT NULL", (iso(self.clock()), send_id))
        return cur.rowcount == 1

    def problems(self, limit: int = 50) -> list[SendRow]:
        """Failed, unconfirmed and retrying sends, newest first: what `kabarchy status` shows."""
        rows = self.conn.execute(
            """SELECT * FROM digest_sends WHERE state IN ('failed','unconfirmed','retry')
               ORDER BY updated_at DESC LIMIT ?""", (limit,))
        return [SendRow.of(r) for r in rows]

    def counts(self) -> dict[str, int]:
        return {r[0]: r[1] for r in self.conn.execute("SELECT state, COUNT(*) FROM digest_sends GROUP BY state")}

    def _set(self, send_id: str, state: str, *, attempts_inc: int = 0, error: str | None = None) -> None:
        self.conn.execute(
            """UPDATE digest_sends SET state=?, attempts=attempts+?, last_error=COALESCE(?, last_error),
                   updated_at=? WHERE id=?""", (state, attempts_inc, error, iso(self.clock()), send_id))
