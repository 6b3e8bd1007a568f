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
MIN_WORDS = 3
MAX_BROKEN_SHARE = 0.02
_WORD = re.compile(r"[^\W\d_]{2,}")
HEAD_MAX_WORDS = 12
SENTENCE_END = (".", "!", "?", "…", "»", '"', ")")
# trafilatura's and htmldate's time grows faster than the page (a 4.5 MB page: ~95 s with the
# extensive date search, ~10 s without), so: scripts and styles go first, the rest is cut at
# MAX_HTML_CHARS (the article sits near the top), and the slow free-text date search runs only
# on pages of ordinary size.
MAX_HTML_CHARS = 1_000_000
EXTENSIVE_DATE_MAX_CHARS = 500_000
_BULK = re.compile(
    r"<script(?![^>]*ld\+json)[^>]*>.*?</script\s*>|<style[^>]*>.*?</style\s*>|<svg[^>]*>.*?</svg\s*>|<!--.*?-->",
    re.IGNORECASE | re.DOTALL,
)
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


def _slim(html: str) -> str:
    """The page without scripts, styles, inline SVG and comments (JSON-LD metadata stays)."""
    return _BULK.sub("", html)[:MAX_HTML_CHARS].replace("\x00", "")


def _parse(html: str) -> lxml.html.HtmlElement | None:
    if not html.strip():
        return None
    try:
        # Bytes let lxml skip the <?xml encoding?> declaration that it refuses in a str.
        parser = lxml.html.HTMLParser(encoding="utf-8", remove_comments=True)
        return lxml.html.document_fromstring(html.encode("utf-8"), parser=parser)
    except (etree.ParserError, ValueError):
        return None


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
    """The most precise trustworthy date: the page's zoned timestamp, the feed's, the page's day."""
    if meta is not None:
        return meta
    feed = entry.published if entry is not None else None
    try:
        day = date.fromisoformat(page_day) if page_day else None
    except ValueError:
        day = None
    # A bare page day is a guess (htmldate may read a copyright year as 1 January); the feed's
    # timestamp is a stated fact, so it wins whenever there is one.
    if feed is not None or day is None:
        return feed
    return datetime.combine(day, time(), BISHKEK)


def _clean(text: str) -> str:
    lines = (" ".join(line.split()) for line in text.splitlines())
    return "\n".join(line for line in lines if line and not JUNK_LINE.match(line))


def _split_head(text: str) -> tuple[str, str]:
    """(headline, body): peel off the short lines above the first sentence — the headline,
    rubrics, a date, "Опубликовано:" — that extraction keeps on pages without clear markup."""
    lines = text.split("\n")
    first = next(
        (i for i, line in enumerate(lines) if len(line.split()) > HEAD_MAX_WORDS or line.endswith(SENTENCE_END)),
        0,  # no sentence at all (a list, a poem): leave the text alone
    )
    # The headline comes before the dates and captions.
    headline = next((line for line in lines[:first] if len(line.split()) >= 3), "")
    return headline, "\n".join(lines[first:])


MAX_PROSE_WORD = 16
MIN_PROSE_WORD_SHARE = 0.8
_BROKEN = re.compile("[\ufffd\x00-\x08\x0b-\x1f]")


def _is_prose(text: str) -> bool:
    """Words, not a binary body decoded by force (which is full of U+FFFD and control chars)."""
    words = _WORD.findall(text)
    if len(words) < MIN_WORDS:
        return False
    # Bytes forced through a Cyrillic charset also give letters, but in runs like the alphabet:
    # prose in our languages has most of its words under 16 letters.
    if sum(len(w) <= MAX_PROSE_WORD for w in words) < len(words) * MIN_PROSE_WORD_SHARE:
        return False
    broken = len(_BROKEN.findall(text))
    return broken <= len(text) * MAX_BROKEN_SHARE


def content_hash(text: str) -> str:
    """sha256 of the case-folded text with whitespace runs collapsed: same words, same hash."""
    return hashlib.sha256(" ".join(text.casefold().split()).encode("utf-8")).hexdigest()


def _page(html: str, url: str) -> tuple[trafilatura.settings.Document | None, datetime | None]:
    html = _slim(html)
    tree = _parse(html)
    if tree is None:
        return None, None
    meta = _aware_meta_date(tree)
    dates = {"url": url, "original_date": True, "extensive_search": len(html) <= EXTENSIVE_DATE_MAX_CHARS}
    try:
        # Fast path first: trafilatura's own extractor alone. Its readability/jusText comparison
        # costs ~40 % more per page and matters on pages the fast path gets wrong, which show as
        # no or too little text; only those get the full comparison (on a fresh tree, since
        # extraction prunes the one it is given).
        doc = trafilatura.bare_extraction(
            tree, url=url, fast=True, include_comments=False, with_metadata=True, date_extraction_params=dates
        )
        if doc is None or len(doc.text or "") < MIN_PAGE_TEXT:
            full_tree = _parse(html)
            if full_tree is not None:
                doc = trafilatura.bare_extraction(
                    full_tree, url=url, include_comments=False, with_metadata=True, date_extraction_params=dates
                ) or doc
        if doc is not None and not doc.date:
            doc.date = htmldate.find_date(html, **dates)
    except (ValueError, TypeError, RecursionError, etree.LxmlError) as exc:  # malformed trees trip the parsers
        raise ExtractionFailed(f"{url}: trafilatura failed: {exc}") from exc
    return doc, meta


def extract(body: bytes, *, url: str, encoding: str | None, entry: FeedEntry | None) -> ExtractedArticle:
    """The article in `body` (or in the feed entry when the page gives too little)."""
    try:
        doc, meta = _page(_decode(body, encoding), url)
    except ExtractionFailed:
        doc, meta = None, None
    headline, page_text = _split_head(_clean(doc.text or "")) if doc is not None else ("", "")
    feed_text = _clean(max(entry.content, entry.summary, key=len)) if entry is not None else ""
    page_text, feed_text = (t if _is_prose(t) else "" for t in (page_text, feed_text))
    use_feed = len(page_text) < MIN_PAGE_TEXT and len(feed_text) > len(page_text)
    text = feed_text if use_feed else page_text
    if not text:
        raise ExtractionFailed(f"{url}: no article text in the page or the feed entry")
    page_title = (doc.title or headline) if doc is not None else ""
    feed_title = entry.title if entry is not None else ""
    # When the page was a stub its title is often a generic "Видео: …": the feed's is better.
    title = " ".join(((feed_title or page_title) if use_feed else (page_title or feed_title)).split())
    if use_feed:
        lead = entry.summary if entry is not None and entry.summary != text else ""
    else:
        lead = (doc.description if doc else "") or ""
        lead = "" if lead.strip() == title else lead
    return ExtractedArticle(
        title=title,
        text=text,
        lead=" ".join(lead.split()) or text.split("\n", 1)[0],
        author=(doc.author if doc else "") or (entry.author if entry else "") or "",
        published=_published(doc.date if doc else None, meta, entry),
        site_name=(doc.sitename if doc else "") or "",
        categories=tuple(doc.categories or ()) if doc else (),
        tags=(tuple(doc.tags or ()) if doc else ()) or (entry.tags if entry else ()),
        language=detect_language(f"{title}\n{text}"),
        content_hash=content_hash(text),
        method="feed" if use_feed else "page",
    )
