"""Webhook delivery against a real local HTTP server: JSON body, Idempotency-Key, retries, refusals."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from digest.delivery import deliver
from digest.links import Links
from digest.message import build_webhook, message_id
from digest.render import render
from digest.sendlog import Envelope, SendLog, send_key
from indexes.digest import SECTIONS
from pipeline.store import Store
from tests.digest.conftest import Clock
from tests.digest.samples import DAY, FROM, LINKS, content
from digest.webhook import WebhookTransport


class Hook(BaseHTTPRequestHandler):
    statuses: list[int] = []
    bodies: list[tuple[dict[str, str], bytes]] = []

    def do_POST(self) -> None:  # noqa: N802
        body = self.rfile.read(int(self.headers["Content-Length"]))
        status = self.statuses.pop(0) if self.statuses else 200
        if status == 200:
            self.bodies.append((dict(self.headers), body))
        self.send_response(status)
        self.send_header("Content-Length", "2")
        self.end_headers()
        self.wfile.write(b"ok")

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def hook() -> Iterator[tuple[type[Hook], str]]:
    handler = type("H", (Hook,), {"statuses": [], "bodies": []})
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield handler, f"http://127.0.0.1:{server.server_address[1]}/hook"
    server.shutdown()
    server.server_close()


def webhook_envelope(url: str, links: Links = LINKS) -> Envelope:
    send_id = send_key("webhook", url, "daily", DAY.isoformat())
    msg_id = message_id(send_id, FROM)
    c = content("ky")
    rendered = render(c, sections=SECTIONS, links=links, recipient=url)
    return Envelope("webhook", url, "daily", DAY.isoformat(), "ky", msg_id,
                    build_webhook(c, rendered, msg_id=msg_id, kind="daily", links=links))


def test_503_then_200_posts_the_json_once(store: Store, hook: tuple[type[Hook], str], clock: Clock) -> None:
    handler, url = hook
    handler.statuses = [503]
    log = SendLog(store, clock=clock)
    env = webhook_envelope(url)
    log.prepare(env)
    assert deliver(log, {"webhook": WebhookTransport()}).retrying == [url]
    clock.advance(minutes=6)
    assert deliver(log, {"webhook": WebhookTransport()}).sent == [url]
    clock.advance(hours=1)
    deliver(log, {"webhook": WebhookTransport()})
    [(headers, body)] = handler.bodies
    assert headers["Idempotency-Key"] == env.message_id and headers["Content-Type"].startswith("application/json")
    data = json.loads(body)
    assert data["kind"] == "daily" and data["day"] == "2021-11-28" and data["language"] == "ky"
    assert data["digest"]["stories"][0]["headline"] == "ЦИК сообщил о явке на выборах в Жогорку Кенеш"
    assert data["digest"]["statements_by_speaker"][0]["name"] == "БШК"
    assert "Негизги жаңылыктар" in data["text"] and data["url"].endswith("/digests/2021-11-28?lang=ky")


def test_a_4xx_is_permanent(store: Store, hook: tuple[type[Hook], str], clock: Clock) -> None:
    handler, url = hook
    handler.statuses = [404]
    log = SendLog(store, clock=clock)
    env = webhook_envelope(url)
    log.prepare(env)
    assert deliver(log, {"webhook": WebhookTransport()}).failed == [url]
    row = log.get(env.id)
    assert row.state == "failed" and row.last_code == 404
    clock.advance(days=1)
    assert deliver(log, {"webhook": WebhookTransport()}).sent == [] and handler.bodies == []


def test_an_unreachable_hook_is_retried(store: Store, clock: Clock) -> None:
    log = SendLog(store, clock=clock)
    env = webhook_envelope("http://127.0.0.1:9/hook")  # discard port: nothing listens
    log.prepare(env)
    assert deliver(log, {"webhook": WebhookTransport(timeout_s=2)}).retrying == ["http://127.0.0.1:9/hook"]
    assert log.get(env.id).state == "retry"
