"""parse_feed over the fixture feeds (RSS 0.91, RSS 1.0, RSS 2.0, Atom, broken, not a feed)."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.feeds import FeedError, parse_feed

CASES = sorted((Path(__file__).parent / "fixtures" / "feeds").glob("*.json"))


@pytest.mark.parametrize("sidecar", CASES, ids=lambda p: p.stem)
def test_feed_fixture(sidecar: Path, entry_checker, read_case) -> None:
    case, body = read_case(sidecar)
    expect = case["expect"]
    if "raises" in expect:
        with pytest.raises(FeedError):
            parse_feed(body, url=case["url"], source_id="test", headers=case.get("headers"))
        return
    feed = parse_feed(body, url=case["url"], source_id="test", headers=case.get("headers"))
    assert feed.title == expect["title"]
    assert len(feed.entries) == expect["count"]
    if expect["error"] is None:
        assert feed.error is None
    else:
        assert feed.error is not None and expect["error"] in feed.error
    for entry in feed.entries:
        assert entry.source_id == "test" and entry.found_in == case["url"]
        assert entry.url.startswith(("http://", "https://"))
    for entry, want in zip(feed.entries, expect["entries"], strict=False):
        entry_checker(entry, want)


def test_feed_error_is_a_value_error() -> None:
    with pytest.raises(ValueError, match="not a feed"):
        parse_feed(b"\x00\x9f\x92garbage", url="https://x.example.kg/rss", source_id="t")


def test_content_location_header_sets_the_base() -> None:
    body = (
        b'<?xml version="1.0"?><rss version="2.0"><channel><title>t</title>'
        b"<item><title>a</title><link>item/7</link></item></channel></rss>"
    )
    feed = parse_feed(body, url="https://x.example.kg/rss", source_id="t",
                      headers={"Content-Location": "/ky/feeds/all"})
    assert feed.entries[0].url == "https://x.example.kg/ky/feeds/item/7"
