"""Which charset a fetched text body is in.

Many Kyrgyz sites still serve windows-1251 with no charset anywhere, and generic detectors
often take short Cyrillic single-byte text for mac-cyrillic or koi8-r. The order is:
byte-order mark, HTTP Content-Type charset, <meta charset> / <meta http-equiv> / XML
declaration, then detection. The BOM comes first (as in browsers) because it cannot lie; a
declared charset the bytes do not decode under (typically "utf-8" on a windows-1251 page) is
skipped, and a Latin-1 / windows-1252 declaration (a common server default) yields to a
Cyrillic reading when the text is plainly Cyrillic, so a wrong declaration cannot garble a page. Detection: valid UTF-8 is UTF-8;
otherwise, when some Cyrillic single-byte charset reads the text as Cyrillic words, the one
whose letters look most like Russian wins; else charset-normalizer guesses.
"""

from __future__ import annotations

import codecs
import math
import re
from collections.abc import Iterator
from itertools import islice

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
# Letter frequencies of Russian news text, per cent (Kyrgyz ө ү ң given a typical share).
_FREQUENCY = {"о": 10.97, "е": 8.45, "а": 8.01, "и": 7.35, "н": 6.70, "т": 6.26, "с": 5.47, "р": 4.73,
              "в": 4.54, "л": 4.40, "к": 3.49, "м": 3.21, "д": 2.98, "п": 2.81, "у": 2.62, "я": 2.01,
              "ы": 1.90, "ь": 1.74, "г": 1.70, "з": 1.65, "б": 1.59, "ч": 1.44, "й": 1.21, "х": 0.97,
              "ж": 0.94, "ш": 0.73, "ю": 0.64, "ц": 0.48, "щ": 0.36, "э": 0.32, "ф": 0.26, "ъ": 0.04,
              "ё": 0.04, "ө": 1.0, "ү": 1.0, "ң": 1.0}
_CAPITAL_COST = math.log(0.3)
_LOG_FREQUENCY = {**{letter: math.log(share / 100) for letter, share in _FREQUENCY.items()},
                  **{letter.upper(): math.log(share / 100) + _CAPITAL_COST for letter, share in _FREQUENCY.items()}}
_LETTERS = frozenset(_LOG_FREQUENCY)
# The typography of Russian text is no sign of a wrong charset, but rarer than any letter.
_LOG_FREQUENCY.update(dict.fromkeys("«»—–…№“”„‘’\u00a0", math.log(0.005)))
_LOG_OTHER = math.log(0.0001)  # a symbol or non-Russian letter where a letter should be
_WORD = re.compile(r"[^\W\d_]+")
_HIGH_WORD = re.compile(rb"[A-Za-z]*[\x80-\xff]+(?:[A-Za-z]+[\x80-\xff]+)*[A-Za-z]*")  # words with non-ASCII bytes
_SAMPLE_WORDS = 3000
_CYRILLIC_SHARE = 0.8  # of words with non-ASCII letters, for the Cyrillic scoring to decide
# Server defaults that often stand on windows-1251 pages: trusted only if the text is not Cyrillic.
_LATIN_DEFAULTS = frozenset({"iso-8859-1", "windows-1252"})
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
        if name is None or not _decodes(body, name):
            continue
        if name in _LATIN_DEFAULTS:
            return _cyrillic(body) or name
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
            label = match.group(1).decode("ascii")
            if not label.lower().startswith(("utf-16", "utf-32")):  # text we could read as ASCII is not
                yield label


def _decodes(body: bytes, name: str) -> bool:
    try:
        body.decode(name)
    except (UnicodeDecodeError, LookupError):
        return False
    return True


def _detect(body: bytes) -> str:
    if _decodes(body, "utf-8"):
        return "utf-8"  # pure ASCII included: UTF-8 is its superset and the web's default
    cyrillic = _cyrillic(body)
    if cyrillic is not None:
        return cyrillic
    guess = from_bytes(body).best()
    guessed = canonical(guess.encoding) if guess is not None else None
    return guessed or "windows-1252"  # decodes any byte string: the browsers' fallback


def _cyrillic(body: bytes) -> str | None:
    """The Cyrillic single-byte charset that reads `body` best, if any reads it as Cyrillic.

    Ties go to the first candidate, windows-1251, the commonest on the sites we read.
    """
    words = islice(_HIGH_WORD.finditer(body), _SAMPLE_WORDS)  # scoring is per character: bound it
    sample = b" ".join(match.group() for match in words)
    readings = [(*_cyrillic_score(sample, name), name) for name in _CYRILLIC_CANDIDATES if _decodes(body, name)]
    cyrillic = [(score, name) for score, share, name in readings if share >= _CYRILLIC_SHARE]
    return max(cyrillic, key=lambda reading: reading[0])[1] if cyrillic else None


def _cyrillic_score(body: bytes, name: str) -> tuple[float, float]:
    """(score, share of Cyrillic words) for `body` read as `name`.

    The share counts words with non-ASCII letters that are wholly Russian/Kyrgyz: Latin text
    read as windows-1251 gives mixed words ("Cafй"), real Cyrillic text does not. The score is
    the mean log-frequency of the non-ASCII characters as Russian letters; a capital inside a
    word costs more (koi8-r read as windows-1251 comes out in capitals), a symbol most: a wrong
    single-byte charset turns common letters into rare ones.
    """
    text = body.decode(name)
    words = [word for word in _WORD.findall(text) if not word.isascii()]
    if not words:
        return 0.0, 0.0
    share = sum(all(char in _LETTERS for char in word) for word in words) / len(words)
    total = 0.0
    count = 0
    for previous, char in zip(" " + text, text):
        if ord(char) > 127:
            count += 1
            total += _LOG_FREQUENCY.get(char.lower() if not previous.isalpha() else char, _LOG_OTHER)
    return total / count, share
