"""A real local HTTP server that misbehaves on purpose, for fetcher and ingest tests.

It binds 127.0.0.1 on a free port and answers from a background thread pool, so the code under
test talks real HTTP over a real socket. Use it as a context manager::

    from tests.support.misbehaving_server import MisbehavingServer, Reply, respond, fail_then

    with MisbehavingServer(root=tmp_path / "site") as server:     # root: optional static files
        server.route("/feed.xml", respond(b"<rss/>", content_type="application/rss+xml"))
        server.route("/flaky", fail_then(2, respond(b"ok")))       # 500, 500, then 200
        url = server.url("/flaky")                                 # http://127.0.0.1:PORT/flaky
        ...
        assert server.hits("/flaky") == 3
        assert server.requests[-1].headers["user-agent"].startswith("Kabarchy")

API
- `MisbehavingServer(root=None)`: static files from `root` (with ETag/Last-Modified and 304),
  for paths no route claims; anything else is 404. `.base_url`, `.url(path)`.
- `.route(path, handler)`: `handler(request: Request) -> Reply` answers that exact path (the
  query string is ignored when matching; it is in `request.query`). Handlers run on server
  threads; the helpers below keep their counters per route and are thread-safe.
- `.requests` (every `Request` seen, in order), `.hits(path)` (how many asked for `path`).
- `Reply(status, headers, body, delay_s=0, drop=False, send_length=True)`: `delay_s` waits
  before answering (a slow server), `drop=True` closes the connection with no answer,
  `send_length=False` omits Content-Length and ends the body by closing the connection.
Helpers that build handlers:
  `respond(body, status=200, content_type="text/html", headers=None)` — fixed answer;
  `slow(delay_s, then)` — waits, then answers as `then`;
  `fail_then(n, then, status=500, headers=None)` — n failures (per route), then `then`;
  `too_many_requests(retry_after, then, n=1)` — n × 429 with that Retry-After, then `then`;
  `conditional(body, etag=..., last_modified=..., content_type=...)` — 304 when the request's
      If-None-Match / If-Modified-Since match, else 200 with the validators;
  `redirect(location, status=302)`; `dropped()` — closes the connection unanswered;
  `oversized(size, send_length=True)` — a body of `size` bytes;
  `gzipped(body, content_type=...)` — Content-Encoding: gzip;
  `dripping(interval_s)` — an endless chunked body, one byte per interval (`Reply.drip_s`);
  `robots(text)` — a text/plain robots.txt.
"""

from __future__ import annotations

import email.utils
import gzip
import hashlib
import mimetypes
import ssl
import sys
import threading
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from types import TracebackType
from urllib.parse import urlsplit


@dataclass(frozen=True)
class Request:
    """One request as the server saw it; header names are lower-case."""

    method: str
    path: str
    query: str
    headers: dict[str, str]


@dataclass(frozen=True)
class Reply:
    status: int = 200
    headers: dict[str, str] = field(default_factory=dict)
    body: bytes = b""
    delay_s: float = 0.0
    drop: bool = False
    send_length: bool = True
    drip_s: float = 0.0  # > 0: an endless chunked body, one small chunk every drip_s seconds


Handler = Callable[[Request], Reply]


class _QuietServer(ThreadingHTTPServer):
    """A client that gives up (a refused certificate, a size cap) is expected here, not an error."""

    def handle_error(self, request: object, client_address: object) -> None:
        if not isinstance(sys.exc_info()[1], (ConnectionError, ssl.SSLError)):
            super().handle_error(request, client_address)  # type: ignore[arg-type]


