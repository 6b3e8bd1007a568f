"""The parsers on real HTTP: fixtures served by a local server (gzip, RSS as text/html, a
windows-1251 page without a declared charset), fetched with httpx, parsed, extracted, archived."""

from __future__ import annotations

import gzip
import threading
from collections.abc import Iterator
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import httpx
import pytest

from pipeline.archive import WarcArchive
from pipeline.extract import extract
from pipeline.feeds import parse_feed
from pipeline.listing import parse_listing
from pipeline.records import FetchResult

FIXTURES = Path(__file__).parent / "fixtures"
ROUTES: dict[str, tuple[str, Path, bool]] = {  # path → (content type, file, gzip)
    "/rss/all.xml": ("text/html; charset=utf-8", FIXTURES / "feeds" / "rss20_content.xml", True),
    "/ru/press": ("text/html", FIXTURES / "listings" / "section.html", False),
    "/news/2026/11/20/svekla.html": ("text/html", FIXTURES / "pages" / "cp1251_ru.html", False),
}


class _Handler(BaseHTTPRequestHandler):
    def do_GET(self) -> None:  # noqa: N802 — the http.server hook's name
        route = ROUTES.get(self.path)
        if route is None:
            self.send_error(404)
            return
        content_type, path, compress = route
        body = path.read_bytes()
        self.send_response(200)
        self.send_header("Content-Type", content_type)
        if compress:
            body = gzip.compress(body)
            self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def site() -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def _get(client: httpx.Client, url: str) -> FetchResult:
    response = client.get(url)
    response.raise_for_status()
    return FetchResult(url=url, final_url=str(response.url), status=response.status_code,
                       headers=dict(response.headers), body=response.content, encoding=None,
                       fetched_at=datetime.now(UTC), elapsed_s=response.elapsed.total_seconds())


def test_feed_listing_page_and_archive_over_http(site: str, tmp_path: Path) -> None:
    with httpx.Client() as client:
        feed_fetch = _get(client, f"{site}/rss/all.xml")
        listing_fetch = _get(client, f"{site}/ru/press")
        page_fetch = _get(client, f"{site}/news/2026/11/20/svekla.html")

    feed = parse_feed(feed_fetch.body, url=feed_fetch.final_url, source_id="r", headers=feed_fetch.headers)
    assert feed.entries[0].url == f"{site}/news/2026/11/22/cik-plan"  # relative link, served URL as base
    assert "сроки выдвижения кандидатов" in feed.entries[0].content

    leads = parse_listing(listing_fetch.body, base_url=listing_fetch.final_url,
                          link_pattern=r"/press/\d{4}/\d{2}/\d{2}/\d+$", source_id="gov")
    assert [lead.title for lead in leads][:2] == ["Совещание по подготовке к зиме", "Итоги рабочей поездки в регионы"]

    article = extract(page_fetch.body, url=page_fetch.final_url, encoding=None, entry=None)
    assert article.language == "ru" and "льготного кредитования" in article.text

    with WarcArchive(tmp_path) as archive:
        places = [archive.write(f) for f in (feed_fetch, listing_fetch, page_fetch)]
    assert [archive.read(*p) for p in places] == [feed_fetch, listing_fetch, page_fetch]
    again = parse_feed(archive.read(*places[0]).body, url=feed_fetch.final_url, source_id="r", headers=feed_fetch.headers)
    assert again == feed  # the archived bytes re-parse to the same entries
