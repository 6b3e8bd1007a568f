"""Interface text in Russian, Kyrgyz and English: one set of gettext catalogs for every consumer.

The web UI and the digest email read the same catalogs, one gettext *domain* each
(`i18n/locale/<lang>/LC_MESSAGES/<domain>.po`), so a translator works in one place and the two
consumers never fight over one file. Catalogs are `.po` text compiled in memory on first use
(Babel), so there is no build step to forget and a fresh checkout runs as it is. Extract and
update them with Babel's own tools (`pybabel extract/update`, see `i18n/babel.cfg`).

Dates and numbers are formatted per locale with Babel's CLDR data, which includes Kyrgyz.
"""

from __future__ import annotations

import io
from datetime import date, datetime
from functools import lru_cache
from pathlib import Path

from babel import Locale, UnknownLocaleError
from babel.dates import format_date as _format_date
from babel.dates import format_datetime as _format_datetime
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.numbers import format_decimal
from babel.support import NullTranslations, Translations

LANGUAGES: tuple[str, ...] = ("ru", "ky", "en")
DEFAULT_LANGUAGE = "ru"  # the fallback when neither the URL nor Accept-Language names one we have
LOCALE_DIR = Path(__file__).parent / "locale"


def normalise(lang: str | None) -> str | None:
    """`ky-KG`, `KY`, `ru_RU` → `ky`, `ru`; anything we have no catalog for → None."""
    if not lang:
        return None
    base = lang.strip().replace("_", "-").split("-")[0].lower()
    return base if base in LANGUAGES else None


def negotiate(accept_language: str | None) -> str:
    """The best of our languages for an `Accept-Language` header (q-values honoured), else Russian."""
    choices: list[tuple[float, int, str]] = []
    for pos, part in enumerate((accept_language or "").split(",")):
        tag, _, params = part.strip().partition(";")
        q = 1.0
        if params.strip().startswith("q="):
            try:
                q = float(params.strip()[2:])
            except ValueError:
                q = 0.0
        lang = normalise(tag)
        if lang and q > 0:
            choices.append((-q, pos, lang))
    return min(choices)[2] if choices else DEFAULT_LANGUAGE


@lru_cache(maxsize=None)
def translations(lang: str, domain: str) -> NullTranslations:
    """The compiled catalog for one language and domain (English falls back to the msgids)."""
    po = LOCALE_DIR / lang / "LC_MESSAGES" / f"{domain}.po"
    if not po.exists():
        return NullTranslations()
    with po.open("rb") as fh:
        catalog = read_po(fh, locale=lang, domain=domain)
    buf = io.BytesIO()
    write_mo(buf, catalog)
    buf.seek(0)
    return Translations(fp=buf, domain=domain)


@lru_cache(maxsize=64)
def _locale(lang: str) -> Locale:
    # Cached: parsing a locale merges its CLDR data, which costs more than the formatting itself
    # (a page formats hundreds of dates and numbers).
    try:
        return Locale.parse(lang)
    except (UnknownLocaleError, ValueError):
        return Locale.parse(DEFAULT_LANGUAGE)


def format_date(value: date | datetime | None, lang: str, fmt: str = "medium") -> str:
    """A calendar date as the language writes it (`1 дек. 2026 г.`, `Dec 1, 2026`); '' for None."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        value = value.date()
    return _date_text(value, lang, fmt)


@lru_cache(maxsize=16384)
def _date_text(value: date, lang: str, fmt: str) -> str:
    """Cached: a timeline's table and chart labels write the same days again and again."""
    return _format_date(value, format=fmt, locale=_locale(lang))


def format_datetime(value: datetime | None, lang: str, fmt: str = "medium") -> str:
    """A moment in the reader's language, in the zone the value carries (Bishkek for our data)."""
    if value is None:
        return ""
    return _format_datetime(value, format=fmt, tzinfo=value.tzinfo, locale=_locale(lang))


@lru_cache(maxsize=16384)
def format_number(value: int | float, lang: str) -> str:
    """`12 345` in Russian and Kyrgyz, `12,345` in English (cached: a chart's table formats the
    same small counts hundreds of times, and Babel takes ~0.1 ms a number)."""
    return format_decimal(value, locale=_locale(lang))