class MisbehavingServer:
    """Threaded HTTP/1.1 server on 127.0.0.1:0; start and stop with `with`.

    `host`/`port` bind another loopback address or a given port; `tls` serves HTTPS with that
    server context (the SNI names clients sent are in `.server_names`).
    """

    def __init__(self, root: Path | None = None, *, host: str = "127.0.0.1", port: int = 0,
                 tls: ssl.SSLContext | None = None) -> None:
        self.root = root
        self.host, self.port, self.tls = host, port, tls
        self.server_names: list[str | None] = []
        self.requests: list[Request] = []
        self._routes: dict[str, Handler] = {}
        self._lock = threading.Lock()
        self._stopping = threading.Event()
        self._httpd: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None

    def __enter__(self) -> MisbehavingServer:
        self._httpd = _QuietServer((self.host, self.port), _make_handler_class(self))
        self._httpd.daemon_threads = True
        if self.tls is not None:
            self.tls.sni_callback = lambda sock, name, ctx: self.server_names.append(name)  # type: ignore[assignment]
            self._httpd.socket = self.tls.wrap_socket(self._httpd.socket, server_side=True)
        self._thread = threading.Thread(target=self._httpd.serve_forever, kwargs={"poll_interval": 0.02},
                                        name="misbehaving-server", daemon=True)
        self._thread.start()
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self._stopping.set()  # wakes slow handlers
        assert self._httpd is not None and self._thread is not None
        self._httpd.shutdown()
        self._httpd.server_close()
        self._thread.join(timeout=5)

    @property
    def base_url(self) -> str:
        assert self._httpd is not None, "use the server inside `with`"
        scheme = "https" if self.tls is not None else "http"
        return f"{scheme}://{self.host}:{self._httpd.server_address[1]}"

    @property
    def bound_port(self) -> int:
        assert self._httpd is not None, "use the server inside `with`"
        return int(self._httpd.server_address[1])

    def url(self, path: str) -> str:
        return self.base_url + path

    def route(self, path: str, handler: Handler) -> None:
        with self._lock:
            self._routes[path] = handler

    def hits(self, path: str) -> int:
        with self._lock:
            return sum(request.path == path for request in self.requests)

    def _answer(self, request: Request) -> Reply:
        with self._lock:
            self.requests.append(request)
            handler = self._routes.get(request.path)
        if handler is not None:
            return handler(request)
        return self._static(request)

    def _static(self, request: Request) -> Reply:
        if self.root is None:
            return Reply(404, {"Content-Type": "text/plain"}, b"not found")
        file = (self.root / request.path.lstrip("/")).resolve()
        if file.is_dir():
            file = file / "index.html"
        if not file.is_relative_to(self.root.resolve()) or not file.is_file():
            return Reply(404, {"Content-Type": "text/plain"}, b"not found")
        body = file.read_bytes()
        modified = email.utils.formatdate(file.stat().st_mtime, usegmt=True)
        etag = '"' + hashlib.sha256(body).hexdigest()[:16] + '"'
        return conditional(body, etag=etag, last_modified=modified, content_type=_guess_type(file))(request)

    def _wait(self, seconds: float) -> None:
        self._stopping.wait(seconds)


_TYPES = {".rss": "application/rss+xml", ".atom": "application/atom+xml", ".xml": "application/xml",
          ".html": "text/html", ".txt": "text/plain"}


def _guess_type(file: Path) -> str:
    return _TYPES.get(file.suffix.lower()) or mimetypes.guess_type(file.name)[0] or "application/octet-stream"


def _make_handler_class(server: MisbehavingServer) -> type[BaseHTTPRequestHandler]:
    class _Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def do_GET(self) -> None:  # noqa: N802 (http.server's naming)
            self._serve(head=False)

        def do_HEAD(self) -> None:  # noqa: N802
            self._serve(head=True)

        def _serve(self, *, head: bool) -> None:
            parts = urlsplit(self.path)
            request = Request(self.command, parts.path, parts.query,
                              {name.lower(): value for name, value in self.headers.items()})
            reply = server._answer(request)
            if reply.delay_s:
                server._wait(reply.delay_s)
            if reply.drop:
                self.close_connection = True
                return
            if reply.drip_s:
                self._drip(reply)
                return
            self.send_response(reply.status)
            for name, value in reply.headers.items():
                self.send_header(name, value)
            if reply.send_length:
                self.send_header("Content-Length", str(len(reply.body)))
            else:
                self.send_header("Connection", "close")
                self.close_connection = True
            self.end_headers()
            if not head and reply.status != 304:
                try:
                    self.wfile.write(reply.body)
                except (BrokenPipeError, ConnectionResetError):
                    self.close_connection = True  # the client gave up (size cap, timeout)

        def _drip(self, reply: Reply) -> None:
            """A body that never ends: one chunk per interval until the client or the server gives up."""
            self.send_response(reply.status)
            for name, value in reply.headers.items():
                self.send_header(name, value)
            self.send_header("Transfer-Encoding", "chunked")
            self.end_headers()
            self.close_connection = True
            while not server._stopping.is_set():
                try:
                    self.wfile.write(b"1\r\nx\r\n")
                    self.wfile.flush()
                except (BrokenPipeError, ConnectionResetError, OSError):
                    return
                server._wait(reply.drip_s)

        def log_message(self, format: str, *args: object) -> None:  # noqa: A002
            """Quiet: tests read `server.requests` instead."""

    return _Handler


