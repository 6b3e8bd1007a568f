"""A sender killed (SIGKILL) between the server's 250 and the log write sends no second copy."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
from datetime import timedelta
from pathlib import Path

import pytest

from digest.delivery import deliver
from digest.outbox import OutboxTransport
from digest.sendlog import SendLog
from digest.smtp import SmtpOptions, SmtpTransport
from pipeline.store import Store
from tests.digest.conftest import Clock
from tests.digest.samples import FROM, envelope
from tests.digest.smtp_server import Handler

ROOT = Path(__file__).resolve().parents[2]

# The child process logs two digests and delivers them; the log write after the first 250 kills
# the process on the spot, as a power cut would.
CHILD = textwrap.dedent("""
    import os, signal, sys
    from pathlib import Path
    from digest.delivery import deliver
    from digest.sendlog import SendLog
    from digest.smtp import SmtpOptions, SmtpTransport
    from pipeline.store import Store
    from tests.digest.samples import FROM, envelope

    store = Store.open(Path(sys.argv[1]))
    log = SendLog(store)
    for to in ("first@example.org", "second@example.org"):
        log.prepare(envelope(to))
    def killed(send_id, code):
        os.kill(os.getpid(), signal.SIGKILL)
    log.sent = killed
    deliver(log, {"smtp": SmtpTransport(SmtpOptions(host="127.0.0.1", port=int(sys.argv[2]), security="none",
                                                    from_address=FROM))})
""")


def smtp(port: int) -> SmtpTransport:
    return SmtpTransport(SmtpOptions(host="127.0.0.1", port=port, security="none", from_address=FROM))


def test_sigkill_between_250_and_the_log_write_sends_no_second_copy(
        tmp_path: Path, smtp_server: tuple[Handler, int], clock: Clock) -> None:
    handler, port = smtp_server
    db = tmp_path / "store.sqlite"
    child = subprocess.run([sys.executable, "-c", CHILD, str(db), str(port)], cwd=ROOT,
                           env={**os.environ, "PYTHONPATH": str(ROOT)}, capture_output=True, timeout=60)
    assert child.returncode == -signal.SIGKILL, child.stderr.decode()
    assert [r.recipients for r in handler.received] == [["first@example.org"]]

    with Store.open(db) as store:
        log = SendLog(store, clock=clock, stale_after=timedelta(minutes=10))
        first, second = envelope("first@example.org").id, envelope("second@example.org").id
        assert log.get(first).state == "committing" and log.get(second).state == "prepared"
        clock.now = clock.now.replace(year=2030)  # long after the crash: the row is stale
        report = deliver(log, {"smtp": smtp(port)})
        assert report.recovered == [first] and report.sent == ["second@example.org"]
        assert sorted(r.recipients[0] for r in handler.received) == ["first@example.org", "second@example.org"]
        row = log.get(first)
        assert row.state == "unconfirmed" and "may have been delivered" in row.last_error
        assert row in log.problems()  # shown by `kabarchy status`
        deliver(log, {"smtp": smtp(port)})
        assert len(handler.received) == 2  # still no second copy
        assert log.resend(first)  # an operator may choose to send it again, same Message-ID
        deliver(log, {"smtp": smtp(port)})
        assert [r.message["Message-ID"] for r in handler.received].count(envelope("first@example.org").message_id) == 2


def test_a_recent_committing_row_is_left_alone(store: Store, tmp_path: Path, clock: Clock) -> None:
    """Another sender may be in the middle of DATA: only a stale row counts as a crash."""
    log = SendLog(store, clock=clock, stale_after=timedelta(minutes=10))
    env = envelope("reader@example.org", channel="outbox")
    log.prepare(env)
    log.committing(env.id)
    assert deliver(log, {"outbox": OutboxTransport(tmp_path)}).recovered == []
    assert log.get(env.id).state == "committing"
    clock.advance(minutes=11)
    # The outbox folder is idempotent: a crashed write is simply written again.
    report = deliver(log, {"outbox": OutboxTransport(tmp_path)})
    assert report.recovered == [env.id] and report.sent == ["reader@example.org"]


@pytest.mark.parametrize("state", ["sent", "failed", "unconfirmed"])
def test_finished_sends_are_never_due(store: Store, clock: Clock, state: str) -> None:
    log = SendLog(store, clock=clock)
    env = envelope("reader@example.org")
    log.prepare(env)
    store.conn.execute("UPDATE digest_sends SET state=? WHERE id=?", (state, env.id))
    assert log.due() == []
