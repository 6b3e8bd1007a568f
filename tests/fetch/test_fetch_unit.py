"""Unit tests of the code around HTTP, with httpx.MockTransport and a fake clock.

The proof that fetching works is test_fetch_server.py (a real server); these pin down the
arithmetic: Retry-After parsing, host spacing, concurrency limits, exception conversion.
"""

from __future__ import annotations

import asyncio
import dataclasses
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime

import httpx
import pytest

from pipeline.fetch import FetchError, Fetcher, FetchOptions, parse_retry_after

pytestmark = pytest.mark.anyio

OPTIONS = FetchOptions(user_agent="KabarchyTest/1.0", retries=2, backoff_s=0.5, max_retry_after_s=60.0,
                       host_delay_s=10.0, host_concurrency=2, concurrency=16, respect_robots=False,
                       allow_private_addresses=True)


class FakeTime:
    """A clock that only moves when the fetcher sleeps; records the sleeps."""

    def __init__(self) -> None:
        self.now = 1000.0
        self.waits: list[float] = []

    def clock(self) -> float:
        return self.now

    async def sleep(self, seconds: float) -> None:
        self.waits.append(seconds)
        self.now += seconds
        await asyncio.sleep(0)


async def documentation_address(host: str, port: int) -> list[str]:
    """Every name resolves to one public address; the mock transport never dials it."""
    return ["93.184.216.34"]


def fetcher(handler: Callable[[httpx.Request], object], time: FakeTime, options: FetchOptions = OPTIONS) -> Fetcher:
    return Fetcher(options, transport=httpx.MockTransport(handler), clock=time.clock, sleep=time.sleep,  # type: ignore[arg-type]
                   resolver=documentation_address)


def test_parse_retry_after() -> None:
    now = datetime(2026, 11, 24, 12, 0, tzinfo=UTC)
    assert parse_retry_after("120", now) == 120.0
    assert parse_retry_after(" 0 ", now) == 0.0
    assert parse_retry_after(format_datetime(now + timedelta(seconds=90), usegmt=True), now) == 90.0
    assert parse_retry_after("Tue, 24 Nov 2026 11:00:00 GMT", now) == 0.0  # in the past: go now
    assert parse_retry_after("Tue, 24 Nov 2026 12:05:00", now) == 300.0  # no zone: GMT
    for junk in (None, "", "soon", "-5", "1.5e3"):
        assert parse_retry_after(junk, now) is None


async def test_retry_after_http_date_beyond_limit_defers() -> None:
    when = format_datetime(datetime.now(UTC) + timedelta(hours=2), usegmt=True)
    time = FakeTime()
    calls: list[str] = []

    def handler(request: httpx.Request) -> httpx.Response:
        calls.append(str(request.url))
        return httpx.Response(503, headers={"Retry-After": when})

    async with fetcher(handler, time) as f:
        with pytest.raises(FetchError) as caught:
            await f.fetch("http://news.example/a")
    assert caught.value.kind == "retry_later" and caught.value.status == 503
    assert 7100 < (caught.value.retry_after or 0) <= 7200
    assert len(calls) == 1


async def test_same_host_requests_are_spaced() -> None:
    time = FakeTime()
    starts: list[tuple[str, float]] = []

    def handler(request: httpx.Request) -> httpx.Response:
        starts.append((request.url.host, time.now))
        return httpx.Response(200, text="ok")

    async with fetcher(handler, time, dataclasses.replace(OPTIONS, host_concurrency=1)) as f:
        await asyncio.gather(*(f.fetch(f"http://a.example/{n}") for n in range(3)),
                             f.fetch("http://b.example/1"))
    assert [at for host, at in starts if host == "a.example"] == [1000.0, 1010.0, 1020.0]
    assert time.waits == [10.0, 10.0]  # b.example waited for nobody


async def test_host_and_global_concurrency() -> None:
    in_flight: dict[str, int] = {}
    peaks: dict[str, int] = {}
    total = [0, 0]

    async def handler(request: httpx.Request) -> httpx.Response:
        host = request.url.host
        in_flight[host] = in_flight.get(host, 0) + 1
        total[0] += 1
        peaks[host] = max(peaks.get(host, 0), in_flight[host])
        total[1] = max(total[1], total[0])
        await asyncio.sleep(0.01)
        in_flight[host] -= 1
        total[0] -= 1
        return httpx.Response(200)

    options = dataclasses.replace(OPTIONS, host_delay_s=0.0, host_concurrency=2, concurrency=3)
    async with Fetcher(options, transport=httpx.MockTransport(handler),
                       resolver=documentation_address) as f:  # type: ignore[arg-type]
        await asyncio.gather(*(f.fetch(f"http://{host}.example/{n}") for host in "abc" for n in range(5)))
    assert max(peaks.values()) == 2
    assert total[1] == 3


