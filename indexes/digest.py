"""What a day's digest holds: one function, shared by the email, the web page and the command line.

`select_digest` answers for one Bishkek calendar day and one reader (language, optional watch):
the top stories ranked by distinct outlets (official sources weighted up), statements of the
day by registry officials, bodies and parties grouped by speaker, entities on the rise, and the
sources that failed or went silent. The parts every reader shares are computed once per day in
a `DayPool`; passing one pool to many calls makes each extra subscriber cost only its watch.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field, replace
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from indexes.base import Index, SearchQuery, StatementQuery
from indexes.digest_day import (
    DayStatement,
    SourceHealth,
    day_sources,
    day_statements,
    source_health,
    speaker_kind,
)

if TYPE_CHECKING:
    from indexes.entities import EntityDirectory
    from indexes.spikes import Spike
    from indexes.stories import StorySummary
    from pipeline.store import Store

SECTIONS: tuple[str, ...] = ("stories", "statements", "rising", "sources")
OFFICIAL_WEIGHT = 2.0  # an official source counts as two outlets: the state saying it is news
STORY_POOL = 1000  # stories of a day considered (ranked by outlets; the tail has one outlet each)
RISING_LIMIT = 8
SPEAKER_LIMIT = 12
STATEMENTS_PER_SPEAKER = 4
WATCH_HITS = 2000  # most articles one watched name or keyword may bring in a day


@dataclass(frozen=True)
class Watch:
    """What a reader follows: registry ids (any name resolved beforehand) and search-syntax keywords."""

    entity_ids: tuple[str, ...] = ()
    keywords: tuple[str, ...] = ()


@dataclass(frozen=True)
class DigestStory:
    id: str
    headline: str
    headline_language: str  # differs from the reader's language when no outlet wrote it in theirs
    url: str  # the first publisher's article
    first_publisher: str  # source id
    first_publisher_name: str
    first_seen: datetime
    outlets: tuple[tuple[str, str], ...]  # (source id, name), first publisher first
    official_outlets: int
    articles: int
    languages: tuple[str, ...]
    score: float  # distinct outlets, official ones counted OFFICIAL_WEIGHT times


@dataclass(frozen=True)
class SpeakerStatements:
    speaker_id: str
    name: str  # in the reader's language
    type: str  # person | body | party
    post: str  # the post held that day, in the reader's language where the registry has it
    statements: tuple[DayStatement, ...]
    watched: bool = False


@dataclass(frozen=True)
class DigestContent:
    day: date
    language: str
    stories: tuple[DigestStory, ...]
    statements_by_speaker: tuple[SpeakerStatements, ...]
    rising: tuple[Spike, ...]
    source_health: tuple[SourceHealth, ...]  # only sources that failed or published nothing
    total_articles: int
    total_sources: int
    names: dict[str, str] = field(default_factory=dict)  # entity id -> name in the reader's language
    watch: Watch | None = None

    @property
    def empty(self) -> bool:
        """Nothing a reader asked for: no story, no statement, nothing on the rise."""
        return not (self.stories or self.statements_by_speaker or self.rising)


@dataclass
class DayPool:
    """The parts of a day every reader shares, computed once (see `day_pool`)."""

    day: date
    stories: list[StorySummary]
    statements: list[DayStatement]
    spikes: list[Spike]
    health: list[SourceHealth]
    sources: dict[str, tuple[str, str]]  # id -> (name, kind)
    first_urls: dict[str, str]
    total_articles: int
    watch_cache: dict[tuple[str, str], frozenset[str]] = field(default_factory=dict)
    story_of: dict[str, str] = field(default_factory=dict)  # article id -> story id


def day_pool(index: Index, store: Store, directory: EntityDirectory | None, day: date) -> DayPool:
    """Read the day once: stories, statements, spikes, source health."""
    from indexes.spikes import spikes_on
    from indexes.stories import top_stories

    stories = top_stories(store, day, day, limit=STORY_POOL)
    sources = day_sources(store)
    statements = day_statements(index, store, day)
    spikes = spikes_on(index, day, directory=directory, limit=RISING_LIMIT * 3)
    health, total = source_health(store, day)
    first_urls = _urls(store, [s.first_article_id for s in stories])
    return DayPool(day, stories, statements, spikes, health, sources, first_urls, total)


def select_digest(index: Index, store: Store, directory: EntityDirectory | None, day: date, *,
                  language: str = "ru", watch: Watch | None = None, max_stories: int = 10,
                  pool: DayPool | None = None, exclude: frozenset[str] = frozenset()) -> DigestContent:
    """The digest of one Bishkek day for one reader; pass `pool` to share the day's reading.

    `exclude` holds item keys (`item_key`) already shown to this reader: instant alerts leave
    them out before ranking, so a new statement is never crowded out by an old one.
    """
    pool = pool if pool is not None and pool.day == day else day_pool(index, store, directory, day)
    matched = _watched_articles(index, store, pool, watch) if watch else None
    names: dict[str, str] = {}
    stories = _stories(pool, language, matched, max_stories, exclude)
    speakers = _speakers(pool, directory, language, watch, matched, names, exclude)
    rising = _rising(pool, directory, language, watch, names, exclude)
    for entity_id in watch.entity_ids if watch else ():
        info = directory.get(entity_id) if directory is not None else None
        names.setdefault(entity_id, info.name(language) if info is not None else entity_id)
    return DigestContent(
        day=day, language=language, stories=tuple(stories), statements_by_speaker=tuple(speakers),
        rising=tuple(rising), source_health=tuple(pool.health), total_articles=pool.total_articles,
        total_sources=len(pool.sources), names=names, watch=watch)


def _weight(pool: DayPool, source_id: str) -> float:
    return OFFICIAL_WEIGHT if pool.sources.get(source_id, ("", ""))[1] == "official" else 1.0


def item_key(kind: str, *parts: str) -> str:
    """A stable key for one digest item: `story:<id>`, `st:<statement id>`, `spike:<entity>:<day>`."""
    return ":".join((kind, *parts))


def _stories(pool: DayPool, language: str, matched: _Matched | None, limit: int,
             exclude: frozenset[str]) -> list[DigestStory]:
    picked: list[DigestStory] = []
    for s in pool.stories:
        if (matched is not None and s.id not in matched.stories) or item_key("story", s.id) in exclude:
            continue
        headline_language = language if language in s.headlines else next(
            (lang for lang, title in s.headlines.items() if title == s.headline(language)), "")
        outlets = sorted(s.outlets, key=lambda o: (o != s.first_publisher, o))
        picked.append(DigestStory(
            id=s.id, headline=s.headline(language), headline_language=headline_language,
            url=pool.first_urls.get(s.first_article_id, ""), first_publisher=s.first_publisher,
            first_publisher_name=pool.sources.get(s.first_publisher, (s.first_publisher, ""))[0],
            first_seen=s.first_seen, outlets=tuple((o, pool.sources.get(o, (o, ""))[0]) for o in outlets),
            official_outlets=sum(1 for o in s.outlets if pool.sources.get(o, ("", ""))[1] == "official"),
            articles=s.articles, languages=tuple(s.languages),
            score=sum(_weight(pool, o) for o in s.outlets)))
    picked.sort(key=lambda d: (-d.score, -d.articles, d.first_seen, d.id))
    return picked[:limit]


@dataclass(frozen=True)
class _Matched:
    articles: frozenset[str]
    stories: frozenset[str]
    statements: frozenset[str]


def _watched_articles(index: Index, store: Store, pool: DayPool, watch: Watch) -> _Matched:
    """Articles, stories and statements of the day that a watch selects (one search per name/keyword,
    each answered once per day and shared by every reader who watches it)."""
    articles: set[str] = set()
    statements: set[str] = set()
    asks = [("entity", e) for e in watch.entity_ids] + [("keyword", k) for k in watch.keywords]
    for ask in asks:
        if ask not in pool.watch_cache:
            pool.watch_cache[ask] = frozenset(_search(index, pool.day, *ask))
        for item in pool.watch_cache[ask]:
            (statements if item.startswith("st:") else articles).add(item)
    unknown = [a for a in articles if a not in pool.story_of]
    if unknown:
        found = store.story_ids_of(unknown)
        pool.story_of.update({a: found.get(a, a) for a in unknown})  # unassigned yet: its own story
    return _Matched(frozenset(articles), frozenset(pool.story_of[a] for a in articles),
                    frozenset(s[3:] for s in statements))


def _search(index: Index, day: date, kind: str, value: str) -> set[str]:
    """Article ids (and `st:` statement ids for keywords) a watched name or keyword finds that day."""
    query = SearchQuery(text=value if kind == "keyword" else "", entity_ids=(value,) if kind == "entity" else (),
                        date_from=day, date_to=day, sort="date", limit=500)
    found: set[str] = set()
    after: tuple[object, ...] | None = None
    while len(found) < WATCH_HITS:
        result = index.search(query if after is None else _after(query, after))
        found.update(hit.id for hit in result.hits)
        if not result.hits or result.next_after is None:
            break
        after = result.next_after
    if kind == "keyword":
        said = index.statements(StatementQuery(text=value, date_from=day, date_to=day, limit=500))
        found.update("st:" + h.id for h in said.hits)
    return found


def _after(query: SearchQuery, after: tuple[object, ...]) -> SearchQuery:
    return replace(query, after=after)


def _speakers(pool: DayPool, directory: EntityDirectory | None, language: str, watch: Watch | None,
              matched: _Matched | None, names: dict[str, str], exclude: frozenset[str]) -> list[SpeakerStatements]:
    grouped: dict[str, list[DayStatement]] = {}
    for st in pool.statements:
        kind = speaker_kind(st.speaker_id, directory)
        if kind is None or item_key("st", st.id) in exclude:
            continue
        if matched is not None and watch is not None and not (
                st.speaker_id in watch.entity_ids or st.id in matched.statements
                or st.article_id in matched.articles):
            continue
        grouped.setdefault(st.speaker_id, []).append(st)
    watched = set(watch.entity_ids) if watch else set()
    order = sorted(grouped, key=lambda sid: (sid not in watched, -len(grouped[sid]),
                                             -sum(st.outlets for st in grouped[sid]), sid))
    out = []
    for sid in order[:SPEAKER_LIMIT]:
        said = sorted(grouped[sid], key=lambda st: (-st.outlets, st.published.timestamp() if st.published else 0.0,
                                                   st.id))
        name, post = _name_and_post(directory, sid, language, pool.day, said[0])
        names[sid] = name
        out.append(SpeakerStatements(sid, name, speaker_kind(sid, directory) or "", post,
                                     tuple(said[:STATEMENTS_PER_SPEAKER]), sid in watched))
    return out


def _name_and_post(directory: EntityDirectory | None, entity_id: str, language: str, day: date,
                   example: DayStatement) -> tuple[str, str]:
    info = directory.get(entity_id) if directory is not None else None
    if info is None:
        return example.speaker_surface, example.speaker_post
    post = next((p.title_in(language) for p in info.posts_during(day, day)), example.speaker_post)
    return info.name(language), post


def _rising(pool: DayPool, directory: EntityDirectory | None, language: str, watch: Watch | None,
            names: dict[str, str], exclude: frozenset[str]) -> list[Spike]:
    watched = set(watch.entity_ids) if watch else set()
    fresh = [s for s in pool.spikes if item_key("spike", s.entity_id, s.day.isoformat()) not in exclude]
    spikes = sorted(fresh, key=lambda s: (s.entity_id not in watched, -s.score, s.entity_id))[:RISING_LIMIT]
    for s in spikes:
        info = directory.get(s.entity_id) if directory is not None else None
        names[s.entity_id] = info.name(language) if info is not None else s.label
    return spikes


def _urls(store: Store, article_ids: list[str]) -> dict[str, str]:
    out: dict[str, str] = {}
    for i in range(0, len(article_ids), 500):
        chunk = article_ids[i:i + 500]
        rows = store.conn.execute(
            f"SELECT id, COALESCE(final_url, url) FROM articles WHERE id IN ({','.join('?' * len(chunk))})", chunk)
        out.update((r[0], r[1]) for r in rows)
    return out


def as_dict(content: DigestContent) -> dict[str, Any]:
    """JSON-ready form (for `kabarchy digest --json`, webhooks and the API)."""
    def plain(value: Any) -> Any:
        if isinstance(value, (date, datetime)):
            return value.isoformat()
        if isinstance(value, dict):
            return {k: plain(v) for k, v in value.items()}
        if isinstance(value, (list, tuple)):
            return [plain(v) for v in value]
        return value

    return plain(asdict(content))
