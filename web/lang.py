"""The interface language of a request, and one Jinja2 environment per language.

`?lang=` wins, then `Accept-Language`, then Russian. Each language has its own environment
with its gettext catalog installed, so concurrent requests in different languages never share
one set of translations.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from functools import partial
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, select_autoescape
from starlette.requests import Request

import i18n

TEMPLATES = Path(__file__).parent / "templates"
LANGUAGE_NAMES = {"ru": "Русский", "ky": "Кыргызча", "en": "English"}


def chosen_language(request: Request) -> str | None:
    """The language the URL names (kept in every link), or None."""
    return i18n.normalise(request.query_params.get("lang"))


def request_language(request: Request) -> str:
    return chosen_language(request) or i18n.negotiate(request.headers.get("accept-language"))


def _format_date(lang: str, value: date | datetime | None, fmt: str = "medium") -> str:
    return i18n.format_date(value, lang, fmt)


def _format_datetime(lang: str, value: datetime | None, fmt: str = "medium") -> str:
    if value is not None:
        from indexes.dates import BISHKEK

        value = value.astimezone(BISHKEK)  # readers are in Kyrgyzstan: show Bishkek time
    return i18n.format_datetime(value, lang, fmt)


def _format_number(lang: str, value: int | float) -> str:
    return i18n.format_number(value, lang)


def _format_percent(lang: str, value: float) -> str:
    return i18n.format_number(round(value * 100, 2), lang) + "\u00a0%"


def make_environments(extra_globals: dict[str, object] | None = None) -> dict[str, Environment]:
    """One autoescaping environment per interface language, with gettext and locale formatting."""
    envs = {}
    for lang in i18n.LANGUAGES:
        env = Environment(loader=FileSystemLoader(TEMPLATES), autoescape=select_autoescape(["html", "svg"]),
                          extensions=["jinja2.ext.i18n"], trim_blocks=True, lstrip_blocks=True)
        env.install_gettext_translations(i18n.translations(lang, "web"), newstyle=True)  # type: ignore[attr-defined]
        formatters: dict[str, Callable[..., str]] = {
            "fdate": partial(_format_date, lang), "fdatetime": partial(_format_datetime, lang),
            "fnumber": partial(_format_number, lang), "fpercent": partial(_format_percent, lang),
        }
        env.filters.update(formatters)
        env.globals.update({"lang": lang, "language_names": LANGUAGE_NAMES, **(extra_globals or {})})
        envs[lang] = env
    return envs


def gettext(lang: str) -> Callable[[str], str]:
    """`_` for text made in Python (chart labels, error pages)."""
    return i18n.translations(lang, "web").gettext
