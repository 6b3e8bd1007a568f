"""The delivery loop: send every due row of the send log through its channel and log the outcome."""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import dataclass, field

from digest.sendlog import SendLog, SendRow
from digest.transport import ChannelDown, PermanentFailure, TemporaryFailure, Transport

log = logging.getLogger("kabarchy.digest")


@dataclass
class DeliveryReport:
    sent: list[str] = field(default_factory=list)  # recipients
    retrying: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)
    recovered: list[str] = field(default_factory=list)  # send ids found mid-send after a crash

    def as_dict(self) -> dict[str, object]:
        return {"sent": self.sent, "retrying": self.retrying, "failed": self.failed, "recovered": self.recovered}


def deliver(sendlog: SendLog, transports: Mapping[str, Transport]) -> DeliveryReport:
    """Send what is due. One recipient's failure never stops the others."""
    report = DeliveryReport()
    report.recovered = sendlog.recover(ch for ch, t in transports.items() if t.idempotent)
    down: set[str] = set()
    for row in sendlog.due(transports):
        if row.channel in down:
            report.retrying.append(row.recipient)  # untouched: it goes with the next run
            continue
        try:
            _deliver_one(sendlog, transports[row.channel], row, report)
        except ChannelDown as exc:
            down.add(row.channel)
            sendlog.temporary(row.id, exc.code, exc.message)
            report.retrying.append(row.recipient)
            log.warning("%s unreachable (%s): its sends wait for the next run", row.channel, exc)
    return report


def _deliver_one(sendlog: SendLog, transport: Transport, row: SendRow, report: DeliveryReport) -> None:
    try:
        code = transport.send(row, lambda: sendlog.committing(row.id))
    except ChannelDown:
        raise
    except TemporaryFailure as exc:
        state = sendlog.temporary(row.id, exc.code, exc.message)
        (report.failed if state == "failed" else report.retrying).append(row.recipient)
        log.warning("%s to %s: temporary failure (%s), %s", row.kind, row.recipient, exc, state)
        return
    except PermanentFailure as exc:
        sendlog.permanent(row.id, exc.code, exc.message)
        report.failed.append(row.recipient)
        log.error("%s to %s: refused (%s)", row.kind, row.recipient, exc)
        return
    sendlog.sent(row.id, code)
    report.sent.append(row.recipient)
