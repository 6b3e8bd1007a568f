"""Feeds (RSS 0.9x, RSS 1.0/RDF, RSS 2.0, Atom) turned into `FeedEntry` leads.

feedparser reads the bytes the fetcher got (HTTP stays outside the parser) and its
`FeedParserDict` is converted into our records right here, so nothing downstream depends on it.
"""

from __future__ import annotations

import email.utils
import re
import time
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urljoin

import feedparser
import lxml.html
from lxml import etree

from pipeline.records import FeedEntry


class FeedError(ValueError):
    """Nothing at all could be recovered: the body is not a feed."""


@dataclass(frozen=True)
class ParsedFeed:
    entries: tuple[FeedEntry, ...]
    title: str
    error: str | None  # a problem the parser recovered from; None for a clean feed


_BLOCK_TAGS = ("p", "div", "br", "li", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "tr")
_SPACES = re.compile(r"[ \t\r\f\v\u00a0]+")


def html_to_text(html: str) -> str:
    """Plain text of an HTML fragment, one paragraph per line (feed content is HTML-escaped)."""
    if "<" not in html and "&" not in html:
        return _tidy(html)
    try:
        root = lxml.html.fragment_fromstring(html, create_parent="div")
    except (etree.ParserError, ValueError):
        return _tidy(html)
    for bad in root.xpath("//script|//style"):
        bad.drop_tree()
    for block in root.iter(*_BLOCK_TAGS):
        block.tail = "\n" + (block.tail or "")
        if block.tag != "br":
            block.text = "\n" + (block.text or "")
    return _tidy(root.text_content())


def _tidy(text: str) -> str:
    lines = (_SPACES.sub(" ", line).strip() for line in text.splitlines())
    return "\n".join(line for line in lines if line)


def parse_date(raw: str, parsed: time.struct_time | None) -> datetime | None:
    """An aware datetime, keeping the feed's own UTC offset when it states one.

    RFC 822 (RSS) and RFC 3339 (Atom) both require a zone, so a zone-less date is a broken
    feed; we read it as UTC, as feedparser does, so the instant never depends on which of
    our code paths parsed it.
    """
    raw = raw.strip()
    if raw:
        value: datetime | None
        try:
            value = email.utils.parsedate_to_datetime(raw)
        except (TypeError, ValueError, IndexError):
            try:
                value = datetime.fromisoformat(raw)
            except ValueError:
                value = None
        if value is not None:
            return value if value.tzinfo is not None else value.replace(tzinfo=UTC)
    if parsed is not None:  # feedparser understood a format we did not; it gives UTC
        return datetime(*parsed[:6], tzinfo=UTC)
    return None


def _entry_date(entry: dict[str, Any]) -> datetime | None:
    # dict.get, not FeedParserDict's: its deprecated updated→published aliasing would warn.
    for key in ("published", "updated", "created"):
        found = parse_date(str(dict.get(entry, key) or ""), dict.get(entry, f"{key}_parsed"))
        if found is not None:
            return found
    return None


def _content(entry: Mapping[str, Any]) -> str:
    """The longest full-content block (content:encoded, atom:content) as plain text."""
    texts = [html_to_text(str(part.get("value", ""))) for part in entry.get("content") or ()]
    return max(texts, key=len, default="")


def _tags(entry: Mapping[str, Any]) -> tuple[str, ...]:
    terms = (str(tag.get("term") or tag.get("label") or "").strip() for tag in entry.get("tags") or ())
    return tuple(dict.fromkeys(term for term in terms if term))


def _to_entry(entry: Mapping[str, Any], *, url: str, source_id: str) -> FeedEntry | None:
    link = str(entry.get("link", "") or "").strip()
    if not link:
        guid = str(entry.get("id", "") or "")
        link = guid if guid.startswith(("http://", "https://")) else ""
    if not link:
        return None
    content = _content(entry)
    summary = html_to_text(str(entry.get("summary", "") or ""))
    if summary == content:  # feedparser copies atom:content into summary when there is none
        summary = ""
    return FeedEntry(
        source_id=source_id,
        url=urljoin(url, link),
        found_in=url,
        title=html_to_text(str(entry.get("title", "") or "")).replace("\n", " "),
        summary=summary,
        content=content,
        published=_entry_date(entry),
        author=str(entry.get("author", "") or "").strip(),
        tags=_tags(entry),
    )


def parse_feed(
    body: bytes, *, url: str, source_id: str, headers: Mapping[str, str] | None = None
) -> ParsedFeed:
    """Every entry that can be recovered from `body`; raises FeedError when it is no feed."""
    response_headers = {key.lower(): value for key, value in (headers or {}).items()}
    # Relative links resolve against Content-Location, else the URL the feed was fetched from.
    response_headers["content-location"] = urljoin(url, response_headers.get("content-location", ""))
    response_headers.pop("content-encoding", None)  # the fetcher already decoded the body
    parsed = feedparser.parse(body, response_headers=response_headers)
    problems: list[str] = []
    exc = parsed.get("bozo_exception")
    # Outlets often serve RSS as text/html; feedparser flags that but parses the feed fine.
    if parsed.get("bozo") and not isinstance(exc, feedparser.NonXMLContentType):
        problems.append(f"{type(exc).__name__}: {exc}")
    if not parsed.entries and not parsed.get("version"):
        raise FeedError(f"{url}: not a feed ({problems[0] if problems else 'no feed elements'})")
    entries = [_to_entry(item, url=url, source_id=source_id) for item in parsed.entries]
    kept = tuple(entry for entry in entries if entry is not None)
    if len(kept) < len(entries):
        problems.append(f"{len(entries) - len(kept)} entries without a link skipped")
    title = html_to_text(str(parsed.feed.get("title", "") or "")).replace("\n", " ")
    return ParsedFeed(entries=kept, title=title, error="; ".join(problems) or None)
