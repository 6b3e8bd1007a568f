"""Which charset a fetched text body is in.

Many Kyrgyz sites still serve windows-1251 with no charset anywhere, and generic detectors
often take short Cyrillic single-byte text for mac-cyrillic or koi8-r. The order is:
byte-order mark, HTTP Content-Type charset, <meta charset> / <meta http-equiv> / XML
declaration, then detection. The BOM comes first (as in browsers) because it cannot lie; a
declared charset the bytes do not decode under (typically "utf-8" on a windows-1251 page) is
skipped, so a wrong declaration cannot garble a page. Detection: valid UTF-8 is UTF-8;
otherwise charset-normalizer's guess competes with the Cyrillic single-byte charsets, scored
on how Russian/Kyrgyz the decoded letters look.
"""

from __future__ import annotations

import codecs
import re
from collections.abc import Iterator

from charset_normalizer import from_bytes

_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF32_LE, "utf-32"),  # before UTF-16 LE: it starts with the same two bytes
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_HEAD_BYTES = 4096  # declarations must sit early in the document (HTML: first 1024 bytes)
_META = re.compile(rb"""<meta[^>]+?charset\s*=\s*["']?\s*([A-Za-z0-9_:.+-]+)""", re.IGNORECASE)
_XML_DECL = re.compile(rb"""^\s*<\?xml[^>]*?encoding\s*=\s*["']([A-Za-z0-9_:.+-]+)["']""", re.IGNORECASE)
_CONTENT_TYPE_CHARSET = re.compile(r"""charset\s*=\s*["']?([A-Za-z0-9_:.+-]+)""", re.IGNORECASE)
_TEXT_SUBTYPES = ("xml", "json", "javascript", "html")
_CYRILLIC_CANDIDATES = ("windows-1251", "koi8-r", "mac-cyrillic", "iso-8859-5", "cp866")
_LOWER = set("абвгдеёжзийклмнопрстуфхцчшщъыьэюяөүң")
_UPPER = {letter.upper() for letter in _LOWER}
_CYRILLIC_SHARE = 0.6  # of non-ASCII characters, for the Cyrillic scoring to decide
# Python's names for the charsets sites declare, mapped to the names the web uses.
_WEB_NAMES = {"cp1250": "windows-1250", "cp1251": "windows-1251", "cp1252": "windows-1252",
              "iso8859-5": "iso-8859-5", "iso8859-1": "iso-8859-1"}


def is_text_type(content_type: str | None) -> bool:
    """Text-like media types get a charset; a missing type is treated as text (sniffed)."""
    media = (content_type or "").split(";", 1)[0].strip().lower()
    if not media:
        return True
    main, _, sub = media.partition("/")
    return main == "text" or any(part in sub for part in _TEXT_SUBTYPES)


def canonical(name: str) -> str | None:
    """The web name of a charset label, or None when Python does not know it."""
    try:
        python_name = codecs.lookup(name.strip().strip("\"'")).name
    except (LookupError, ValueError):
        return None
    return _WEB_NAMES.get(python_name, python_name)


def detect_charset(body: bytes, content_type: str | None = None) -> str | None:
    """The charset `body` is in, or None for non-text content types."""
    if not is_text_type(content_type):
        return None
    for declared in _declared(body, content_type):
        name = canonical(declared)
        if name is not None and _decodes(body, name):
            return name
    return _detect(body)


def _declared(body: bytes, content_type: str | None) -> Iterator[str]:
    """Charsets the body claims, strongest first."""
    for bom, name in _BOMS:
        if body.startswith(bom):
            yield name
    if content_type and (match := _CONTENT_TYPE_CHARSET.search(content_type)):
        yield match.group(1)
    head = body[:_HEAD_BYTES]
    for pattern in (_XML_DECL, _META):
        if match := pattern.search(head):
            yield match.group(1).decode("ascii")


def _decodes(body: bytes, name: str) -> bool:
    try:
        body.decode(name)
    except (UnicodeDecodeError, LookupError):
        return False
    return True


def _detect(body: bytes) -> str:
    if _decodes(body, "utf-8"):
        return "utf-8"  # pure ASCII included: UTF-8 is its superset and the web's default
    guess = from_bytes(body).best()
    guessed = canonical(guess.encoding) if guess is not None else None
    candidates = dict.fromkeys([*([guessed] if guessed else []), *_CYRILLIC_CANDIDATES])
    scored = [(_cyrillic_score(body, name), name) for name in candidates if _decodes(body, name)]
    if scored:
        (score, share), best = max(scored)
        if share >= _CYRILLIC_SHARE:
            return best
    return guessed or "windows-1252"  # decodes any byte string; the browsers' fallback


def _cyrillic_score(body: bytes, name: str) -> tuple[float, float]:
    """(score, share of letters) for `body` read as `name`, counting non-ASCII characters only.

    Lower-case Russian/Kyrgyz letters score 1, capitals 0.5 (running text is mostly lower
    case, and koi8-r read as windows-1251 comes out in capitals), anything else -1 (symbols and
    non-Russian Cyrillic are what the wrong single-byte charset produces).
    """
    text = [char for char in body.decode(name) if ord(char) > 127]
    if not text:
        return 0.0, 0.0
    lower = sum(char in _LOWER for char in text)
    upper = sum(char in _UPPER for char in text)
    other = len(text) - lower - upper
    return (lower + 0.5 * upper - other) / len(text), (lower + upper) / len(text)
