"""Charset detection: declarations in their order, and Cyrillic pages that declare nothing."""

from __future__ import annotations

import codecs

import pytest

from pipeline.charset import canonical, detect_charset, is_text_type

RUSSIAN = ("Центральная избирательная комиссия сообщила, что подготовка к выборам идёт по плану. "
           "Председатель комиссии ответил на вопросы журналистов о новых избирательных участках.")
KYRGYZ = "Борбордук шайлоо комиссиясы шайлоого даярдык пландагыдай жүрүп жатканын билдирди."


def page(text: str, head: str = "") -> str:
    return f"<html><head>{head}<title>Новости</title></head><body><p>{text}</p></body></html>"


@pytest.mark.parametrize("encoding, expected", [
    ("cp1251", "windows-1251"), ("koi8-r", "koi8-r"), ("utf-8", "utf-8"),
    ("iso-8859-5", "iso-8859-5"), ("cp866", "cp866"), ("mac-cyrillic", "mac-cyrillic"),
])
def test_undeclared_russian_page(encoding: str, expected: str) -> None:
    assert detect_charset(page(RUSSIAN).encode(encoding), "text/html") == expected


@pytest.mark.parametrize("headline", ["Президент подписал указ", "Съезд партии",
                                      "Бишкек. Ярмарка в субботу", "ЦИК утвердил итоги"],
                         ids=["decree", "congress", "fair", "cec"])
def test_short_windows_1251_headlines(headline: str) -> None:
    """Short text is where generic detectors guess shift_jis or mac-cyrillic."""
    assert detect_charset(headline.encode("cp1251"), "text/html") == "windows-1251"
    assert detect_charset(headline.encode("koi8-r"), "text/html") == "koi8-r"


def test_kyrgyz_utf8_page() -> None:
    assert detect_charset(page(KYRGYZ).encode("utf-8"), "text/html") == "utf-8"


def test_http_charset_is_taken() -> None:
    body = page(RUSSIAN, '<meta charset="utf-8">').encode("koi8-r")
    assert detect_charset(body, "text/html; charset=KOI8-R") == "koi8-r"


def test_meta_charset_and_http_equiv() -> None:
    assert detect_charset(page(RUSSIAN, '<meta charset="windows-1251">').encode("cp1251"), "text/html") \
        == "windows-1251"
    http_equiv = '<meta http-equiv="Content-Type" content="text/html; charset=koi8-r">'
    assert detect_charset(page(RUSSIAN, http_equiv).encode("koi8-r"), "text/html") == "koi8-r"


def test_xml_declaration() -> None:
    body = f'<?xml version="1.0" encoding="windows-1251"?><rss><title>{RUSSIAN}</title></rss>'
    assert detect_charset(body.encode("cp1251"), "application/rss+xml") == "windows-1251"


def test_bom_wins() -> None:
    assert detect_charset(codecs.BOM_UTF8 + page(KYRGYZ).encode("utf-8"), "text/html; charset=windows-1251") \
        == "utf-8"
    assert detect_charset(page(KYRGYZ).encode("utf-16"), "text/html") == "utf-16"


def test_wrong_declaration_is_skipped() -> None:
    """A page that says utf-8 but is windows-1251 (a common server default) still reads right."""
    body = page(RUSSIAN, '<meta charset="utf-8">').encode("cp1251")
    assert detect_charset(body, "text/html; charset=utf-8") == "windows-1251"


def test_latin1_server_default_yields_to_cyrillic() -> None:
    body = page(RUSSIAN).encode("cp1251")
    assert detect_charset(body, "text/html; charset=ISO-8859-1") == "windows-1251"
    french = "<p>Le comité électoral a publié les résultats définitifs à Bichkek.</p>".encode("latin-1")
    assert detect_charset(french, "text/html; charset=ISO-8859-1") == "iso-8859-1"


def test_utf16_in_meta_is_ignored() -> None:
    body = page(KYRGYZ, '<meta charset="utf-16">').encode("utf-8")
    body += b" " * (len(body) % 2)  # even length: it would "decode" as UTF-16 garbage
    assert detect_charset(body, "text/html") == "utf-8"


def test_unknown_declared_charset_falls_through_to_detection() -> None:
    assert detect_charset(page(RUSSIAN).encode("cp1251"), "text/html; charset=x-no-such") == "windows-1251"


def test_ascii_is_utf8() -> None:
    assert detect_charset(b"<html><body>plain</body></html>", "text/html") == "utf-8"


def test_binary_types_get_none() -> None:
    assert detect_charset(b"\x89PNG\r\n", "image/png") is None
    assert detect_charset(b"%PDF-1.7", "application/pdf") is None


@pytest.mark.parametrize("content_type, text", [
    ("text/html; charset=utf-8", True), ("application/rss+xml", True), ("application/atom+xml", True),
    ("application/xhtml+xml", True), ("application/json", True), (None, True), ("", True),
    ("image/jpeg", False), ("application/octet-stream", False),
])
def test_is_text_type(content_type: str | None, text: bool) -> None:
    assert is_text_type(content_type) is text


def test_canonical_names() -> None:
    assert canonical("CP1251") == canonical("windows-1251") == "windows-1251"
    assert canonical("UTF8") == "utf-8"
    assert canonical("no-such-charset") is None
