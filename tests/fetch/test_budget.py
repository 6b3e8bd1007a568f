"""One slow host must not hold a run, and a compressed body never inflates past the cap:
against a real local server that drips, stalls and serves gzip bombs."""

from __future__ import annotations

import dataclasses
import gzip
import time
import tracemalloc
import zlib
from collections.abc import Iterator

import pytest

from pipeline.fetch import FetchError, Fetcher, FetchOptions
from tests.support.misbehaving_server import MisbehavingServer, Reply, dripping, fail_then, respond, slow

pytestmark = pytest.mark.anyio

OPTIONS = FetchOptions(user_agent="KabarchyTest/1.0", timeout_s=5.0, deadline_s=0.6, retries=3, backoff_s=0.01,
                       host_delay_s=0.0, respect_robots=False, allow_private_addresses=True)


@pytest.fixture
def server() -> Iterator[MisbehavingServer]:
    with MisbehavingServer() as running:
        yield running


async def test_endless_drip_spends_one_budget_and_is_not_retried(server: MisbehavingServer) -> None:
    server.route("/drip", dripping(0.05))  # a byte every 50 ms: the per-read timeout never fires
    started = time.monotonic()
    async with Fetcher(OPTIONS) as fetcher:
        with pytest.raises(FetchError) as caught:
            await fetcher.fetch(server.url("/drip"))
    elapsed = time.monotonic() - started
    assert caught.value.kind == "timeout" and caught.value.overrun and caught.value.retryable
    assert server.hits("/drip") == 1  # an overrun is not retried within the run
    assert elapsed < OPTIONS.deadline_s + 1.0


async def test_a_host_that_overran_is_left_alone_and_other_hosts_are_not(server: MisbehavingServer) -> None:
    server.route("/drip", dripping(0.05))
    server.route("/other", respond("fine"))
    async with Fetcher(OPTIONS) as fetcher:
        with pytest.raises(FetchError):
            await fetcher.fetch(server.url("/drip"))
        started = time.monotonic()
        with pytest.raises(FetchError) as caught:
            await fetcher.fetch(server.url("/other"))
        assert time.monotonic() - started < 0.2  # failed at once, no request
        assert caught.value.kind == "retry_later" and "left alone" in str(caught.value)
        # The same server under another host name is another host: it still answers.
        other_host = server.url("/other").replace("127.0.0.1", "localhost")
        assert (await fetcher.fetch(other_host)).text == "fine"
    assert server.hits("/other") == 1


async def test_budget_covers_retries_and_redirect_hops(server: MisbehavingServer) -> None:
    # Each attempt stalls past the per-read timeout; retries stop when the URL's budget is spent.
    server.route("/stall", slow(0.4, respond("late")))
    options = dataclasses.replace(OPTIONS, timeout_s=0.25, deadline_s=0.7, retries=10)
    started = time.monotonic()
    async with Fetcher(options) as fetcher:
        with pytest.raises(FetchError):
            await fetcher.fetch(server.url("/stall"))
    assert time.monotonic() - started < 1.5
    assert 2 <= server.hits("/stall") <= 3  # not 11
    # Hops share the budget: each hop is slow, together they overrun it.
    with MisbehavingServer() as fresh:  # a host not yet marked slow
        for hop in range(5):
            fresh.route(f"/hop{hop}", slow(0.2, lambda r, n=hop: Reply(302, {"Location": f"/hop{n + 1}"})))
        fresh.route("/hop5", respond("end"))
        async with Fetcher(dataclasses.replace(OPTIONS, deadline_s=0.5)) as fetcher:
            with pytest.raises(FetchError) as caught:
                await fetcher.fetch(fresh.url("/hop0"))
        assert caught.value.overrun
        assert fresh.hits("/hop5") == 0


async def test_a_server_error_is_still_retried_within_the_budget(server: MisbehavingServer) -> None:
    server.route("/flaky", fail_then(2, respond("ok")))
    async with Fetcher(OPTIONS) as fetcher:
        assert (await fetcher.fetch(server.url("/flaky"))).text == "ok"
    assert server.hits("/flaky") == 3


@pytest.mark.parametrize("encoding", ["gzip", "deflate"])
async def test_compression_bomb_never_inflates_past_the_cap(server: MisbehavingServer, encoding: str) -> None:
    """200 MB of zeros in ~200 KB: memory stays near the 1 MB cap while it is refused."""
    raw = b"\0" * 200_000_000
    packed = gzip.compress(raw, 9) if encoding == "gzip" else zlib.compress(raw, 9)
    del raw
    server.route("/bomb", lambda r: Reply(200, {"Content-Type": "text/html", "Content-Encoding": encoding}, packed))
    options = dataclasses.replace(OPTIONS, max_bytes=1_000_000)
    tracemalloc.start()
    try:
        async with Fetcher(options) as fetcher:
            with pytest.raises(FetchError) as caught:
                await fetcher.fetch(server.url("/bomb"))
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert caught.value.kind == "too_large"
    assert peak < 12_000_000, f"peak {peak / 1e6:.1f} MB while refusing a bomb"


async def test_unrequested_encoding_is_refused(server: MisbehavingServer) -> None:
    server.route("/br", lambda r: Reply(200, {"Content-Type": "text/html", "Content-Encoding": "br"}, b"\x0b\x02\x80"))
    async with Fetcher(OPTIONS) as fetcher:
        with pytest.raises(FetchError) as caught:
            await fetcher.fetch(server.url("/br"))
    assert "unsupported Content-Encoding" in str(caught.value)
    assert server.requests[0].headers["accept-encoding"] == "gzip, deflate"
