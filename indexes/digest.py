"""What a day's digest holds: one function, shared by the email, the web page and the command line.

`select_digest` answers for one Bishkek calendar day and one reader (language, optional watch):
the top stories ranked by distinct outlets (official sources weighted up), statements of the
day by registry officials, bodies and parties grouped by speaker, entities on the rise, and the
sources that failed or went silent. The parts every reader shares are computed once per day in
a `DayPool`; passing one pool to many calls makes each extra subscriber cost only its watch.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from indexes.base import Index, SearchQuery, StatementQuery
from indexes.digest_day import (
    DayStatement,
    SourceHealth,
    day_sources,
    day_statements,
    entity_articles,
    source_health,
    speaker_kind,
)
from indexes.changes import Change, ChangesQuery, recent_changes
from indexes.spikes import Spike, spikes_on
from indexes.stories import StorySummary, story_detail, top_stories

if TYPE_CHECKING:
    from indexes.entities import EntityDirectory
    from pipeline.store import Store

SECTIONS: tuple[str, ...] = ("stories", "statements", "rising", "sources")  # what a digest holds by default
OPTIONAL_SECTIONS: tuple[str, ...] = ("changes",)  # asked for by name: articles edited or removed that day
KNOWN_SECTIONS: tuple[str, ...] = SECTIONS + OPTIONAL_SECTIONS
CHANGES_LIMIT = 20
OFFICIAL_WEIGHT = 2.0  # an official source counts as two outlets: the state saying it is news
STORY_POOL = 20_000  # stories of a day considered: all of them on any real day (a watch may want the tail)
RISING_LIMIT = 8
SPEAKER_LIMIT = 12
STATEMENTS_PER_SPEAKER = 4
KEYWORD_HITS = 50  # a keyword selects the day's stories it matches best, up to this many


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
    url: str  # the article to read: the first in the headline's language, else the first publisher's
    url_source_name: str
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
    changes: tuple[Change, ...] = ()  # edited or removed after publication that day (optional section)

    @property
    def empty(self) -> bool:
        """Nothing a reader asked for: no story, no statement, nothing on the rise."""
        return not (self.stories or self.statements_by_speaker or self.rising)


@dataclass
class DayPool:
    """The parts of a day every reader shares, computed once (see `day_pool`)."""

    day: date
    stories: list[StorySummary]
    ranked: list[tuple[float, StorySummary]]  # digest order (see `_rank`)
    statements: list[DayStatement]
    speakers: list[tuple[str, str, list[DayStatement]]]  # (speaker id, type, statements), see `_by_speaker`
    spikes: list[Spike]
    health: list[SourceHealth]
    sources: dict[str, tuple[str, str]]  # id -> (name, kind)
    first_urls: dict[str, str]
    total_articles: int
    watch_cache: dict[tuple[str, str], frozenset[str]] = field(default_factory=dict)
    story_of: dict[str, str] = field(default_factory=dict)  # article id -> story id
    members: dict[str, list[tuple[str, str, str]]] = field(default_factory=dict)  # story -> (lang, url, source)
    changes: list[Change] = field(default_factory=list)


def day_pool(index: Index, store: Store, directory: EntityDirectory | None, day: date) -> DayPool:
    """Read the day once: stories, statements, spikes, source health."""
    stories = top_stories(store, day, day, limit=STORY_POOL)
    sources = day_sources(store)
    statements = day_statements(index, store, day)
    spikes = spikes_on(index, day, directory=directory, limit=RISING_LIMIT * 3)
    health, total = source_health(store, day)
    first_urls = _urls(store, [s.first_article_id for s in stories])
    changes = recent_changes(store, ChangesQuery(date_from=day, date_to=day, limit=CHANGES_LIMIT))
    return DayPool(day, stories, _rank(stories, sources), statements, _by_speaker(statements, directory), spikes,
                   health, sources, first_urls, total, changes=changes)


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
    stories = _stories(store, pool, language, matched, max_stories, exclude)
    speakers = _speakers(pool, directory, language, watch, matched, names, exclude)
    rising = _rising(pool, directory, language, watch, names, exclude)
    for entity_id in watch.entity_ids if watch else ():
        info = directory.get(entity_id) if directory is not None else None
        names.setdefault(entity_id, info.name(language) if info is not None else entity_id)
    return DigestContent(
        day=day, language=language, stories=tuple(stories), statements_by_speaker=tuple(speakers),
        rising=tuple(rising), source_health=tuple(pool.health), total_articles=pool.total_articles,
        total_sources=len(pool.sources), names=names, watch=watch, changes=_changes(store, pool, watch, exclude))


def _changes(store: Store, pool: DayPool, watch: Watch | None, exclude: frozenset[str]) -> tuple[Change, ...]:
    """The day's edits and removals; with watched entities, those of articles about them."""
    out = []
    for c in pool.changes:
        if item_key("change", c.article_id, c.kind, str(c.version)) in exclude:
            continue
        if watch and watch.entity_ids:
            touched = {a.entity_id for a in c.analysis} | {m.entity_id for m in store.mentions(c.article_id)}
            if not touched & set(watch.entity_ids):
                continue
        out.append(c)
    return tuple(out)


