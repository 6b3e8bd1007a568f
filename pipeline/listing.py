"""Leads from sites without feeds: listing pages (links matching a pattern) and sitemaps
(sitemap indexes, plain urlsets and Google News sitemaps)."""

from __future__ import annotations

import re
import zlib
from datetime import UTC, datetime
from urllib.parse import urldefrag, urljoin

import lxml.html
from lxml import etree

from pipeline.feeds import FeedError
from pipeline.records import FeedEntry
from pipeline.urls import normalize_url

MAX_SITEMAP_BYTES = 50_000_000  # the sitemaps.org limit for an uncompressed sitemap


def parse_listing(
    body: bytes, *, base_url: str, link_pattern: str, source_id: str, encoding: str | None = None
) -> list[FeedEntry]:
    """Absolute links matching `link_pattern`, once each, in page order, with their anchor text."""
    try:
        pattern = re.compile(link_pattern)
    except re.error as exc:
        raise FeedError(f"{base_url}: bad link_pattern {link_pattern!r}: {exc}") from exc
    if not body.strip():
        return []
    try:
        if encoding:
            root = lxml.html.document_fromstring(body.decode(encoding, errors="replace"))
        else:  # lxml honours the page's <meta charset>
            root = lxml.html.document_fromstring(body)
    except (etree.ParserError, LookupError, ValueError):
        return []
    base = urljoin(base_url, (root.xpath("string(//base/@href)") or "").strip())
    titles: dict[str, str] = {}
    urls: dict[str, str] = {}
    for anchor in root.iter("a"):
        href = (anchor.get("href") or "").strip()
        if not href or href.startswith(("javascript:", "mailto:", "tel:")):
            continue
        url = urldefrag(urljoin(base, href))[0]
        if not url.startswith(("http://", "https://")) or not pattern.search(url):
            continue
        key = normalize_url(url)
        urls.setdefault(key, url)
        text = " ".join(anchor.text_content().split())
        if text and not titles.get(key):  # a teaser image link often comes before the headline
            titles[key] = text
    return [
        FeedEntry(source_id=source_id, url=url, found_in=base_url, title=titles.get(key, ""))
        for key, url in urls.items()
    ]


def _local(tag: object) -> str:
    return etree.QName(tag).localname if isinstance(tag, str) else ""


def _child_text(element: etree._Element, name: str) -> str:
    for child in element.iter():
        if _local(child.tag) == name:
            return (child.text or "").strip()
    return ""


def _sitemap_date(raw: str) -> datetime | None:
    """W3C datetime; a date without a zone is read as UTC, as for feeds (see `parse_date`)."""
    if not raw:
        return None
    try:
        value = datetime.fromisoformat(raw.replace(" ", "T", 1))
    except ValueError:
        return None
    return value if value.tzinfo is not None else value.replace(tzinfo=UTC)


def _decompress(body: bytes) -> bytes:
    if body[:2] != b"\x1f\x8b":
        return body
    try:  # bounded, so a gzip bomb cannot eat the memory
        out = zlib.decompressobj(16 + zlib.MAX_WBITS).decompress(body, MAX_SITEMAP_BYTES)
    except zlib.error as exc:
        raise FeedError(f"broken gzip sitemap: {exc}") from exc
    return out


def parse_sitemap(body: bytes, *, url: str, source_id: str) -> tuple[list[FeedEntry], list[str]]:
    """(article leads, child sitemap URLs). Raises FeedError when `body` is no sitemap."""
    data = _decompress(body)
    parser = etree.XMLParser(recover=True, resolve_entities=False, no_network=True, huge_tree=False)
    try:
        root = etree.fromstring(data, parser=parser) if data.strip() else None
    except etree.XMLSyntaxError as exc:
        raise FeedError(f"{url}: not a sitemap ({exc})") from exc
    kind = _local(root.tag) if root is not None else ""
    if kind not in ("urlset", "sitemapindex"):
        raise FeedError(f"{url}: not a sitemap (root element {kind or 'missing'})")
    children: list[str] = []
    entries: list[FeedEntry] = []
    seen: set[str] = set()
    for item in root:
        loc = _child_text(item, "loc")
        if not loc:
            continue
        loc = urljoin(url, loc)
        if kind == "sitemapindex":
            children.append(loc)
            continue
        if normalize_url(loc) in seen:
            continue
        seen.add(normalize_url(loc))
        published = _sitemap_date(_child_text(item, "publication_date")) or _sitemap_date(
            _child_text(item, "lastmod")
        )
        entries.append(
            FeedEntry(
                source_id=source_id,
                url=loc,
                found_in=url,
                title=_child_text(item, "title"),
                published=published,
                tags=tuple(k.strip() for k in _child_text(item, "keywords").split(",") if k.strip()),
            )
        )
    return entries, children