async def test_retry_after_holds_the_whole_host() -> None:
    time = FakeTime()
    starts: list[tuple[str, float]] = []
    options = dataclasses.replace(OPTIONS, host_delay_s=0.0)

    def handler(request: httpx.Request) -> httpx.Response:
        starts.append((request.url.path, time.now))
        if request.url.path == "/busy" and len(starts) == 1:
            return httpx.Response(429, headers={"Retry-After": "30"})
        return httpx.Response(200)

    async with fetcher(handler, time, options) as f:
        await f.fetch("http://a.example/busy")
        await f.fetch("http://a.example/other")
    assert starts == [("/busy", 1000.0), ("/busy", 1030.0), ("/other", 1030.0)]


async def test_long_retry_after_closes_the_host_for_this_run() -> None:
    time = FakeTime()
    paths: list[str] = []

    def handler(request: httpx.Request) -> httpx.Response:
        paths.append(request.url.path)
        return httpx.Response(503, headers={"Retry-After": "3600"})

    async with fetcher(handler, time) as f:
        for path in ("/a", "/b", "/c"):
            with pytest.raises(FetchError) as caught:
                await f.fetch(f"http://a.example{path}")
            assert caught.value.kind == "retry_later" and 3500 < (caught.value.retry_after or 0) <= 3600
        await asyncio.gather(f.fetch("http://b.example/"), return_exceptions=True)
    assert paths == ["/a", "/"]  # /b and /c never asked; other hosts unaffected
    assert time.waits == []


async def test_crawl_delay_widens_host_spacing() -> None:
    time = FakeTime()
    starts: list[float] = []
    options = dataclasses.replace(OPTIONS, host_delay_s=1.0, respect_robots=True)

    def handler(request: httpx.Request) -> httpx.Response:
        if request.url.path == "/robots.txt":
            return httpx.Response(200, text="User-agent: *\nCrawl-delay: 7\n")
        starts.append(time.now)
        return httpx.Response(200)

    async with fetcher(handler, time, options) as f:
        for n in range(3):
            await f.fetch(f"http://a.example/{n}")
    assert [b - a for a, b in zip(starts, starts[1:])] == [7.0, 7.0]


@pytest.mark.parametrize("exception, kind", [
    (httpx.ConnectError("refused"), "network"), (httpx.ReadTimeout("slow"), "timeout"),
    (httpx.ConnectTimeout("slow"), "timeout"), (httpx.RemoteProtocolError("bye"), "network"),
])
async def test_transport_exceptions_are_converted_and_retried(exception: Exception, kind: str) -> None:
    time = FakeTime()
    calls = [0]

    def handler(request: httpx.Request) -> httpx.Response:
        calls[0] += 1
        raise exception

    async with fetcher(handler, time, dataclasses.replace(OPTIONS, host_delay_s=0.0)) as f:
        with pytest.raises(FetchError) as caught:
            await f.fetch("http://a.example/x")
    assert caught.value.kind == kind and caught.value.retryable
    assert calls[0] == OPTIONS.retries + 1
    assert time.waits == [0.5, 1.0]  # backoff doubles


async def test_unresolvable_host_is_a_dns_error() -> None:
    async def resolver(host: str, port: int) -> list[str]:
        raise OSError("Name or service not known")

    options = dataclasses.replace(OPTIONS, allow_private_addresses=False, retries=0)
    async with Fetcher(options, transport=httpx.MockTransport(lambda r: httpx.Response(200)),
                       resolver=resolver) as f:
        with pytest.raises(FetchError) as caught:
            await f.fetch("http://nowhere.example/")
    assert caught.value.kind == "dns" and caught.value.retryable


async def test_every_redirect_hop_is_address_checked() -> None:
    """A public page may not bounce us into the intranet."""
    addresses = {"news.example": ["93.184.216.34"], "intranet.example": ["10.0.0.7"]}
    seen: list[str] = []

    async def resolver(host: str, port: int) -> list[str]:
        return addresses[host]

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(str(request.url))
        return httpx.Response(302, headers={"Location": "http://intranet.example/secret"})

    options = dataclasses.replace(OPTIONS, allow_private_addresses=False)
    async with Fetcher(options, transport=httpx.MockTransport(handler), resolver=resolver) as f:
        with pytest.raises(FetchError) as caught:
            await f.fetch("http://news.example/a")
    assert caught.value.kind == "private_address" and not caught.value.retryable
    assert seen == ["http://news.example/a"]


async def test_fetch_outside_context_is_a_programming_error() -> None:
    with pytest.raises(RuntimeError):
        await Fetcher(OPTIONS).fetch("http://a.example/")
