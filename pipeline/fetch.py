"""The one way Kabarchy gets anything over HTTP: polite, bounded and checked.

Politeness: per-host spacing and concurrency (plus a global limit), robots.txt, an identifying
User-Agent, conditional GET, backoff that honours Retry-After. Bounds: per-operation timeouts
and one time budget per URL across its retries and redirect hops (an overrun is not retried,
and the host is left alone for the rest of the run, so one slow host cannot hold a cycle), a
body-size cap enforced while decompressing, a redirect limit. Safety: we follow redirects
ourselves so every hop (and robots.txt) is checked by `netguard`, and the connection dials the
address that was checked (`pipeline.dialer`). Callers only ever see `FetchResult` or
`FetchError`; httpx objects and exceptions stop here.
"""

from __future__ import annotations

import asyncio
import email.utils
import time
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from types import TracebackType
from urllib.parse import urljoin, urlsplit

import httpcore
import httpx

from pipeline.charset import detect_charset
from pipeline.decode import ACCEPT_ENCODING, BoundedDecoder, DecodeError, TooLarge
from pipeline.dialer import PinnedBackend, PinnedTransport
from pipeline.netguard import AddressRefused, Resolver, checked_address, resolve
from pipeline.records import FetchResult
from pipeline.robots import RobotsRules, origin, robots_url

Clock = Callable[[], float]
Sleep = Callable[[float], Awaitable[None]]

REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})
_ACCEPT = "text/html,application/xhtml+xml,application/xml;q=0.9,application/rss+xml;q=0.9,*/*;q=0.8"
# Headers that describe the wire, not the body we hand on (httpx already decoded gzip/deflate).
_WIRE_HEADERS = ("content-encoding", "transfer-encoding", "content-length")
_MAX_CRAWL_DELAY_S = 60.0  # a robots.txt Crawl-delay above this would stall a whole run


@dataclass(frozen=True)
class FetchOptions:
    """How to fetch; built by kabarchy from Settings.fetch_*."""

    user_agent: str
    timeout_s: float = 20.0  # per operation: connect, each read, write
    max_bytes: int = 5_000_000
    max_redirects: int = 5
    retries: int = 3
    backoff_s: float = 1.0
    max_retry_after_s: float = 120.0
    host_delay_s: float = 1.0
    host_concurrency: int = 2
    concurrency: int = 16
    respect_robots: bool = True
    allow_private_addresses: bool = False
    deadline_s: float = 120.0  # one URL, all its attempts and hops: a slow-drip server cannot hold a slot


class FetchError(Exception):
    """A fetch that did not give a usable answer.

    kind: 'timeout', 'http_error', 'too_large', 'redirect_loop', 'too_many_redirects',
    'private_address', 'robots_disallowed', 'dns' (the name does not resolve), 'network',
    'retry_later', 'bad_url'.
    `url` is the URL that failed: the redirect hop, when it was one. `status` is the HTTP status
    when there was one. `retryable` says whether a later run may succeed; `retry_after`
    (seconds) says when, if the server said. `overrun` marks a spent time budget: never
    retried within the run.
    """

    def __init__(self, kind: str, url: str, message: str, *, status: int | None = None,
                 retryable: bool = False, retry_after: float | None = None, overrun: bool = False) -> None:
        super().__init__(f"{kind}: {url}: {message}")
        self.kind = kind
        self.url = url
        self.status = status
        self.retryable = retryable
        self.retry_after = retry_after
        self.overrun = overrun


def parse_retry_after(value: str | None, now: datetime) -> float | None:
    """Seconds to wait from a Retry-After header (delay-seconds or HTTP-date), None if unusable."""
    if value is None or not value.strip():
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - now).total_seconds())


@dataclass
class _Host:
    """Per-host politeness state."""

    slots: asyncio.Semaphore
    next_start: float = 0.0  # clock time before which no new request may start
    delay_s: float = 0.0  # robots.txt Crawl-delay, when above the configured spacing
    closed_until: float = 0.0  # clock time until which the host asked to be left alone (this run)
    too_slow: str = ""  # why the host is left alone for the rest of the run (a spent budget)


