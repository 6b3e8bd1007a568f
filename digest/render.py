"""Digest and alert text: Jinja2 templates with the shared gettext catalogs (domain `digest`).

One template pair (HTML and plain text) serves the daily digest and the instant alert; the alert
is the same sections holding only what is new. The HTML is built for mail clients: tables for
layout, every style inline, no images, so it reads the same with images off.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from functools import lru_cache
from pathlib import Path
from collections.abc import Callable

import jinja2

import i18n
from digest.links import Links
from indexes.digest import DigestContent

TEMPLATES = Path(__file__).parent / "templates"
LANGUAGE_NAMES = ("ru", "ky", "en")


@dataclass(frozen=True)
class Rendered:
    subject: str
    html: str
    text: str


@lru_cache(maxsize=None)
def _environment(lang: str) -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES), autoescape=jinja2.select_autoescape(["html"]),
        extensions=["jinja2.ext.i18n"], trim_blocks=True, lstrip_blocks=True, undefined=jinja2.StrictUndefined)
    env.install_gettext_translations(i18n.translations(lang, "digest"), newstyle=True)  # type: ignore[attr-defined]
    env.filters["day"] = lambda d, fmt="long": i18n.format_date(d, lang, fmt)
    env.filters["moment"] = lambda d: i18n.format_datetime(d, lang, "short") if isinstance(d, datetime) else ""
    env.filters["number"] = lambda n: i18n.format_number(n, lang)
    return env


def _gettext(lang: str) -> Callable[..., str]:
    """gettext with the templates' %-formatting, for text built outside a template."""
    t = i18n.translations(lang, "digest")
    return lambda message, **values: t.gettext(message) % values if values else t.gettext(message)


def subject(content: DigestContent, *, alert: bool) -> str:
    _ = _gettext(content.language)
    day = i18n.format_date(content.day, content.language, "long")
    if alert:
        first = content.statements_by_speaker[0].name if content.statements_by_speaker else (
            content.stories[0].headline if content.stories else "")
        return _("Kabarchy alert: %(what)s", what=first[:90]) if first else _("Kabarchy alert")
    return _("Kabarchy digest for %(date)s", date=day)


def render(content: DigestContent, *, sections: tuple[str, ...], links: Links, recipient: str,
           alert: bool = False) -> Rendered:
    """The subject, HTML and plain text of one digest or alert in the reader's language."""
    lang = content.language
    env = _environment(lang)
    context = {
        "c": content, "lang": lang, "sections": sections, "links": links, "alert": alert,
        "recipient": recipient, "unsubscribe": links.unsubscribe(recipient),
        "digest_url": links.digest(content.day, lang), "watch_names": _watch_names(content),
        "today": date.today(),
    }
    return Rendered(subject=subject(content, alert=alert),
                    html=env.get_template("digest.html").render(context),
                    text=env.get_template("digest.txt").render(context))


def _watch_names(content: DigestContent) -> list[str]:
    if content.watch is None:
        return []
    names = [content.names.get(e, e) for e in content.watch.entity_ids]
    return names + [f"«{k}»" if content.language != "en" else f"“{k}”" for k in content.watch.keywords]
