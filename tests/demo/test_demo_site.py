"""The bundled sample site: served for real on 127.0.0.1, with feeds, a listing, cp1251 and URL variants."""

from __future__ import annotations

import asyncio
import re
from collections.abc import Iterator
from pathlib import Path

import feedparser
import httpx
import pytest
from lxml import etree

from kabarchy.demo import DEMO_SITE, demo_sources, sample_articles, serve_demo_site, write_sources_file
from pipeline import fetch
from pipeline.sources import load_sources

NOTE = "Sample texts written for the Kabarchy demo; not real news."
AMP_ARTICLE = "/ru-news/2021/04/11/referendum-konstituciya.html"


@pytest.fixture(scope="module")
def site() -> Iterator[tuple[str, httpx.Client]]:
    with serve_demo_site() as base, httpx.Client(base_url=base, timeout=10) as client:
        yield base, client


def test_the_site_holds_enough_sample_articles() -> None:
    articles = sample_articles()
    assert len(articles) >= 30
    assert sum(a.language == "ky" for a in articles) >= 12
    assert sum(a.language == "ru" for a in articles) >= 12
    assert len({a.path for a in articles}) == len(articles)
    assert {a.source_id for a in articles} == {s.id for s in demo_sources("http://127.0.0.1:1")}
    assert all(a.published.endswith("+06:00") for a in articles)
    assert NOTE in (DEMO_SITE / "README.md").read_text(encoding="utf-8")


def test_every_article_is_served_with_links_filled_in(site: tuple[str, httpx.Client]) -> None:
    base, client = site
    for article in sample_articles():
        response = client.get(article.path)
        assert response.status_code == 200, article.path
        html = response.content.decode(article.encoding)
        assert f"<h1>{article.title}</h1>" in html
        assert f'<link rel="canonical" href="{base}{article.path}">' in html
        assert "{{BASE}}" not in html
        assert f'content="{article.published}"' in html
    index = client.get("/").text
    assert NOTE in index and "{{BASE}}" not in index


def test_rss_feed(site: tuple[str, httpx.Client]) -> None:
    base, client = site
    response = client.get("/ru-news/rss.xml")
    assert response.headers["content-type"] == "application/rss+xml; charset=utf-8"
    feed = feedparser.parse(response.content)
    assert feed.version == "rss20" and not feed.bozo
    expected = {base + a.path for a in sample_articles() if a.source_id == "demo-ru-news"}
    assert {e.link.split("?")[0] for e in feed.entries} == expected
    assert all(e.published.endswith("+0600") for e in feed.entries)
    tagged = [e.link for e in feed.entries if "utm_source=" in e.link]
    assert tagged == [base + AMP_ARTICLE + "?utm_source=rss&utm_medium=feed&utm_campaign=demo"]


def test_atom_feed_and_sitemap(site: tuple[str, httpx.Client]) -> None:
    base, client = site
    response = client.get("/ky-kabar/atom.xml")
    assert response.headers["content-type"] == "application/atom+xml; charset=utf-8"
    feed = feedparser.parse(response.content)
    assert feed.version == "atom10" and not feed.bozo
    assert len(feed.entries) == 10  # the newest ten; the sitemap has them all
    assert all(e.published.endswith("+06:00") for e in feed.entries)
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    locs = etree.fromstring(client.get("/ky-kabar/sitemap.xml").content).xpath("//s:loc/text()", namespaces=ns)
    expected = {base + a.path for a in sample_articles() if a.source_id == "demo-ky-kabar"}
    assert set(locs) == expected and len(expected) == 13
    assert {e.link for e in feed.entries} < expected


def test_listings_match_the_source_patterns(site: tuple[str, httpx.Client]) -> None:
    base, client = site
    by_id = {s.id: s for s in demo_sources(base)}
    for source_id in ("demo-ru-news", "demo-official"):
        (listing,) = by_id[source_id].listings
        html = client.get(listing.url.removeprefix(base)).text
        links = {m for m in re.findall(r'href="([^"]+)"', html) if re.search(listing.link_pattern, m)}
        expected = {base + a.path for a in sample_articles() if a.source_id == source_id}
        if source_id == "demo-ru-news":  # the front page links one article through its AMP variant
            amp = base + "/ru-news/amp" + AMP_ARTICLE.removeprefix("/ru-news")
            assert amp in links
            links = links - {amp} | {base + AMP_ARTICLE}
        assert links == expected


def test_amp_and_utm_variants_point_to_one_article(site: tuple[str, httpx.Client]) -> None:
    base, client = site
    amp = client.get("/ru-news/amp/2021/04/11/referendum-konstituciya.html")
    assert amp.status_code == 200 and "<html amp" in amp.text
    assert f'<link rel="canonical" href="{base}{AMP_ARTICLE}">' in amp.text
    tagged = client.get(AMP_ARTICLE + "?utm_source=rss&utm_medium=feed")
    assert tagged.status_code == 200 and tagged.content == client.get(AMP_ARTICLE).content


def test_cp1251_page_has_no_charset_anywhere(site: tuple[str, httpx.Client]) -> None:
    _, client = site
    (article,) = [a for a in sample_articles() if a.encoding == "windows-1251"]
    assert article.language == "ru"
    response = client.get(article.path)
    assert response.headers["content-type"] == "text/html"
    with pytest.raises(UnicodeDecodeError):
        response.content.decode("utf-8")
    text = response.content.decode("cp1251")
    assert "charset" not in text.lower()
    assert "Жогорку Кенеш" in text and "пресс-служба" in text


def test_project_fetcher_detects_the_cp1251_page(site: tuple[str, httpx.Client]) -> None:
    base, _ = site
    (article,) = [a for a in sample_articles() if a.encoding == "windows-1251"]

    async def get() -> str | None:
        async with fetch.Fetcher(fetch.FetchOptions(user_agent="kabarchy-test", host_delay_s=0, retries=0)) as f:
            result = await f.fetch(base + article.path, allow_private=True)
        assert article.title in result.text
        return result.encoding

    assert (asyncio.run(get()) or "").lower().replace("cp", "windows-") == "windows-1251"


def test_missing_and_outside_paths_are_404(site: tuple[str, httpx.Client]) -> None:
    _, client = site
    assert client.get("/nope.html").status_code == 404
    assert client.get("/..%2f..%2fpyproject.toml").status_code == 404
    assert client.get("/%2e%2e/demo.py").status_code == 404


def test_conditional_get(site: tuple[str, httpx.Client]) -> None:
    _, client = site
    first = client.get("/ru-news/rss.xml")
    again = client.get("/ru-news/rss.xml", headers={"If-None-Match": first.headers["etag"]})
    assert again.status_code == 304 and again.content == b""


def test_statement_forms_the_analyser_should_catch() -> None:
    text = "\n".join(a.title + "\n" + (DEMO_SITE / a.path.lstrip("/")).read_bytes().decode(a.encoding)
                     for a in sample_articles())
    for cue in ("», — заявил", "», — сообщили", "По словам", "Как сообщила пресс-служба", "заявили, что",
                "заявил, что", "», — деди", "деп билдирди", "экенин айтты", "УКМКнын басма сөз кызматы"):
        assert cue in text, cue


def test_demo_sources_round_trip_through_a_sources_file(tmp_path: Path) -> None:
    sources = demo_sources("http://127.0.0.1:8123")
    loaded = load_sources(write_sources_file(tmp_path / "demo.yaml", sources))
    assert loaded.problems == ()
    assert loaded.sources == tuple(sources)
    assert all(s.allow_private for s in loaded.sources)
