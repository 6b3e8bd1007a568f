"""Clean article text out of a fetched page, with the feed's own content as the fallback.

trafilatura finds the main text (comments left out) and the metadata; htmldate fills in the
date when trafilatura has none. When the page fails or yields almost nothing while the feed
carried more, the feed entry's content or summary becomes the article (method='feed').
`extract` is a top-level function with picklable arguments and result: it runs in a process pool.
"""

from __future__ import annotations

import hashlib
import re
from datetime import date, datetime, time, timedelta, timezone

import htmldate
import lxml.html
import trafilatura
from charset_normalizer import from_bytes
from lxml import etree

from pipeline.language import detect_language
from pipeline.records import ExtractedArticle, FeedEntry

# Kyrgyzstan has kept UTC+6 all year since it dropped summer time in 2005; a fixed offset
# avoids depending on the system's tz database. Pages give bare dates in the outlet's local time.
BISHKEK = timezone(timedelta(hours=6), "Asia/Bishkek")
MIN_PAGE_TEXT = 250  # below this a page is a stub (paywall, video, JS-only) if the feed has more
MAX_HTML_CHARS = 3_000_000  # the article is in the first megabytes; the rest only costs time
# Lines that page furniture leaves behind even after boilerplate removal: counters and site toggles.
JUNK_LINE = re.compile(
    r"^(?:top\.mail\.ru|pixel|версия сайта|мобильная версия|полная версия( сайта)?|"
    r"(ru|kg|kz|ky|en)( (ru|kg|kz|ky|en))*|яндекс\.метрика|liveinternet)$",
    re.IGNORECASE,
)
_DATE_META = (
    "//meta[@property='article:published_time']/@content",
    "//meta[@itemprop='datePublished']/@content",
    "//meta[@name='pubdate']/@content",
    "//time[@itemprop='datePublished']/@datetime",
)


class ExtractionFailed(ValueError):
    """Neither the page nor the feed entry gave any article text."""


def _decode(body: bytes, encoding: str | None) -> str:
    if encoding:
        try:
            return body.decode(encoding, errors="replace")
        except LookupError:  # an unknown charset name from a header: detect instead
            pass
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError:
        best = from_bytes(body[:200_000]).best()
        return body.decode(best.encoding if best else "cp1251", errors="replace")


def _parse(html: str) -> lxml.html.HtmlElement | None:
    html = html[:MAX_HTML_CHARS].replace("\x00", "")
    if not html.strip():
        return None
    try:
        # Bytes let lxml skip the <?xml encoding?> declaration that it refuses in a str.
        return lxml.html.document_fromstring(html.encode("utf-8"), parser=_html_parser())
    except (etree.ParserError, ValueError):
        return None


def _html_parser() -> lxml.html.HTMLParser:
    return lxml.html.HTMLParser(encoding="utf-8", remove_comments=True)


def _aware_meta_date(tree: lxml.html.HtmlElement) -> datetime | None:
    """The page's own publication timestamp, when it states one with a time zone."""
    for path in _DATE_META:
        for raw in tree.xpath(path):
            try:
                value = datetime.fromisoformat(str(raw).strip())
            except ValueError:
                continue
            if value.tzinfo is not None:
                return value
    return None


def _published(page_day: str | None, meta: datetime | None, entry: FeedEntry | None) -> datetime | None:
    """The most precise trustworthy date: page timestamp, feed time on the page's day, page day."""
    if meta is not None:
        return meta
    feed = entry.published if entry is not None else None
    try:
        day = date.fromisoformat(page_day) if page_day else None
    except ValueError:
        day = None
    if day is None:
        return feed
    if feed is not None and feed.astimezone(BISHKEK).date() == day:
        return feed
    return datetime.combine(day, time(), BISHKEK)


def _clean(text: str) -> str:
    lines = (" ".join(line.split()) for line in text.splitlines())
    return "\n".join(line for line in lines if line and not JUNK_LINE.match(line))


def content_hash(text: str) -> str:
    """sha256 of the case-folded text with whitespace runs collapsed: same words, same hash."""
    return hashlib.sha256(" ".join(text.casefold().split()).encode("utf-8")).hexdigest()


def _page(html: str, url: str) -> tuple[trafilatura.settings.Document | None, datetime | None]:
    tree = _parse(html)
    if tree is None:
        return None, None
    meta = _aware_meta_date(tree)
    try:
        doc = trafilatura.bare_extraction(
            tree, url=url, include_comments=False, with_metadata=True, include_tables=True
        )
    except (ValueError, TypeError, etree.LxmlError) as exc:  # malformed trees trip the parsers
        raise ExtractionFailed(f"{url}: trafilatura failed: {exc}") from exc
    if doc is not None and not doc.date:
        doc.date = htmldate.find_date(html[:MAX_HTML_CHARS], url=url, original_date=True)
    return doc, meta


def extract(body: bytes, *, url: str, encoding: str | None, entry: FeedEntry | None) -> ExtractedArticle:
    """The article in `body` (or in the feed entry when the page gives too little)."""
    html = _decode(body, encoding)
    try:
        doc, meta = _page(html, url)
    except ExtractionFailed:
        doc, meta = None, None
    page_text = _clean(doc.text or "") if doc is not None else ""
    feed_text = ""
    if entry is not None:
        feed_text = max(entry.content, entry.summary, key=len)
    if len(page_text) < MIN_PAGE_TEXT and len(feed_text) > len(page_text):
        text, method = _clean(feed_text), "feed"
    else:
        text, method = page_text, "page"
    if not text:
        raise ExtractionFailed(f"{url}: no article text in the page or the feed entry")
    title = " ".join(((doc.title if doc else "") or (entry.title if entry else "")).split())
    description = " ".join(((doc.description if doc else "") or "").split())
    first_paragraph = text.split("\n", 1)[0]
    return ExtractedArticle(
        title=title,
        text=text,
        lead=description if description and description != title else first_paragraph,
        author=(doc.author if doc else "") or (entry.author if entry else "") or "",
        published=_published(doc.date if doc else None, meta, entry),
        site_name=(doc.sitename if doc else "") or "",
        categories=tuple(doc.categories or ()) if doc else (),
        tags=tuple(doc.tags or ()) if doc else (entry.tags if entry else ()),
        language=detect_language(f"{title}\n{text}"),
        content_hash=content_hash(text),
        method=method,
    )