@dataclass
class _Budget:
    """Seconds one URL may still spend on the wire and in retry waits (queueing is not counted)."""

    left: float


@dataclass
class _Response:
    """What one hop gave, already read and converted."""

    url: str
    status: int
    headers: dict[str, str]
    body: bytes
    location: str | None = None


@dataclass
class _Robots:
    rules: dict[str, RobotsRules] = field(default_factory=dict)
    locks: dict[str, asyncio.Lock] = field(default_factory=dict)


class Fetcher:
    """Fetch URLs politely; open with `async with Fetcher(options) as fetcher`.

    `transport` lets unit tests use httpx.MockTransport; `clock`, `sleep` and `resolver` let
    them control time and name resolution; `network` is the layer that dials (tests record and
    restrict it) and `verify` the TLS trust (a test CA). The constructor does no I/O.
    """

    def __init__(self, options: FetchOptions, *, transport: httpx.AsyncBaseTransport | None = None,
                 clock: Clock = time.monotonic, sleep: Sleep = asyncio.sleep,
                 resolver: Resolver = resolve, network: httpcore.AsyncNetworkBackend | None = None,
                 verify: object = True) -> None:
        self._options = options
        self._dialer = PinnedBackend(network)
        self._transport = transport or PinnedTransport(
            self._dialer, limits=httpx.Limits(max_connections=options.concurrency), verify=verify)
        self._clock = clock
        self._sleep = sleep
        self._resolver = resolver
        self._client: httpx.AsyncClient | None = None
        self._global: asyncio.Semaphore | None = None
        self._hosts: dict[str, _Host] = {}
        self._robots = _Robots()

    async def __aenter__(self) -> Fetcher:
        options = self._options
        self._client = httpx.AsyncClient(
            transport=self._transport,
            timeout=httpx.Timeout(options.timeout_s),
            follow_redirects=False,  # each hop is checked by netguard and robots
            headers={"User-Agent": options.user_agent, "Accept": _ACCEPT, "Accept-Encoding": ACCEPT_ENCODING},
            limits=httpx.Limits(max_connections=options.concurrency),
            trust_env=False,  # settings come in as objects; no proxies or certs from the environment
        )
        self._global = asyncio.Semaphore(options.concurrency)
        self._hosts = {}
        self._robots = _Robots()
        return self

    async def __aexit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                        tb: TracebackType | None) -> None:
        if self._client is not None:
            await self._client.aclose()
            self._client = None

    async def fetch(self, url: str, *, etag: str | None = None, last_modified: str | None = None,
                    allow_private: bool = False) -> FetchResult:
        """GET `url`; 2xx or 304 gives a FetchResult, anything else a FetchError."""
        if self._client is None:
            raise RuntimeError("use the Fetcher inside `async with`")
        allow = allow_private or self._options.allow_private_addresses
        headers = {}
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        started = self._clock()
        response = await self._with_retries(url, headers, allow, _Budget(self._options.deadline_s))
        return self._result(url, response, self._clock() - started)

    async def _with_retries(self, url: str, headers: dict[str, str], allow: bool, budget: _Budget) -> _Response:
        options = self._options
        attempt = 0
        while True:
            try:
                return await self._follow(url, headers, allow, budget, robots=options.respect_robots)
            except FetchError as error:
                if error.retry_after is not None and error.retry_after > options.max_retry_after_s:
                    raise FetchError("retry_later", url, f"server asks us to come back in {error.retry_after:.0f} s",
                                     status=error.status, retryable=True, retry_after=error.retry_after) from error
                if not error.retryable or error.overrun or attempt >= options.retries:
                    raise
                wait = error.retry_after if error.retry_after is not None else options.backoff_s * 2 ** attempt
                if wait >= budget.left:
                    raise  # the wait alone would spend the URL's budget: the next run retries it
                budget.left -= wait
                attempt += 1
                await self._sleep(wait)

    async def _follow(self, url: str, headers: dict[str, str], allow: bool, budget: _Budget, *,
                      robots: bool) -> _Response:
        """One attempt: request `url` and follow its redirects, checking every hop."""
        seen = {_without_fragment(url)}
        current = url
        for hop in range(self._options.max_redirects + 1):
            try:
                host, port, address = await checked_address(current, allow_private=allow, resolver=self._resolver)
            except AddressRefused as refused:
                raise FetchError(refused.kind, current, str(refused)) from None
            except OSError as exc:  # the name does not resolve (now)
                raise FetchError("dns", current, f"cannot resolve host: {exc}", retryable=True) from None
            if robots and not await self._robots_allow(current, allow):
                raise FetchError("robots_disallowed", current, "robots.txt disallows it")
            # Pinned after robots.txt (which pins the same host): this hop dials what was checked.
            self._dialer.pin(host, port, address)
            response = await self._request(current, headers, budget)
            if response.location is None:
                return response
            target = _without_fragment(urljoin(current, response.location))
            if target in seen:
                raise FetchError("redirect_loop", url, f"{current} redirects back to {target}",
                                 status=response.status)
            if hop == self._options.max_redirects:
                break
            seen.add(target)
            current = target
        raise FetchError("too_many_redirects", url, f"more than {self._options.max_redirects} redirects",
                         status=response.status)

    async def _request(self, url: str, headers: dict[str, str], budget: _Budget) -> _Response:
        """One HTTP GET within the host's and the global limits and the URL's budget; non-2xx/3xx/304 raise."""
        assert self._client is not None and self._global is not None
        options = self._options
        async with self._host_slot(url), self._global:
            if budget.left <= 0:
                raise self._overrun(url)
            started = self._clock()
            try:
                async with asyncio.timeout(budget.left):
                    async with self._client.stream("GET", url, headers=headers) as response:
                        body = await self._read_capped(url, response)
            except TimeoutError:
                raise self._overrun(url) from None
            except httpx.TimeoutException:
                raise FetchError("timeout", url, f"no answer for {options.timeout_s} s", retryable=True) from None
            except (httpx.UnsupportedProtocol, httpx.InvalidURL, UnicodeError) as exc:  # UnicodeError: IDNA
                raise FetchError("bad_url", url, str(exc)) from None
            except httpx.HTTPError as exc:
                raise FetchError("network", url, f"{type(exc).__name__}: {exc}", retryable=True) from None
            finally:
                budget.left -= self._clock() - started
        return self._check_status(url, response, body)

    def _overrun(self, url: str) -> FetchError:
        """The URL spent its budget: no retry this run, and its host is left alone until the next."""
        seconds = self._options.deadline_s
        self._host(url).too_slow = f"a request to it took over {seconds} s earlier in this run"
        return FetchError("timeout", url, f"took over {seconds} s (the budget for one URL, "
                          "all attempts and redirects); the next run tries again", retryable=True, overrun=True)

    async def _read_capped(self, url: str, response: httpx.Response) -> bytes:
        """The body, decoded under the cap as it is read: a gzip bomb never inflates past `max_bytes`."""
        limit = self._options.max_bytes
        declared = response.headers.get("content-length", "")
        if declared.isdigit() and int(declared) > limit:
            raise FetchError("too_large", url, f"Content-Length {declared} exceeds {limit} bytes",
                             status=response.status_code)
        body = bytearray()
        try:
            decoder = BoundedDecoder(response.headers.get("content-encoding", ""), limit)
            # The raw stream itself (aiter_raw refuses the already-read bodies of test transports).
            async for chunk in response.stream:  # type: ignore[union-attr]
                body += decoder.feed(chunk)
        except TooLarge:
            raise FetchError("too_large", url, f"body exceeds {limit} bytes", status=response.status_code) from None
        except DecodeError as exc:
            raise FetchError("network", url, f"undecodable body: {exc}", status=response.status_code) from None
        return bytes(body)

    def _check_status(self, url: str, response: httpx.Response, body: bytes) -> _Response:
        status = response.status_code
        headers = dict(response.headers)
        if status in REDIRECT_STATUSES and response.headers.get("location"):
            return _Response(url, status, headers, body, location=response.headers["location"])
        if 200 <= status < 300 or status == 304:
            return _Response(url, status, headers, body)
        retry_after = parse_retry_after(response.headers.get("retry-after"), datetime.now(UTC))
        retryable = status in (408, 429) or status >= 500
        if retryable and retry_after is not None:
            self._hold_host(url, retry_after)
        raise FetchError("http_error", url, f"HTTP {status}", status=status, retryable=retryable,
                         retry_after=retry_after if retryable else None)

    @asynccontextmanager
    async def _host_slot(self, url: str) -> AsyncIterator[None]:
        """Wait for a free slot on the URL's host and for its spacing, then hold the slot."""
        host = self._host(url)
        async with host.slots:
            now = self._clock()
            if host.too_slow:
                raise FetchError("retry_later", url, f"host left alone for this run: {host.too_slow}",
                                 retryable=True, overrun=True)
            if host.closed_until > now:
                raise FetchError("retry_later", url, "the host asked us to come back later", retryable=True,
                                 retry_after=host.closed_until - now)
            start = max(now, host.next_start)
            host.next_start = start + max(self._options.host_delay_s, host.delay_s)
            if start > now:
                await self._sleep(start - now)
            yield

    def _host(self, url: str) -> _Host:
        key = urlsplit(url).netloc.lower()
        if key not in self._hosts:
            self._hosts[key] = _Host(asyncio.Semaphore(self._options.host_concurrency))
        return self._hosts[key]

    def _hold_host(self, url: str, seconds: float) -> None:
        """Retry-After speaks for the whole host: no request to it starts before then.

        Beyond max_retry_after_s the host is closed for this run: its other URLs fail at once
        with 'retry_later' instead of each waiting in turn.
        """
        host = self._host(url)
        until = self._clock() + seconds
        if seconds > self._options.max_retry_after_s:
            host.closed_until = max(host.closed_until, until)
        else:
            host.next_start = max(host.next_start, until)

    async def _robots_allow(self, url: str, allow: bool) -> bool:
        key = origin(url)
        lock = self._robots.locks.setdefault(key, asyncio.Lock())
        async with lock:  # one robots.txt fetch per origin, however many fetches wait on it
            if key not in self._robots.rules:
                self._robots.rules[key] = await self._fetch_robots(url, allow)
        rules = self._robots.rules[key]
        delay = rules.crawl_delay(self._options.user_agent)
        if delay is not None:
            self._host(url).delay_s = min(delay, _MAX_CRAWL_DELAY_S)
        return rules.allows(url, self._options.user_agent)

    async def _fetch_robots(self, url: str, allow: bool) -> RobotsRules:
        """The origin's rules; a robots.txt we cannot get allows everything (see pipeline.robots)."""
        try:
            response = await self._follow(robots_url(url), {}, allow, _Budget(self._options.deadline_s),
                                          robots=False)
        except FetchError:
            return RobotsRules.allow_all()
        return RobotsRules.parse(response.body)

    def _result(self, url: str, response: _Response, elapsed_s: float) -> FetchResult:
        headers = {name: value for name, value in response.headers.items() if name not in _WIRE_HEADERS}
        if response.status == 304:
            return FetchResult(url=url, final_url=response.url, status=304, headers=headers, body=b"",
                               encoding=None, fetched_at=datetime.now(UTC), elapsed_s=elapsed_s)
        headers["content-length"] = str(len(response.body))  # headers describe the decoded body
        return FetchResult(url=url, final_url=response.url, status=response.status, headers=headers,
                           body=response.body, encoding=detect_charset(response.body, headers.get("content-type")),
                           fetched_at=datetime.now(UTC), elapsed_s=elapsed_s)


def _without_fragment(url: str) -> str:
    return url.split("#", 1)[0]
