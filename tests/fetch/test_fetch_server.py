"""The fetcher against a real local server that misbehaves: the issue's required fault tests."""

from __future__ import annotations

import asyncio
import dataclasses
import gzip
from pathlib import Path

import pytest

from pipeline.fetch import FetchError, Fetcher, FetchOptions
from pipeline.records import FetchResult
from tests.support.misbehaving_server import (
    MisbehavingServer,
    conditional,
    dropped,
    fail_then,
    gzipped,
    oversized,
    redirect,
    respond,
    robots,
    slow,
    too_many_requests,
)

pytestmark = pytest.mark.anyio

UA = "KabarchyTest/1.0 (+https://example.org/kabarchy-tests)"
OPTIONS = FetchOptions(user_agent=UA, timeout_s=0.5, max_bytes=10_000, retries=2, backoff_s=0.01,
                       max_retry_after_s=5.0, host_delay_s=0.0, allow_private_addresses=True)
RUSSIAN = ("Центральная избирательная комиссия сообщила, что подготовка к выборам идёт по плану. "
           "Председатель комиссии ответил на вопросы журналистов о новых избирательных участках.")
KYRGYZ = "Борбордук шайлоо комиссиясы шайлоого даярдык пландагыдай жүрүп жатканын билдирди."


@pytest.fixture
def server(tmp_path: Path) -> MisbehavingServer:
    with MisbehavingServer(root=tmp_path) as running:
        yield running


class RecordingSleep:
    """Records every wait the fetcher asks for, and yields instead of sleeping."""

    def __init__(self) -> None:
        self.waits: list[float] = []

    async def __call__(self, seconds: float) -> None:
        self.waits.append(seconds)
        await asyncio.sleep(0)


async def fetch(url: str, options: FetchOptions = OPTIONS, **kwargs: object) -> FetchResult:
    async with Fetcher(options, sleep=kwargs.pop("sleep", asyncio.sleep)) as fetcher:  # type: ignore[arg-type]
        return await fetcher.fetch(url, **kwargs)  # type: ignore[arg-type]


async def fetch_error(url: str, options: FetchOptions = OPTIONS, **kwargs: object) -> FetchError:
    with pytest.raises(FetchError) as caught:
        await fetch(url, options, **kwargs)
    return caught.value


async def test_plain_page_sends_user_agent_and_detects_utf8(server: MisbehavingServer) -> None:
    html = f"<html><body><p>{KYRGYZ}</p></body></html>"
    server.route("/page", respond(html, content_type="text/html"))
    result = await fetch(server.url("/page"))
    assert result.status == 200
    assert result.final_url == server.url("/page")
    assert result.encoding == "utf-8"
    assert result.text == html
    assert server.requests[-1].headers["user-agent"] == UA


async def test_static_files_are_served_with_304(server: MisbehavingServer, tmp_path: Path) -> None:
    (tmp_path / "feed.xml").write_text("<rss version='2.0'><channel/></rss>", encoding="utf-8")
    first = await fetch(server.url("/feed.xml"))
    assert first.headers["content-type"] == "application/xml"
    again = await fetch(server.url("/feed.xml"), etag=first.headers["etag"])
    assert again.status == 304 and again.not_modified and again.body == b""


async def test_304_for_matching_etag(server: MisbehavingServer) -> None:
    server.route("/feed", conditional(b"<rss/>", etag='"v1"', content_type="application/rss+xml"))
    result = await fetch(server.url("/feed"), etag='"v1"')
    assert result.status == 304 and result.body == b"" and result.encoding is None
    assert server.requests[-1].headers["if-none-match"] == '"v1"'
    changed = await fetch(server.url("/feed"), etag='"v0"')
    assert changed.status == 200 and changed.body == b"<rss/>" and changed.headers["etag"] == '"v1"'


async def test_304_for_last_modified(server: MisbehavingServer) -> None:
    stamp = "Tue, 03 Nov 2026 10:00:00 GMT"
    server.route("/feed", conditional(b"<rss/>", last_modified=stamp))
    result = await fetch(server.url("/feed"), last_modified=stamp)
    assert result.status == 304
    assert server.requests[-1].headers["if-modified-since"] == stamp