def dripping(interval_s: float = 0.05, content_type: str = "text/html") -> Handler:
    """An endless chunked response, one byte per interval (a slow-drip server)."""
    reply = Reply(200, {"Content-Type": content_type}, drip_s=interval_s)
    return lambda request: reply


def respond(body: bytes | str, status: int = 200, content_type: str = "text/html",
            headers: dict[str, str] | None = None) -> Handler:
    data = body.encode("utf-8") if isinstance(body, str) else body
    reply = Reply(status, {"Content-Type": content_type, **(headers or {})}, data)
    return lambda request: reply


def slow(delay_s: float, then: Handler) -> Handler:
    def handler(request: Request) -> Reply:
        return replace(then(request), delay_s=delay_s)

    return handler


def _first_n(n: int, failure: Reply, then: Handler) -> Handler:
    """`failure` for the first n requests to this handler, then `then`."""
    lock = threading.Lock()
    seen = [0]

    def handler(request: Request) -> Reply:
        with lock:
            seen[0] += 1
            count = seen[0]
        return failure if count <= n else then(request)

    return handler


def fail_then(n: int, then: Handler, status: int = 500, headers: dict[str, str] | None = None) -> Handler:
    return _first_n(n, Reply(status, {"Content-Type": "text/plain", **(headers or {})}, b"failure"), then)


def too_many_requests(retry_after: str, then: Handler, n: int = 1) -> Handler:
    return fail_then(n, then, status=429, headers={"Retry-After": retry_after})


def conditional(body: bytes, *, etag: str | None = None, last_modified: str | None = None,
                content_type: str = "text/html") -> Handler:
    """200 with validators, or 304 when the request's validators say the client has it."""
    validators = {name: value for name, value in (("ETag", etag), ("Last-Modified", last_modified)) if value}

    def handler(request: Request) -> Reply:
        if_none_match = request.headers.get("if-none-match")
        if_modified_since = request.headers.get("if-modified-since")
        if if_none_match is not None:
            fresh = etag is not None and etag in [tag.strip() for tag in if_none_match.split(",")]
        else:
            fresh = (if_modified_since is not None and last_modified is not None
                     and _http_date(if_modified_since) >= _http_date(last_modified))
        if fresh:
            return Reply(304, validators)
        return Reply(200, {"Content-Type": content_type, **validators}, body)

    return handler


def _http_date(value: str) -> float:
    parsed = email.utils.parsedate_tz(value)
    return email.utils.mktime_tz(parsed) if parsed else 0.0


def redirect(location: str, status: int = 302) -> Handler:
    reply = Reply(status, {"Location": location})
    return lambda request: reply


def dropped() -> Handler:
    reply = Reply(drop=True)
    return lambda request: reply


def oversized(size: int, send_length: bool = True) -> Handler:
    reply = Reply(200, {"Content-Type": "text/html"}, b"<p>" + b"x" * max(0, size - 3), send_length=send_length)
    return lambda request: reply


def gzipped(body: bytes, content_type: str = "text/html") -> Handler:
    reply = Reply(200, {"Content-Type": content_type, "Content-Encoding": "gzip"}, gzip.compress(body))
    return lambda request: reply


def robots(text: str) -> Handler:
    return respond(text, content_type="text/plain")