def item_key(kind: str, *parts: str) -> str:
    """A stable key for one digest item: `story:<id>`, `st:<statement id>`, `spike:<entity>:<day>`."""
    return ":".join((kind, *parts))


def _rank(stories: list[StorySummary], sources: dict[str, tuple[str, str]]) -> list[tuple[float, StorySummary]]:
    """The day's stories in digest order: weighted outlets, then articles, then the earliest."""
    def weight(source_id: str) -> float:
        return OFFICIAL_WEIGHT if sources.get(source_id, ("", ""))[1] == "official" else 1.0

    scored = [(sum(weight(o) for o in s.outlets), s) for s in stories]
    scored.sort(key=lambda p: (-p[0], -p[1].articles, p[1].first_seen, p[1].id))
    return scored


def _stories(store: Store, pool: DayPool, language: str, matched: _Matched | None, limit: int,
             exclude: frozenset[str]) -> list[DigestStory]:
    picked: list[DigestStory] = []
    for score, s in pool.ranked:
        if len(picked) >= limit:
            break
        if (matched is not None and s.id not in matched.stories) or item_key("story", s.id) in exclude:
            continue
        headline = s.headline(language)
        headline_language = language if s.headlines.get(language) else next(
            (lang for lang, title in s.headlines.items() if title == headline), "")
        url, reader_source = _reading(store, pool, s, headline_language)
        outlets = sorted(s.outlets, key=lambda o: (o != s.first_publisher, o))
        picked.append(DigestStory(
            id=s.id, headline=headline, headline_language=headline_language, url=url,
            url_source_name=pool.sources.get(reader_source, (reader_source, ""))[0],
            first_publisher=s.first_publisher,
            first_publisher_name=pool.sources.get(s.first_publisher, (s.first_publisher, ""))[0],
            first_seen=s.first_seen, outlets=tuple((o, pool.sources.get(o, (o, ""))[0]) for o in outlets),
            official_outlets=sum(1 for o in s.outlets if pool.sources.get(o, ("", ""))[1] == "official"),
            articles=s.articles, languages=tuple(s.languages), score=score))
    return picked


def _reading(store: Store, pool: DayPool, story: StorySummary, language: str) -> tuple[str, str]:
    """(URL, source) of the article a reader should open: the first one in the headline's language
    (the reader's, when the story has it), else the first publisher's."""
    if len(story.headlines) > 1 and language:  # both languages told it: find the reader's telling
        if story.id not in pool.members:
            detail = story_detail(store, story.id)
            pool.members[story.id] = [(m.language, m.url, m.source) for m in detail[1]] if detail else []
        for lang, url, source in pool.members[story.id]:
            if lang == language:
                return url, source
    return pool.first_urls.get(story.first_article_id, ""), story.first_publisher


@dataclass(frozen=True)
class _Matched:
    articles: frozenset[str]
    stories: frozenset[str]
    statements: frozenset[str]


