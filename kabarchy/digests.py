"""Digests and alerts wired from Settings: the transports, the send log, the subscriptions.

Used by `kabarchy digest` and by the run loop's hook (`after_cycle`). Without SMTP settings the
email channel is the outbox folder (data/outbox/); webhooks are always available.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.table import Table

from digest.delivery import DeliveryReport, deliver
from digest.editions import Editions, PrepareReport
from digest.links import Links
from digest.outbox import OutboxTransport
from digest.sendlog import SendLog
from digest.smtp import SmtpOptions, SmtpTransport
from digest.subscriptions import SubscriptionsFile, load_subscriptions, resolve
from digest.transport import Transport
from digest.webhook import WebhookTransport
from indexes.base import Index
from indexes.dates import BISHKEK, bishkek_day
from kabarchy.backends import make_index
from kabarchy.entities import build_directory
from kabarchy.settings import Settings
from pipeline.store import Store
from pipeline.store.db import utcnow

log = logging.getLogger("kabarchy.digest")


def links(settings: Settings) -> Links:
    return Links(settings.digest_base_url, settings.digest_unsubscribe_secret)


def email_channel(settings: Settings) -> str:
    return "smtp" if settings.smtp_host else "outbox"


def transports(settings: Settings, outbox_dir: Path | None = None) -> dict[str, Transport]:
    email: Transport
    if settings.smtp_host:
        email = SmtpTransport(SmtpOptions(
            host=settings.smtp_host, port=settings.smtp_port, security=settings.smtp_security,
            username=settings.smtp_username, password=settings.smtp_password, timeout_s=settings.smtp_timeout_s,
            from_address=settings.digest_from_address))
    else:
        email = OutboxTransport(outbox_dir or settings.outbox_dir)
    return {email.channel: email, "webhook": WebhookTransport(timeout_s=settings.smtp_timeout_s,
                                                              user_agent=settings.fetch_user_agent)}


def sendlog(settings: Settings, store: Store, clock: Callable[[], datetime] = utcnow) -> SendLog:
    return SendLog(store, retry_base=timedelta(minutes=settings.digest_retry_minutes),
                   max_attempts=settings.digest_max_attempts,
                   stale_after=timedelta(seconds=max(60.0, 4 * settings.smtp_timeout_s)), clock=clock)


@dataclass
class DigestSession:
    """An open store, index and directory, with the subscriptions resolved against the directory."""

    settings: Settings
    store: Store
    index: Index
    editions: Editions
    subscriptions: SubscriptionsFile

    def deliver(self) -> DeliveryReport:
        channels = transports(self.settings)
        try:
            return deliver(self.editions.sendlog, channels)
        finally:
            for t in channels.values():
                t.close()


@contextmanager
def session(settings: Settings, clock: Callable[[], datetime] = utcnow) -> Iterator[DigestSession]:
    """Open everything a digest run needs; subscriptions errors (file/line) are in `.subscriptions.problems`."""
    subs = load_subscriptions(settings.digest_subscriptions)
    with Store.open(settings.store_path) as store:
        index = make_index(settings)
        index.open()
        try:
            directory = build_directory(settings, store)
            editions = Editions(index=index, store=store, directory=directory, sendlog=sendlog(settings, store, clock),
                                links=links(settings), from_address=settings.digest_from_address,
                                email_channel=email_channel(settings), clock=clock)
            yield DigestSession(settings, store, index, editions, resolve(subs, directory))
        finally:
            index.close()


def due_daily_day(settings: Settings, now: datetime) -> date | None:
    """The day whose digest is due at `now`: yesterday, once the configured Bishkek hour has come."""
    local = now.astimezone(BISHKEK)
    return bishkek_day(now) - timedelta(days=1) if local.hour >= min(settings.digest_hour, 23) else None


def after_cycle(settings: Settings, clock: Callable[[], datetime] = utcnow) -> tuple[PrepareReport, PrepareReport,
                                                                                    DeliveryReport] | None:
    """The run loop's hook: the daily digest once its hour has come, instant alerts every cycle.

    Never raises: a digest problem is logged and the ingest loop goes on; the send log makes the
    next call pick up whatever is left.
    """
    if not settings.digest_subscriptions.exists():
        return None
    try:
        with session(settings, clock) as s:
            for problem in s.subscriptions.problems:
                log.error("subscriptions: %s", problem)
            subs = s.subscriptions.subscriptions
            day = due_daily_day(settings, clock())
            daily = s.editions.daily(day, [x for x in subs if x.frequency == "daily"]) if day else PrepareReport()
            alerts = s.editions.alerts([x for x in subs if x.frequency == "instant"])
            delivered = s.deliver()
            if delivered.sent or delivered.failed:
                log.info("digests: %d sent, %d failed, %d to retry", len(delivered.sent), len(delivered.failed),
                         len(delivered.retrying))
            return daily, alerts, delivered
    except Exception:
        log.exception("digest run failed; the send log keeps what is pending for the next cycle")
        return None


def digest_status(store: Store) -> dict[str, Any]:
    """Sends by state, and every send that failed, is waiting for a retry, or may not have arrived."""
    log = SendLog(store)
    return {"by_state": log.counts(), "problems": [
        {"recipient": r.recipient, "channel": r.channel, "kind": r.kind, "edition": r.edition, "state": r.state,
         "attempts": r.attempts, "code": r.last_code, "error": r.last_error, "next_retry": r.next_retry,
         "updated_at": r.updated_at, "id": r.id} for r in log.problems()]}


def show_digest_status(console: Console, status: dict[str, Any]) -> None:
    """The digest part of `kabarchy status` as a table (only when something needs attention)."""
    counts, problems = status["by_state"], status["problems"]
    if not counts:
        return
    console.print("digests: " + ", ".join(f"{k} {v}" for k, v in sorted(counts.items())))
    if problems:
        table = Table(title="digest sends needing attention")
        for col in ("recipient", "edition", "state", "attempts", "code", "error"):
            table.add_column(col)
        for p in problems:
            table.add_row(p["recipient"], f"{p['kind']} {p['edition'][:10]}", p["state"], str(p["attempts"]),
                          str(p["code"] or ""), (p["error"] or "")[:80])
        console.print(table)
