"""extract over the fixture pages, plus the robustness cases: garbage, empty, huge, pickling."""

from __future__ import annotations

import pickle
from concurrent.futures import ProcessPoolExecutor
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from pipeline.extract import ExtractionFailed, content_hash, extract
from pipeline.records import FeedEntry

PAGES = Path(__file__).parent / "fixtures" / "pages"
CASES = sorted(PAGES.glob("*.json"))
LONG_FEED_TEXT = (
    "Пресс-служба ведомства сообщила о начале приема заявок на участие в программе. "
    "Заявки принимаются в течение месяца в районных отделениях и на официальном сайте. "
    "Подробные условия и список необходимых документов опубликованы вместе с объявлением."
)


def _entry(url: str, fields: dict[str, Any] | None) -> FeedEntry | None:
    if fields is None:
        return None
    values = dict(fields)
    if values.get("published"):
        values["published"] = datetime.fromisoformat(values["published"])
    return FeedEntry(source_id="test", url=url, found_in="https://feeds.example.kg/rss", **values)


def _encodings(case: dict[str, Any]) -> list[str | None]:
    return [case["encoding"]] + ([None] if case.get("also_without_encoding") else [])


@pytest.mark.parametrize(
    ("sidecar", "encoding"),
    [(s, enc) for s in CASES for enc in _encodings(__import__("json").loads(s.read_text("utf-8")))],
    ids=lambda v: v.stem if isinstance(v, Path) else str(v),
)
def test_page_fixture(sidecar: Path, encoding: str | None, read_case) -> None:
    case, body = read_case(sidecar)
    expect = case["expect"]
    article = extract(body, url=case["url"], encoding=encoding, entry=_entry(case["url"], case.get("entry")))
    assert article.method == expect["method"]
    assert article.language == expect["language"]
    if "title" in expect:
        assert article.title == expect["title"]
    if "published" in expect:
        want = expect["published"]
        assert article.published == (datetime.fromisoformat(want) if want else None)
    if "utc_offset_hours" in expect:
        assert article.published.utcoffset() == timedelta(hours=expect["utc_offset_hours"])
    if "author_contains" in expect:
        assert expect["author_contains"] in article.author
    if "lead_contains" in expect:
        assert expect["lead_contains"] in article.lead
    for needle in expect.get("text_contains", []):
        assert needle in article.text
    for needle in expect.get("text_excludes", []):
        assert needle.casefold() not in article.text.casefold(), needle
    assert len(article.text) >= expect["min_chars"]
    assert article.content_hash == content_hash(article.text)


@pytest.mark.parametrize("body", [b"", b"   \n", b"\x00" * 64, bytes(range(256)) * 20, b"<html></html>", b"<<<>>>&&&"])
def test_garbage_without_entry_fails_clearly(body: bytes) -> None:
    with pytest.raises(ExtractionFailed, match="no article text"):
        extract(body, url="https://a.example.kg/x", encoding=None, entry=None)


def test_garbage_with_entry_falls_back_to_feed() -> None:
    entry = FeedEntry(source_id="s", url="https://a.example.kg/x", found_in="f", title="Прием заявок", summary=LONG_FEED_TEXT)
    article = extract(bytes(range(256)) * 20, url=entry.url, encoding="no-such-charset", entry=entry)
    assert (article.method, article.title, article.language) == ("feed", "Прием заявок", "ru")
    assert article.text == LONG_FEED_TEXT


def test_short_page_keeps_page_text_when_the_feed_has_less() -> None:
    page = "<html><head><title>Коротко</title></head><body><article><p>Заседание перенесено на четверг.</p></article></body></html>"
    entry = FeedEntry(source_id="s", url="https://a.example.kg/x", found_in="f", summary="Перенос.")
    article = extract(page.encode(), url=entry.url, encoding="utf-8", entry=entry)
    assert article.method == "page" and "перенесено на четверг" in article.text


def test_bare_page_day_is_bishkek_midnight() -> None:
    paragraphs = "".join(f"<p>{LONG_FEED_TEXT} Абзац {i}.</p>" for i in range(3))
    page = f'<html><head><title>Т</title><meta name="date" content="2026-11-20"></head><body><article>{paragraphs}</article></body></html>'
    article = extract(page.encode(), url="https://a.example.kg/x", encoding="utf-8", entry=None)
    assert article.published is not None
    assert article.published.isoformat() == "2026-11-20T00:00:00+06:00"


def test_huge_page_still_yields_the_article() -> None:
    """A ~5 MB page of navigation junk after the article (no timing assertion: it just must end)."""
    paragraphs = "".join(f"<p>{LONG_FEED_TEXT} Абзац номер {i}.</p>\n" for i in range(20))
    junk = "<div class='n'><a href='/x'>Ссылка на раздел</a> <span>реклама</span></div>\n" * 65_000
    script = "<script>var filler = '" + "x" * 1_000_000 + "';</script>"
    page = f"<html><head><title>Большая страница</title>{script}</head><body><article><h1>Большая страница</h1>{paragraphs}</article>{junk}</body></html>"
    body = page.encode("utf-8")
    assert len(body) > 5_000_000
    article = extract(body, url="https://a.example.kg/big", encoding="utf-8", entry=None)
    assert article.method == "page"
    assert "Абзац номер 19." in article.text and "Ссылка на раздел" not in article.text


def test_content_hash_ignores_case_and_spacing() -> None:
    assert content_hash("Пресс-служба  сообщила\nо начале") == content_hash("пресс-служба сообщила о   НАЧАЛЕ ")
    assert content_hash("сообщила") != content_hash("сообщил")


def test_extract_runs_in_a_process_pool() -> None:
    body = (PAGES / "kyrgyz.html").read_bytes()
    with ProcessPoolExecutor(max_workers=1) as pool:
        article = pool.submit(extract, body, url="https://k.example.kg/a", encoding="utf-8", entry=None).result()
    assert article.language == "ky" and "медициналык кабинет" in article.text
    error = pickle.loads(pickle.dumps(ExtractionFailed("https://k.example.kg/a: no article text")))
    assert isinstance(error, ExtractionFailed) and "no article text" in str(error)