def _watched_articles(index: Index, store: Store, pool: DayPool, watch: Watch) -> _Matched:
    """Articles, stories and statements of the day that a watch selects (one search per name/keyword,
    each answered once per day and shared by every reader who watches it)."""
    items: set[str] = set()
    for ask in [("entity", e) for e in watch.entity_ids] + [("keyword", k) for k in watch.keywords]:
        if ask not in pool.watch_cache:
            pool.watch_cache[ask] = frozenset(_search(index, store, pool.day, *ask))
        items |= pool.watch_cache[ask]
    articles = {i[2:] for i in items if i.startswith("a:")}
    unknown = [a for a in articles if a not in pool.story_of]
    if unknown:
        found = store.story_ids_of(unknown)
        pool.story_of.update({a: found.get(a, a) for a in unknown})  # unassigned yet: its own story
    stories = {pool.story_of[a] for a in articles} | {i[6:] for i in items if i.startswith("story:")}
    return _Matched(frozenset(articles), frozenset(stories), frozenset(i[3:] for i in items if i.startswith("st:")))


def _search(index: Index, store: Store, day: date, kind: str, value: str) -> set[str]:
    """What a watched entity or keyword selects that day: `a:` articles, `story:` stories, `st:` statements.

    An entity is looked up in the store's mention table (exact, every article, no snippets to
    build). A keyword goes through the index, which alone understands the search syntax: the
    stories of the day it matches best (one hit per story), up to `KEYWORD_HITS` of them, and
    the statements it matches.
    """
    if kind == "entity":
        return {"a:" + a for a in entity_articles(store, day, value)}
    hits = index.search(SearchQuery(text=value, date_from=day, date_to=day, collapse_stories=True,
                                    limit=KEYWORD_HITS)).hits
    said = index.statements(StatementQuery(text=value, date_from=day, date_to=day, limit=KEYWORD_HITS))
    return ({"story:" + (h.story_id or h.id) for h in hits} | {"a:" + h.id for h in hits}
            | {"st:" + h.id for h in said.hits})


def _speakers(pool: DayPool, directory: EntityDirectory | None, language: str, watch: Watch | None,
              matched: _Matched | None, names: dict[str, str], exclude: frozenset[str]) -> list[SpeakerStatements]:
    watched = set(watch.entity_ids) if watch else set()
    grouped: list[tuple[str, str, list[DayStatement]]] = []
    for sid, kind, said in pool.speakers:  # registry speakers only, busiest first
        if matched is not None and watch is not None and sid not in watched:
            said = [st for st in said if st.id in matched.statements or st.article_id in matched.articles]
        if exclude:
            said = [st for st in said if item_key("st", st.id) not in exclude]
        if said:
            grouped.append((sid, kind, said))
    grouped.sort(key=lambda g: (g[0] not in watched, -len(g[2]), -sum(st.outlets for st in g[2]), g[0]))
    out = []
    for sid, kind, said in grouped[:SPEAKER_LIMIT]:
        said = sorted(said, key=lambda st: (st.language != language, -st.outlets,
                                            st.published.timestamp() if st.published else 0.0, st.id))
        name, post = _name_and_post(directory, sid, language, pool.day, said[0])
        names[sid] = name
        out.append(SpeakerStatements(sid, name, kind, post, tuple(said[:STATEMENTS_PER_SPEAKER]), sid in watched))
    return out


def _by_speaker(statements: list[DayStatement],
                directory: EntityDirectory | None) -> list[tuple[str, str, list[DayStatement]]]:
    """The day's statements by registry person, body or party (everyone else left out), busiest first."""
    grouped: dict[str, list[DayStatement]] = {}
    kinds: dict[str, str] = {}
    for st in statements:
        kind = kinds.get(st.speaker_id) or speaker_kind(st.speaker_id, directory)
        if kind is None:
            continue
        kinds[st.speaker_id] = kind
        grouped.setdefault(st.speaker_id, []).append(st)
    return sorted(((sid, kinds[sid], said) for sid, said in grouped.items()),
                  key=lambda g: (-len(g[2]), -sum(st.outlets for st in g[2]), g[0]))


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
