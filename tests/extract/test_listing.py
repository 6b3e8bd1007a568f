"""parse_listing and parse_sitemap over fixture pages and sitemaps."""

from __future__ import annotations

import gzip
from pathlib import Path

import pytest

from pipeline.feeds import FeedError
from pipeline.listing import parse_listing, parse_sitemap

FIXTURES = Path(__file__).parent / "fixtures"
LISTINGS = sorted((FIXTURES / "listings").glob("*.json"))
SITEMAPS = sorted((FIXTURES / "sitemaps").glob("*.json"))


@pytest.mark.parametrize("sidecar", LISTINGS, ids=lambda p: p.stem)
def test_listing_fixture(sidecar: Path, read_case) -> None:
    case, body = read_case(sidecar)
    entries = parse_listing(
        body, base_url=case["base_url"], link_pattern=case["link_pattern"], source_id="gov",
        encoding=case["encoding"],
    )
    assert [(e.url, e.title) for e in entries] == [(w["url"], w["title"]) for w in case["expect"]]
    assert all(e.source_id == "gov" and e.found_in == case["base_url"] for e in entries)


def test_bad_link_pattern_is_a_clear_error() -> None:
    with pytest.raises(FeedError, match="bad link_pattern"):
        parse_listing(b"<a href='/x'>x</a>", base_url="https://a.example.kg/", link_pattern="(", source_id="s")


def test_listing_of_nothing_is_empty() -> None:
    assert parse_listing(b"", base_url="https://a.example.kg/", link_pattern=".", source_id="s") == []
    assert parse_listing(b"\x00\xff\xfe", base_url="https://a.example.kg/", link_pattern=".", source_id="s") == []


@pytest.mark.parametrize("sidecar", SITEMAPS, ids=lambda p: p.stem)
def test_sitemap_fixture(sidecar: Path, read_case, entry_checker) -> None:
    case, body = read_case(sidecar)
    expect = case["expect"]
    if "raises" in expect:
        with pytest.raises(FeedError, match="not a sitemap"):
            parse_sitemap(body, url=case["url"], source_id="news")
        return
    entries, children = parse_sitemap(body, url=case["url"], source_id="news")
    assert children == expect["children"]
    assert len(entries) == len(expect["entries"])
    for entry, want in zip(entries, expect["entries"], strict=True):
        entry_checker(entry, want)


def test_gzip_bomb_is_bounded() -> None:
    loc = b"<url><loc>https://a.example.kg/n/1</loc></url>"
    huge = b'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">' + loc + b" " * 60_000_000 + b"</urlset>"
    entries, _ = parse_sitemap(gzip.compress(huge), url="https://a.example.kg/s.xml.gz", source_id="s")
    assert [e.url for e in entries] == ["https://a.example.kg/n/1"]  # read up to the cap, not beyond
