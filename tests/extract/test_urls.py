"""URL normalisation, article ids and title keys."""

from __future__ import annotations

import pytest

from pipeline.urls import article_id, normalize_url, title_key

CANONICAL = "https://news.example.kg/ru/politics/2026/11/24/12345"
VARIANTS = [
    CANONICAL,
    CANONICAL + "/",
    CANONICAL + "?utm_source=telegram&utm_medium=social&utm_campaign=x",
    CANONICAL + "?fbclid=IwAR0abc&gclid=1&yclid=2&_openstat=abc&from=main&ref=feed",
    CANONICAL + "#comments",
    "HTTPS://News.Example.KG:443/ru/politics/2026/11/24/12345",
    "https://www.news.example.kg/ru/politics/2026/11/24/12345",
    "https://m.news.example.kg/ru/politics/2026/11/24/12345",
    "https://mobile.news.example.kg/ru/politics/2026/11/24/12345/",
    "https://amp.news.example.kg/ru/politics/2026/11/24/12345",
    "https://news.example.kg/amp/ru/politics/2026/11/24/12345",
    "https://news.example.kg/ru/politics/2026/11/24/12345/amp",
    "https://news.example.kg/ru/politics/2026/11/24/12345/amp/",
    "https://news.example.kg/ru/politics/2026/11/24/12345?amp",
    "https://news.example.kg/ru/politics/2026/11/24/12345?amp=1&utm_source=x",
]


@pytest.mark.parametrize("url", VARIANTS)
def test_variants_fold_to_one_id(url: str) -> None:
    assert normalize_url(url) == CANONICAL
    assert article_id(url) == article_id(CANONICAL)


def test_article_id_shape() -> None:
    ident = article_id(CANONICAL)
    assert len(ident) == 32 and int(ident, 16) >= 0
    assert article_id("https://news.example.kg/ru/politics/2026/11/24/12346") != ident


def test_query_is_kept_sorted_and_real_params_stay() -> None:
    assert normalize_url("http://a.example.kg/news.php?id=7&page=2&utm_term=x") == "http://a.example.kg/news.php?id=7&page=2"
    assert normalize_url("http://a.example.kg/news.php?page=2&id=7") == "http://a.example.kg/news.php?id=7&page=2"
    assert article_id("http://a.example.kg/news.php?id=7") != article_id("http://a.example.kg/news.php?id=8")


def test_amp_html_and_ports_and_root() -> None:
    assert normalize_url("https://a.example.kg/n/42.amp.html") == "https://a.example.kg/n/42.html"
    assert normalize_url("http://a.example.kg:80") == "http://a.example.kg/"
    assert normalize_url("http://a.example.kg:8080/x/") == "http://a.example.kg:8080/x"
    assert normalize_url("https://a.example.kg/example/") == "https://a.example.kg/example"  # "amp" inside a word stays


def test_cyrillic_path_raw_and_encoded_agree() -> None:
    raw = "https://a.example.kg/новости/выборы"
    encoded = "https://a.example.kg/%D0%BD%D0%BE%D0%B2%D0%BE%D1%81%D1%82%D0%B8/%D0%B2%D1%8B%D0%B1%D0%BE%D1%80%D1%8B"
    assert normalize_url(raw) == normalize_url(encoded)


def test_m_prefix_needs_a_domain_left() -> None:
    assert normalize_url("https://m.kg/x") == "https://m.kg/x"


def test_title_key() -> None:
    a = title_key("«Ата-Журт»: ЦИК объявил   итоги выборов!")
    b = title_key('"Ата Журт" — цик объявил итоги выборов')
    assert a == b == "ата журт цик объявил итоги выборов"
    assert title_key("Ещё одно решение") == title_key("еще одно решение")
    assert title_key("Жогорку Кеңеш") == "жогорку кеңеш"