async def test_429_retry_after_is_honoured(server: MisbehavingServer) -> None:
    server.route("/busy", too_many_requests("2", respond("ok")))
    sleep = RecordingSleep()
    result = await fetch(server.url("/busy"), sleep=sleep)
    assert result.status == 200 and result.body == b"ok"
    assert server.hits("/busy") == 2
    assert 2.0 in sleep.waits  # waited what the server asked, not the 0.01 s backoff


async def test_429_with_long_retry_after_defers_to_next_run(server: MisbehavingServer) -> None:
    server.route("/busy", too_many_requests("3600", respond("ok")))
    error = await fetch_error(server.url("/busy"))
    assert error.kind == "retry_later" and error.retryable
    assert error.retry_after == 3600.0 and error.status == 429
    assert server.hits("/busy") == 1  # not slept on, not retried


async def test_500_then_success(server: MisbehavingServer) -> None:
    server.route("/flaky", fail_then(2, respond("fine")))
    sleep = RecordingSleep()
    result = await fetch(server.url("/flaky"), sleep=sleep)
    assert result.status == 200 and result.body == b"fine"
    assert server.hits("/flaky") == 3
    assert sleep.waits == [0.01, 0.02]  # exponential backoff


async def test_500_for_good_is_a_retryable_http_error(server: MisbehavingServer) -> None:
    server.route("/down", fail_then(100, respond("never")))
    error = await fetch_error(server.url("/down"))
    assert (error.kind, error.status, error.retryable) == ("http_error", 500, True)
    assert server.hits("/down") == OPTIONS.retries + 1


async def test_404_is_not_retried(server: MisbehavingServer) -> None:
    error = await fetch_error(server.url("/missing"))
    assert (error.kind, error.status, error.retryable) == ("http_error", 404, False)
    assert server.hits("/missing") == 1


async def test_timeout(server: MisbehavingServer) -> None:
    server.route("/slow", slow(3.0, respond("late")))
    error = await fetch_error(server.url("/slow"), dataclasses.replace(OPTIONS, timeout_s=0.2, retries=0))
    assert error.kind == "timeout" and error.retryable


async def test_deadline_stops_a_slow_drip(server: MisbehavingServer) -> None:
    server.route("/slow", slow(3.0, respond("late")))
    options = dataclasses.replace(OPTIONS, timeout_s=10.0, deadline_s=0.2, retries=0)
    assert (await fetch_error(server.url("/slow"), options)).kind == "timeout"


async def test_dropped_connection_is_a_network_error(server: MisbehavingServer) -> None:
    server.route("/drop", dropped())
    error = await fetch_error(server.url("/drop"))
    assert error.kind == "network" and error.retryable
    assert server.hits("/drop") == OPTIONS.retries + 1


async def test_redirect_loop(server: MisbehavingServer) -> None:
    server.route("/a", redirect("/b"))
    server.route("/b", redirect(server.url("/a")))
    error = await fetch_error(server.url("/a"))
    assert error.kind == "redirect_loop" and not error.retryable


async def test_redirect_chain_is_followed(server: MisbehavingServer) -> None:
    server.route("/one", redirect("/two", 301))
    server.route("/two", redirect("three", 307))
    server.route("/three", respond("arrived"))
    result = await fetch(server.url("/one"))
    assert result.url == server.url("/one") and result.final_url == server.url("/three")
    assert result.body == b"arrived"


async def test_too_many_redirects(server: MisbehavingServer) -> None:
    for hop in range(4):
        server.route(f"/r{hop}", redirect(f"/r{hop + 1}"))
    server.route("/r4", respond("end"))
    error = await fetch_error(server.url("/r0"), dataclasses.replace(OPTIONS, max_redirects=3))
    assert error.kind == "too_many_redirects"
    assert server.hits("/r4") == 0
    assert (await fetch(server.url("/r0"), dataclasses.replace(OPTIONS, max_redirects=4))).body == b"end"


async def test_oversized_page_by_content_length(server: MisbehavingServer) -> None:
    server.route("/big", oversized(50_000))
    error = await fetch_error(server.url("/big"))
    assert error.kind == "too_large" and not error.retryable


async def test_oversized_page_without_content_length(server: MisbehavingServer) -> None:
    server.route("/big", oversized(50_000, send_length=False))
    assert (await fetch_error(server.url("/big"))).kind == "too_large"
    server.route("/small", oversized(5_000, send_length=False))
    assert len((await fetch(server.url("/small"))).body) == 5_000


