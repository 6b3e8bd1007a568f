"""Preparing editions: which subscriber gets which digest or alert, rendered and logged before sending.

A daily digest's edition is its Bishkek day; an alert's edition is the set of new items it
carries. Both are logged with their full message (see `digest.sendlog`) and then delivered by
`digest.delivery.deliver`, so preparing twice is harmless: a logged edition is never rendered
again.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING

from digest.links import Links
from digest.message import build_email, build_webhook, message_id
from digest.render import render
from digest.sendlog import Envelope, SendLog, send_key
from digest.subscriptions import Subscription
from indexes.base import Index
from indexes.dates import bishkek_day
from indexes.digest import DayPool, DigestContent, day_pool, item_key, select_digest

if TYPE_CHECKING:
    from indexes.entities import EntityDirectory
    from pipeline.store import Store

log = logging.getLogger("kabarchy.digest")


@dataclass
class PrepareReport:
    prepared: list[str] = field(default_factory=list)  # recipients with a new edition logged
    already: list[str] = field(default_factory=list)  # edition logged before: nothing to do
    nothing_new: list[str] = field(default_factory=list)


@dataclass
class Editions:
    """Everything needed to turn subscriptions into logged messages, given once."""

    index: Index
    store: Store
    directory: EntityDirectory | None
    sendlog: SendLog
    links: Links
    from_address: str
    email_channel: str  # smtp | outbox
    clock: Callable[[], datetime]
    _pools: dict[date, DayPool] = field(default_factory=dict)

    def pool(self, day: date, fresh: bool = False) -> DayPool:
        if fresh or day not in self._pools:
            self._pools[day] = day_pool(self.index, self.store, self.directory, day)
        return self._pools[day]

    def select(self, sub: Subscription, day: date) -> DigestContent:
        return select_digest(self.index, self.store, self.directory, day, language=sub.language,
                             watch=sub.watch, max_stories=sub.max_stories, pool=self.pool(day))

    def channels(self, sub: Subscription) -> list[tuple[str, str]]:
        out = []
        if sub.email:
            out.append((self.email_channel, sub.email))
        if sub.webhook:
            out.append(("webhook", sub.webhook))
        return out

    def daily(self, day: date, subs: Iterable[Subscription]) -> PrepareReport:
        """Log the day's digest for each subscriber who has not had it; skip empty digests."""
        report = PrepareReport()
        for sub in subs:
            todo = [(ch, to) for ch, to in self.channels(sub)
                    if not self.sendlog.exists(ch, to, "daily", day.isoformat())]
            if not todo:
                report.already.append(sub.label)
                continue
            content = self.select(sub, day)
            if content.empty:
                report.nothing_new.append(sub.label)
                continue
            for channel, to in todo:
                if self._log(sub, content, channel, to, "daily", day.isoformat(), alert=False):
                    report.prepared.append(to)
        return report

    def alerts(self, subs: Iterable[Subscription]) -> PrepareReport:
        """For instant subscribers: what is new today since their last alert; nothing when nothing is.

        Only what the watch selects goes into an alert (with a watch, spikes of watched entities
        only); each item is claimed for the recipient in the same transaction that logs the alert.
        """
        report = PrepareReport()
        today = bishkek_day(self.clock())
        since = self.clock() - timedelta(days=2)
        fresh = True
        for sub in subs:
            for channel, to in self.channels(sub):
                seen = frozenset(self.sendlog.items_since(to, since))
                content = select_digest(self.index, self.store, self.directory, today, language=sub.language,
                                        watch=sub.watch, max_stories=sub.max_stories,
                                        pool=self.pool(today, fresh=fresh), exclude=seen)
                fresh = False  # one fresh reading of the day per round, shared by every subscriber
                if sub.watch is not None:
                    watched = set(sub.watch.entity_ids)
                    content = replace(content, rising=tuple(r for r in content.rising if r.entity_id in watched))
                content = replace(content, source_health=())
                if content.empty:
                    report.nothing_new.append(to)
                    continue
                items = alert_items(content)
                edition = hashlib.sha256("\n".join(sorted(items)).encode()).hexdigest()[:24]
                if self._log(sub, content, channel, to, "alert", edition, alert=True, claim=items):
                    report.prepared.append(to)
                else:
                    report.already.append(to)
        return report

    def _log(self, sub: Subscription, content: DigestContent, channel: str, to: str, kind: str, edition: str,
             *, alert: bool, claim: Iterable[str] = ()) -> bool:
        send_id = send_key(channel, to, kind, edition)
        msg_id = message_id(send_id, self.from_address)
        sections = tuple(s for s in sub.sections if not (alert and s == "sources"))
        rendered = render(content, sections=sections, links=self.links, recipient=to, alert=alert)
        if channel == "webhook":
            payload = build_webhook(content, rendered, msg_id=msg_id, kind=kind, links=self.links)
        else:
            payload = build_email(rendered, to=to, from_address=self.from_address, msg_id=msg_id,
                                  links=self.links, lang=sub.language, now=self.clock())
        envelope = Envelope(channel=channel, recipient=to, kind=kind, edition=edition, language=sub.language,
                            message_id=msg_id, payload=payload)
        return self.sendlog.prepare(envelope, claim_items=claim)


def alert_items(content: DigestContent) -> list[str]:
    """The items an alert is made of: statements, stories and spikes, each with a stable id."""
    items = [item_key("story", s.id) for s in content.stories]
    items += [item_key("st", st.id) for sp in content.statements_by_speaker for st in sp.statements]
    items += [item_key("spike", r.entity_id, r.day.isoformat()) for r in content.rising]
    items += [item_key("change", c.article_id, c.kind, str(c.version)) for c in content.changes]
    return items
