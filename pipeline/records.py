"""The typed records that flow through the pipeline, one part per stage.

Each stage writes only its own part (feed entry, fetch result, extracted article, analysis),
and the store's tables follow the parts. Third-party objects (feedparser dicts, httpx
responses, trafilatura documents) are converted into these at the boundary, never passed on.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Literal

SourceKind = Literal["outlet", "official"]
Language = Literal["ru", "ky", "kk", "en", "und"]
LANGUAGES: tuple[str, ...] = ("ru", "ky", "kk", "en")


@dataclass(frozen=True)
class ListingConfig:
    """A page that lists articles, for sites without feeds: links matching `link_pattern`."""

    url: str
    link_pattern: str  # a Python regular expression matched against absolute link URLs


@dataclass(frozen=True)
class SourceConfig:
    """One outlet or state body as configured in `config/sources.yaml`."""

    id: str
    name: str
    homepage: str
    languages: tuple[str, ...]
    kind: SourceKind
    feeds: tuple[str, ...] = ()
    sitemaps: tuple[str, ...] = ()
    listings: tuple[ListingConfig, ...] = ()
    interval_minutes: int = 30
    allow_private: bool = False  # only fixtures and the offline demo live on 127.0.0.1
    confirmed: bool = False  # `kabarchy sources check` saw its feeds answer


@dataclass(frozen=True)
class FeedEntry:
    """One item found by a feed, sitemap or listing page: a lead to an article."""

    source_id: str
    url: str
    found_in: str  # the feed / sitemap / listing URL it came from
    title: str = ""
    summary: str = ""
    content: str = ""  # full content when the feed carries it (fallback for extraction)
    published: datetime | None = None  # timezone-aware
    author: str = ""
    tags: tuple[str, ...] = ()


@dataclass(frozen=True)
class FetchResult:
    """What the fetcher got for one URL."""

    url: str  # as requested
    final_url: str  # after redirects
    status: int
    headers: dict[str, str]
    body: bytes
    encoding: str | None  # the charset the body was decoded with, when it is text
    fetched_at: datetime
    elapsed_s: float = 0.0

    @property
    def not_modified(self) -> bool:
        return self.status == 304

    @property
    def text(self) -> str:
        return self.body.decode(self.encoding or "utf-8", errors="replace")


@dataclass(frozen=True)
class ExtractedArticle:
    """The clean article that extraction made of a page (or of the feed's own content)."""

    title: str
    text: str
    lead: str = ""
    author: str = ""
    published: datetime | None = None  # timezone-aware
    site_name: str = ""
    categories: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    language: str = "und"
    content_hash: str = ""  # sha256 of the normalised text
    method: Literal["page", "feed"] = "page"


@dataclass(frozen=True)
class Mention:
    """An entity named in an article, linked to a registry id or a provisional id."""

    entity_id: str
    entity_type: str  # person | party | body | organisation | place | media
    name: str  # the entity's canonical name (registry) or normalised surface (provisional)
    surface: str  # the text as written
    start: int  # character offsets into the article text
    end: int
    sentence: int  # sentence index in the text
    method: str  # registry | model | rule | coref


@dataclass(frozen=True)
class Statement:
    """Who said what: a direct quote or reported speech."""

    speaker_id: str | None  # registry / provisional id, None when unresolved
    speaker_surface: str
    speaker_post: str  # the speaker's post on the article's date, "" when unknown
    text: str
    kind: Literal["direct", "indirect"]
    cue: str  # the speech verb or marker: заявил, сообщил, деди, по словам, ...
    start: int  # offsets of the statement text in the article text
    end: int
    # why speaker_id is None: collective | unnamed | pronoun | missing ("" when resolved)
    speaker_reason: str = ""


@dataclass(frozen=True)
class Analysis:
    mentions: tuple[Mention, ...] = ()
    statements: tuple[Statement, ...] = ()
    analyzer_version: str = ""


Stage = Literal["discovered", "fetched", "extracted", "analysed", "failed"]


@dataclass
class Article:
    """An article as the store holds it: its id, where it came from and each stage's part."""

    id: str
    source_id: str
    url: str
    stage: Stage = "discovered"
    entry: FeedEntry | None = None
    fetch: FetchResult | None = None
    extracted: ExtractedArticle | None = None
    analysis: Analysis | None = None
    discovered_at: datetime | None = None
    extra: dict[str, object] = field(default_factory=dict)