async def test_gzip_body_is_decoded_and_capped_after_decoding(server: MisbehavingServer) -> None:
    html = f"<p>{RUSSIAN}</p>".encode("utf-8")
    server.route("/zipped", gzipped(html))
    result = await fetch(server.url("/zipped"))
    assert result.body == html and result.encoding == "utf-8"
    assert "content-encoding" not in result.headers  # headers describe the body we hand on
    assert result.headers["content-length"] == str(len(html))
    bomb = b"<p>" + b"a" * 200_000
    assert len(gzip.compress(bomb)) < OPTIONS.max_bytes
    server.route("/bomb", gzipped(bomb))
    assert (await fetch_error(server.url("/bomb"))).kind == "too_large"


@pytest.mark.parametrize("text", [RUSSIAN, "Президент подписал указ"], ids=["article", "headline"])
async def test_windows_1251_page_without_charset(server: MisbehavingServer, text: str) -> None:
    """The headline page is one a generic detector alone reads as shift_jis."""
    html = f"<html><head><title>{text[:20]}</title></head><body><h1>{text}</h1></body></html>"
    server.route("/cp1251", respond(html.encode("cp1251"), content_type="text/html"))
    result = await fetch(server.url("/cp1251"))
    assert result.encoding == "windows-1251"
    assert result.text == html


async def test_private_address_is_refused(server: MisbehavingServer) -> None:
    strict = dataclasses.replace(OPTIONS, allow_private_addresses=False)
    server.route("/page", respond("secret"))
    error = await fetch_error(server.url("/page"), strict, allow_private=False)
    assert error.kind == "private_address" and not error.retryable
    assert server.requests == []  # refused before connecting
    assert (await fetch(server.url("/page"), strict, allow_private=True)).body == b"secret"


async def test_bad_scheme_is_refused(server: MisbehavingServer) -> None:
    server.route("/ftp", redirect("ftp://example.org/file"))
    assert (await fetch_error(server.url("/ftp"))).kind == "bad_url"
    assert (await fetch_error("file:///etc/passwd")).kind == "bad_url"
    assert (await fetch_error("http://")).kind == "bad_url"


async def test_robots_txt_disallow(server: MisbehavingServer) -> None:
    server.route("/robots.txt", robots("User-agent: *\nDisallow: /private/\n"))
    server.route("/private/page", respond("hidden"))
    server.route("/public/page", respond("open"))
    async with Fetcher(OPTIONS) as fetcher:
        with pytest.raises(FetchError) as caught:
            await fetcher.fetch(server.url("/private/page"))
        assert caught.value.kind == "robots_disallowed" and not caught.value.retryable
        results = await asyncio.gather(*(fetcher.fetch(server.url("/public/page")) for _ in range(3)))
    assert [result.body for result in results] == [b"open"] * 3
    assert server.hits("/private/page") == 0
    assert server.hits("/robots.txt") == 1  # once per origin per Fetcher


async def test_robots_txt_for_our_agent_only(server: MisbehavingServer) -> None:
    server.route("/robots.txt", robots("User-agent: KabarchyTest\nDisallow: /\n\nUser-agent: *\nAllow: /\n"))
    server.route("/page", respond("x"))
    assert (await fetch_error(server.url("/page"))).kind == "robots_disallowed"
    other = dataclasses.replace(OPTIONS, user_agent="SomeoneElse/2.0")
    assert (await fetch(server.url("/page"), other)).body == b"x"


async def test_robots_ignored_when_not_respected(server: MisbehavingServer) -> None:
    server.route("/robots.txt", robots("User-agent: *\nDisallow: /\n"))
    server.route("/page", respond("x"))
    assert (await fetch(server.url("/page"), dataclasses.replace(OPTIONS, respect_robots=False))).body == b"x"
    assert server.hits("/robots.txt") == 0


@pytest.mark.parametrize("robots_handler", [respond("gone", status=404), respond("no", status=403),
                                            fail_then(100, respond("")), dropped()],
                         ids=["404", "403", "500", "dropped"])
async def test_unreadable_robots_txt_allows(server: MisbehavingServer, robots_handler: object) -> None:
    server.route("/robots.txt", robots_handler)  # type: ignore[arg-type]
    server.route("/page", respond("x"))
    assert (await fetch(server.url("/page"))).body == b"x"
