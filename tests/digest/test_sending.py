"""Sending through a real SMTP server on localhost: headers, parts, retries, refusals, exactly once."""

from __future__ import annotations

import email.utils
import ssl
from email.header import decode_header, make_header
from email.policy import compat32
from pathlib import Path

import pytest

import i18n
from digest.delivery import deliver
from digest.outbox import OutboxTransport
from digest.sendlog import SendLog
from digest.smtp import SmtpOptions, SmtpTransport
from pipeline.store import Store
from tests.digest.conftest import Clock
from tests.digest.samples import DAY, FROM, envelope
from tests.digest.smtp_server import Handler, start

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")


def smtp_transport(port: int, **kw: object) -> SmtpTransport:
    return SmtpTransport(SmtpOptions(host="127.0.0.1", port=port, security=str(kw.pop("security", "none")),
                                     from_address=FROM, timeout_s=5, **kw))  # type: ignore[arg-type]


def test_a_digest_arrives_once_as_multipart_alternative_with_proper_headers(
        store: Store, smtp_server: tuple[Handler, int], clock: Clock) -> None:
    handler, port = smtp_server
    log = SendLog(store, clock=clock)
    env = envelope("reader@example.org")
    assert log.prepare(env)
    report = deliver(log, {"smtp": smtp_transport(port)})
    assert report.sent == ["reader@example.org"] and len(handler.received) == 1

    got = handler.received[0]
    assert got.sender == "digest@kabarchy.example.org" and got.recipients == ["reader@example.org"]
    head = got.data.split(b"\r\n\r\n", 1)[0]
    assert head.isascii()  # every header 7-bit: non-ASCII only as RFC 2047 encoded words
    subject_raw = email.message_from_bytes(got.data, policy=compat32)["Subject"]
    assert subject_raw.startswith("Kabarchy: =?utf-8?b?") and "ЦИК" not in subject_raw
    msg = got.message
    expected = "Kabarchy: дайджест за " + i18n.format_date(DAY, "ru", "long")
    assert str(make_header(decode_header(subject_raw))) == msg["Subject"] == expected
    assert msg["Message-ID"] == env.message_id and msg["Message-ID"].endswith("@kabarchy.example.org>")
    assert email.utils.parsedate_to_datetime(msg["Date"]).tzinfo is not None
    assert msg["List-Unsubscribe"].startswith("<https://kabarchy.example.org/unsubscribe?address=reader%40example.org&token=")
    assert "<mailto:digest@kabarchy.example.org?subject=unsubscribe>" in msg["List-Unsubscribe"]
    assert msg["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert msg.get_content_type() == "multipart/alternative"
    parts = [p.get_content_type() for p in msg.iter_parts()]
    assert parts == ["text/plain", "text/html"]  # the richest part last, as RFC 2046 asks
    text = msg.get_body(("plain",))
    html = msg.get_body(("html",))
    assert text.get_content_charset() == html.get_content_charset() == "utf-8"
    assert text["Content-Transfer-Encoding"] in ("base64", "quoted-printable")
    plain, page = text.get_content(), html.get_content()
    for part in (plain, page):
        assert "ЦИК сообщил о явке на выборах в Жогорку Кенеш" in part
        assert "Главные истории" in part and "Заявления дня" in part
        assert "Первым опубликовал: Пресс-центр" in part
        assert "3 издания" in part and "4 статьи" in part
        assert "Явка на 14:00 составила 24 процента" in part and "и ещё 1 издание" in part
        assert "Сломанный сайт" in part and "в этот день ничего не опубликовал" in part
    assert "https://kabarchy.example.org/stories/a1?lang=ru" in page
    assert "https://kabarchy.example.org/digests/2021-11-28?lang=ru" in page
    assert "(на кыргызском)" in page  # the second story has no Russian headline
    assert "<img" not in page and "<style" not in page  # inline styles only, nothing to download
    assert log.get(env.id).state == "sent" and log.get(env.id).payload is None

    again = deliver(log, {"smtp": smtp_transport(port)})
    assert again.sent == [] and len(handler.received) == 1
    assert not log.prepare(envelope("reader@example.org"))  # the same edition cannot be logged twice


def test_451_then_250_is_delivered_exactly_once(store: Store, smtp_server: tuple[Handler, int], clock: Clock) -> None:
    handler, port = smtp_server
    handler.data_replies = ["451 4.3.0 Try again later"]
    log = SendLog(store, clock=clock)
    env = envelope("reader@example.org")
    log.prepare(env)
    first = deliver(log, {"smtp": smtp_transport(port)})
    row = log.get(env.id)
    assert first.retrying == ["reader@example.org"] and handler.received == []
    assert row.state == "retry" and row.last_code == 451 and row.attempts == 1
    assert deliver(log, {"smtp": smtp_transport(port)}).sent == []  # backoff not over yet
    clock.advance(minutes=6)
    assert deliver(log, {"smtp": smtp_transport(port)}).sent == ["reader@example.org"]
    clock.advance(hours=2)
    deliver(log, {"smtp": smtp_transport(port)})
    assert len(handler.received) == 1 and log.get(env.id).state == "sent"
    assert handler.received[0].message["Message-ID"] == env.message_id  # the retry carried the same id


def test_a_550_for_one_recipient_leaves_the_others_delivered(store: Store, smtp_server: tuple[Handler, int],
                                                              clock: Clock) -> None:
    handler, port = smtp_server
    handler.refuse["gone@example.org"] = "550 5.1.1 No such user"
    log = SendLog(store, clock=clock)
    for to in ("a@example.org", "gone@example.org", "c@example.org"):
        log.prepare(envelope(to))
    report = deliver(log, {"smtp": smtp_transport(port)})
    assert sorted(report.sent) == ["a@example.org", "c@example.org"] and report.failed == ["gone@example.org"]
    assert sorted(r.recipients[0] for r in handler.received) == ["a@example.org", "c@example.org"]
    [problem] = log.problems()
    assert (problem.recipient, problem.state, problem.last_code) == ("gone@example.org", "failed", 550)
    assert "No such user" in problem.last_error
    clock.advance(days=2)
    assert deliver(log, {"smtp": smtp_transport(port)}).sent == []  # a permanent failure is not retried


def test_a_refused_connection_waits_for_the_next_run(store: Store, smtp_server: tuple[Handler, int], clock: Clock) -> None:
    handler, port = smtp_server
    log = SendLog(store, clock=clock)
    for to in ("a@example.org", "b@example.org"):
        log.prepare(envelope(to))
    closed_port = port + 1 if port < 65000 else port - 1
    report = deliver(log, {"smtp": smtp_transport(closed_port)})
    assert sorted(report.retrying) == ["a@example.org", "b@example.org"] and report.sent == []
    states = sorted(log.get(envelope(to).id).state for to in ("a@example.org", "b@example.org"))
    assert states == ["prepared", "retry"]  # the second was not even tried against a dead server
    clock.advance(minutes=6)
    assert sorted(deliver(log, {"smtp": smtp_transport(port)}).sent) == ["a@example.org", "b@example.org"]
    assert len(handler.received) == 2


def test_temporary_failures_give_up_after_max_attempts(store: Store, smtp_server: tuple[Handler, int],
                                                       clock: Clock) -> None:
    handler, port = smtp_server
    handler.data_replies = ["452 4.3.1 Insufficient storage"] * 3
    log = SendLog(store, clock=clock, max_attempts=3)
    env = envelope("reader@example.org")
    log.prepare(env)
    for _ in range(3):
        deliver(log, {"smtp": smtp_transport(port)})
        clock.advance(hours=1)
    row = log.get(env.id)
    assert row.state == "failed" and row.attempts == 3 and row.last_code == 452 and handler.received == []


@pytest.mark.parametrize("security", ["starttls", "ssl"])
def test_tls_and_login(store: Store, cert: tuple[Path, Path], clock: Clock, security: str) -> None:
    handler = Handler()
    controller = start(handler, tls=security, cert=cert, auth=("digest", "s3cret"))
    try:
        context = ssl.create_default_context(cafile=str(cert[0]))
        log = SendLog(store, clock=clock)
        log.prepare(envelope("reader@example.org"))
        wrong = smtp_transport(controller.port, security=security, username="digest", password="nope",
                               ssl_context=context)
        assert deliver(log, {"smtp": wrong}).retrying == ["reader@example.org"]  # an operator's problem: wait
        clock.advance(minutes=10)
        right = smtp_transport(controller.port, security=security, username="digest", password="s3cret",
                               ssl_context=context)
        assert deliver(log, {"smtp": right}).sent == ["reader@example.org"]
        assert len(handler.received) == 1
    finally:
        controller.stop()


def test_without_smtp_the_outbox_folder_gets_eml_and_html(store: Store, tmp_path: Path, clock: Clock) -> None:
    log = SendLog(store, clock=clock)
    log.prepare(envelope("reader@example.org", channel="outbox", language="ky"))
    report = deliver(log, {"outbox": OutboxTransport(tmp_path / "outbox")})
    assert report.sent == ["reader@example.org"]
    files = sorted(p.name for p in (tmp_path / "outbox").iterdir())
    assert files == ["2021-11-28-daily-ky-reader-at-example.org.eml", "2021-11-28-daily-ky-reader-at-example.org.html"]
    page = (tmp_path / "outbox" / files[1]).read_text(encoding="utf-8")
    assert "Негизги жаңылыктар" in page and "Күндүн билдирүүлөрү" in page and "Булактардын" not in page
    assert 'lang="ky"' in page and "Биринчи жарыялаган: Пресс-центр" in page
