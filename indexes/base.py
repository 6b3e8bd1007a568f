"""The Index contract: typed documents, queries and results that every backend answers alike.

The embedded SQLite-FTS5 index and Elasticsearch implement `Index`; one contract test-suite,
parametrised over both, holds them to the same answers. Text analysis (lemmas, folding) is
ours and happens before a document or query reaches a backend, so both match the same way.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Literal, Protocol

Sort = Literal["relevance", "date"]
Interval = Literal["day", "week", "month"]
GroupBy = Literal["source", "language"]
TIMEZONE = "Asia/Bishkek"  # date histograms and timeline buckets are in Bishkek time (UTC+6)


class IndexError_(Exception):
    """The index failed to answer; carries a clear reason (never a raw server error)."""


class QueryError(ValueError):
    """The query cannot be run as written (too long, empty after analysis, ...)."""


class IndexUnavailable(IndexError_):
    """The backend is down or refused to start; the outbox keeps what it has not acknowledged."""


@dataclass(frozen=True)
class EntityRef:
    id: str
    type: str
    name: str


@dataclass(frozen=True)
class ArticleDocument:
    """One article as indexed. Built from the store by `indexes.documents`."""

    id: str
    url: str
    title: str
    lead: str
    text: str
    language: str
    source: str
    source_name: str
    source_kind: str
    published: datetime | None  # timezone-aware
    entities: tuple[EntityRef, ...] = ()
    speaker_ids: tuple[str, ...] = ()
    cluster_id: str | None = None
    versions: int = 1  # versions of the text seen by revisits: > 1 means edited after publication
    # our analysis, filled by indexes.documents: space-separated folded lemmas / folded words
    title_lemmas: str = ""
    text_lemmas: str = ""


@dataclass(frozen=True)
class StatementDocument:
    id: str  # f"{article_id}:{seq}"
    article_id: str
    speaker_id: str | None
    speaker_surface: str
    speaker_post: str
    text: str
    kind: str
    published: datetime | None
    language: str
    source: str
    text_lemmas: str = ""


FACET_NAMES = ("sources", "languages", "entities", "entity_types", "dates")  # the fields of Facets


@dataclass(frozen=True)
class SearchQuery:
    """A free-text query with filters. `text` uses the query syntax of `indexes.query`."""

    text: str = ""
    sources: tuple[str, ...] = ()
    source_kinds: tuple[str, ...] = ()
    languages: tuple[str, ...] = ()
    date_from: date | None = None  # inclusive, Bishkek calendar days
    date_to: date | None = None  # inclusive
    entity_ids: tuple[str, ...] = ()  # all must match
    entity_types: tuple[str, ...] = ()  # any must match
    has_statements: bool | None = None
    sort: Sort = "relevance"
    limit: int = 20
    offset: int = 0  # for shallow pages
    after: tuple[object, ...] | None = None  # search_after cursor from SearchResult.next_after
    # Order: relevance = score descending, date = published descending (unknown dates last);
    # ties always by id ascending, so pages never overlap. Empty `text` (or exclusions only)
    # with sort="relevance" sorts by date: there is nothing to rank by. The cursor is opaque to
    # callers (a backend's own sort values, JSON-serialisable); with `after`, `offset` is ignored.
    facets: bool = False
    facet_size: int = 10
    facet_names: tuple[str, ...] = FACET_NAMES  # the facets to count (the others come back empty)
    # Stories (a story's id is its first article's id; an article not yet in a story is its own):
    # collapse_stories gives one hit per story — its best hit in the query's order, with the
    # numbers of matching articles and distinct outlets it stands for — and total_stories.
    # Collapsed results page by offset or along `next_after` (the last story head's sort values).
    collapse_stories: bool = False
    story_ids: tuple[str, ...] = ()  # only articles of these stories


@dataclass(frozen=True)
class Hit:
    id: str
    url: str
    title: str
    published: datetime | None
    source: str
    language: str
    score: float  # higher is better; comparable within one result only (0.0 when sorted by date)
    snippet: str  # HTML: original text, matched word forms in <mark>, everything else escaped
    title_html: str = ""
    story_id: str | None = None  # the article's story (None until the story stage has seen it)
    story_articles: int = 1  # with collapse_stories: matching articles of the story
    story_outlets: int = 1  # with collapse_stories: distinct outlets among them
    versions: int = 1  # > 1: the article was edited after publication (the index holds the latest text)


@dataclass(frozen=True)
class FacetBucket:
    key: str
    count: int
    label: str = ""


@dataclass(frozen=True)
class Facets:
    sources: tuple[FacetBucket, ...] = ()
    languages: tuple[FacetBucket, ...] = ()
    entities: tuple[FacetBucket, ...] = ()
    entity_types: tuple[FacetBucket, ...] = ()
    dates: tuple[FacetBucket, ...] = ()  # key = YYYY-MM-DD (Bishkek), ascending


@dataclass(frozen=True)
class SearchResult:
    total: int
    hits: tuple[Hit, ...]
    facets: Facets | None = None
    next_after: tuple[object, ...] | None = None  # pass as SearchQuery.after for the next page
    total_stories: int | None = None  # distinct stories among all matches (set when collapsing)


@dataclass(frozen=True)
class StatementQuery:
    text: str = ""
    speaker_ids: tuple[str, ...] = ()
    date_from: date | None = None
    date_to: date | None = None
    languages: tuple[str, ...] = ()
    limit: int = 20
    offset: int = 0
    after: tuple[object, ...] | None = None  # StatementResult.next_after; with it, `offset` is ignored
    # Sorted by relevance when there is text, else by date (newest first); ties by id.


@dataclass(frozen=True)
class StatementHit:
    id: str
    article_id: str
    speaker_id: str | None
    speaker_surface: str
    speaker_post: str
    text: str
    kind: str
    published: datetime | None
    snippet: str


@dataclass(frozen=True)
class StatementResult:
    total: int
    hits: tuple[StatementHit, ...]
    next_after: tuple[object, ...] | None = None  # pass as StatementQuery.after for the next page


@dataclass(frozen=True)
class TimelineQuery:
    entity_id: str
    interval: Interval = "day"
    date_from: date | None = None
    date_to: date | None = None
    sources: tuple[str, ...] = ()
    languages: tuple[str, ...] = ()
    group_by: GroupBy | None = None  # one series per source / language instead of one in all
    distinct: bool = True  # count distinct stories and outlets (False leaves them 0: cheaper on Elasticsearch)


# Timeline buckets run without gaps from date_from (else the first bucket with a mention or
# statement of the entity) to date_to (else the last such bucket). With `group_by`, every group
# (source or language) with a mention or statement in that range gets its own gap-free run;
# buckets are ordered by group, then start.
@dataclass(frozen=True)
class TimelineBucket:
    start: date  # first Bishkek day of the bucket (weeks start on Monday)
    mentions: int  # articles mentioning the entity
    statements: int  # statements by the entity
    total_articles: int  # all articles in the bucket (same filters and group, without the entity)
    stories: int = 0  # distinct stories among the mentioning articles (cluster id, else the article)
    outlets: int = 0  # distinct sources among the mentioning articles
    group: str | None = None  # the source or language, with TimelineQuery.group_by

    @property
    def share(self) -> float:
        return self.mentions / self.total_articles if self.total_articles else 0.0


@dataclass(frozen=True)
class EntityCountsQuery:
    """Mentioning articles per entity and Bishkek day: what spikes are found from."""

    date_from: date
    date_to: date  # inclusive
    entity_ids: tuple[str, ...] = ()  # empty: every entity
    entity_types: tuple[str, ...] = ()  # any of these types (the id's prefix: person, prov-person → person)
    min_mentions: int = 1  # only entities mentioned in at least this many articles over the range
    limit: int = 500  # most mentioned first, ties by id


@dataclass(frozen=True)
class EntityDayCounts:
    entity_id: str
    days: dict[date, int]  # Bishkek day → mentioning articles (days without any are left out)

    @property
    def total(self) -> int:
        return sum(self.days.values())


@dataclass(frozen=True)
class StoryCount:
    """One story among the articles mentioning an entity in a period."""

    story_id: str  # the articles' cluster id, else the article's own id
    headline: str  # the title of its earliest article in the period (ties by id)
    first_article_id: str
    articles: int
    outlets: int


@dataclass(frozen=True)
class CoMention:
    entity_id: str
    count: int


@dataclass(frozen=True)
class IndexStats:
    articles: int
    statements: int
    name: str = ""
    extra: dict[str, object] = field(default_factory=dict)


DocumentBatch = tuple[Sequence[ArticleDocument], Sequence[StatementDocument]]


class Index(Protocol):
    """What every backend answers. Construction does no I/O; `open()` connects."""

    name: str  # backend name, also the outbox key: "sqlite" | "elasticsearch"

    def open(self) -> None: ...
    def close(self) -> None: ...

    def index(self, articles: Sequence[ArticleDocument],
              statements: Sequence[StatementDocument]) -> list[str]:
        """Upsert; return the article ids acknowledged (statements of an article replace its old ones)."""
        ...

    def delete(self, article_ids: Sequence[str]) -> list[str]: ...
    def refresh(self) -> None:
        """Make everything written so far visible to searches."""
        ...

    def search(self, query: SearchQuery) -> SearchResult: ...
    def statements(self, query: StatementQuery) -> StatementResult: ...
    def timeline(self, query: TimelineQuery) -> list[TimelineBucket]: ...
    def entity_counts(self, query: EntityCountsQuery) -> list[EntityDayCounts]:
        """Entities by mentioning articles over the range (most first, ties by id), with daily counts."""
        ...

    def entity_stories(self, entity_id: str, date_from: date, date_to: date, limit: int = 5) -> list[StoryCount]:
        """The stories among articles mentioning the entity in [date_from, date_to] (Bishkek days):
        most distinct outlets first, then most articles, then story id."""
        ...

    def co_mentions(self, entity_id: str, limit: int = 10) -> list[CoMention]: ...
    def ids(self) -> set[str]:
        """Every article id in the index (for catch-up checks and tests)."""
        ...

    def stats(self) -> IndexStats: ...
    def rebuild(self, batches: Iterable[DocumentBatch]) -> int:
        """Fill a fresh versioned index from `batches`, then make it live in one atomic swap.

        Searches keep answering from the old version until the swap; returns the articles written.
        """
        ...

    def drop(self) -> None:
        """Delete everything this index holds (all versions): tests and `reindex --drop`."""
        ...
