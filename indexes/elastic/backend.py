"""The Elasticsearch index backend: the `Index` contract over two versioned indexes.

Articles and statements each live in `{prefix}-{kind}-v{N}` behind the alias `{prefix}-{kind}`;
reads and writes use the aliases. `rebuild()` fills version N+1 beside the live one and moves
both aliases in one `update_aliases` call, so a search sees either the old pair or the new
one; the old indexes are deleted after the swap (a read that raced the deletion is retried
once, on the new version). Hits, snippets and buckets are shaped exactly as the SQLite
backend's; only scores differ (BM25 statistics are computed differently).
"""

from __future__ import annotations

import dataclasses
import logging
import re
import zlib
from collections.abc import Callable, Iterable, Sequence
from contextlib import AbstractContextManager
from datetime import date, datetime
from typing import Any
from urllib.parse import urlsplit, urlunsplit

from elasticsearch import ApiError, Elasticsearch

from indexes.base import (
    ArticleDocument,
    CoMention,
    DocumentBatch,
    EntityCountsQuery,
    EntityDayCounts,
    Hit,
    IndexError_,
    IndexStats,
    IndexUnavailable,
    SearchQuery,
    SearchResult,
    StatementDocument,
    StatementHit,
    StatementQuery,
    StatementResult,
    StoryCount,
    TimelineBucket,
    TimelineQuery,
)
from indexes.dates import BucketCounts, fill_timeline
from indexes.ids import entity_type_of
from indexes.documents import searchable_body
from indexes.elastic import aggregations as aggs, stories, timelines
from indexes.elastic.client import ElasticOptions, IndexMoved, answering, check_answer, make_client
from indexes.elastic.day_aggregates import DAY_PROPERTIES, NEEDS_REINDEX, STATE_ID, DayDeltas, state_note
from indexes.elastic.mappings import ARTICLE_PROPERTIES, STATEMENT_PROPERTIES, index_body
from indexes.elastic.queries import (
    ARTICLE_FIELDS,
    STATEMENT_FIELDS,
    article_filters,
    date_range,
    sort_keys,
    statement_filters,
    text_query,
)
from indexes.elastic.writes import BulkWriter, Targets
from indexes.highlight import mark_all, snippet
from indexes.query import ParsedQuery, check_facets, parse_query

KINDS = {"articles": ARTICLE_PROPERTIES, "statements": STATEMENT_PROPERTIES, "days": DAY_PROPERTIES}
# In the articles index's mapping `_meta`: its per-day documents were kept from its first write.
AGGREGATED_META = {"day_aggregates": 1}
HIT_FIELDS = ["url", "title", "lead", "text", "language", "source", "published", "cluster_id", "versions"]
STATEMENT_HIT_FIELDS = ["article_id", "speaker_id", "speaker_surface", "speaker_post", "text", "kind",
                        "published", "language"]
IDS_PAGE = 5000
_PREFIX_RE = re.compile(r"^[a-z0-9][a-z0-9_.-]*$")
Json = dict[str, Any]
log = logging.getLogger("kabarchy.index")


def _without_credentials(url: str) -> str:
    parts = urlsplit(url)
    return urlunsplit(parts._replace(netloc=parts.netloc.rpartition("@")[2]))


def _moment(raw: str | None) -> datetime | None:
    return datetime.fromisoformat(raw) if raw else None


class ElasticIndex:
    """The `Index` contract over Elasticsearch. Construction does no I/O; `open()` connects."""

    name = "elasticsearch"

    def __init__(self, options: ElasticOptions) -> None:
        if not _PREFIX_RE.match(options.index_prefix):
            raise IndexUnavailable(f"elasticsearch.index_prefix {options.index_prefix!r} is not a valid index "
                                   "name start (lower-case letters, digits, '-', '_', '.')")
        self.options = options
        self.aliases = {kind: f"{options.index_prefix}-{kind}" for kind in KINDS}
        self._version_re = re.compile(rf"^{re.escape(options.index_prefix)}-({'|'.join(KINDS)})-v(\d+)$")
        self.where = _without_credentials(options.url)  # what messages may show
        self._client: Elasticsearch | None = None
        self._aggregated = False  # the live articles index was built with its per-day documents

    # ------------------------------------------------------------ connection
    def open(self) -> None:
        self.close()
        client = make_client(self.options)
        try:
            with self._answering("opening the index"):
                client.cluster.health()
                self._client = client
                self._ensure_live()
            if not self._aggregated:
                log.warning(NEEDS_REINDEX)
        except BaseException:
            self._client = None
            client.close()
            raise

    def close(self) -> None:
        if self._client is not None:
            self._client.close()
        self._client = None

    def _answering(self, doing: str, *, user_query: bool = False) -> AbstractContextManager[None]:
        return answering(self.where, doing, user_query=user_query)

    @property
    def _es(self) -> Elasticsearch:
        if self._client is None:
            raise IndexUnavailable("the Elasticsearch index is not open (call open() first)")
        return self._client

    def _targets(self, names: dict[str, str], *, aggregated: bool) -> Targets:
        return Targets(names["articles"], names["statements"], names["days"] if aggregated else None)

    def _writer(self) -> BulkWriter:
        return BulkWriter(self._es, chunk_docs=self.options.bulk_chunk_docs, retries=self.options.bulk_retries,
                          concurrency=self.options.bulk_concurrency)

    # --------------------------------------------------------------- versions
    def _versions(self) -> dict[str, list[str]]:
        """Every versioned index of ours by kind, oldest first (also ones no alias points to)."""
        found = self._es.indices.get_alias(index=f"{self.options.index_prefix}-*-v*", allow_no_indices=True)
        out: dict[str, list[tuple[int, str]]] = {kind: [] for kind in KINDS}
        for name in found:
            if m := self._version_re.match(name):
                out[m.group(1)].append((int(m.group(2)), name))
        return {kind: [name for _, name in sorted(pairs)] for kind, pairs in out.items()}

    def _next_version(self) -> int:
        numbers = [int(m.group(2)) for names in self._versions().values() for n in names
                   if (m := self._version_re.match(n))]
        return max(numbers, default=0) + 1

    def _create(self, kind: str, version: int, *, live: bool, **settings: Any) -> str:
        """Create one versioned index; a fresh articles index is marked as keeping per-day counts
        (its days index is created empty beside it)."""
        name = f"{self.options.index_prefix}-{kind}-v{version}"
        body = index_body(KINDS[kind], self.options.number_of_shards, self.options.number_of_replicas)
        body["settings"].update(settings)
        if kind == "articles":
            body["mappings"]["_meta"] = AGGREGATED_META
        if live:
            body["aliases"] = {self.aliases[kind]: {}}
        self._es.indices.create(index=name, **body)
        return name

    def _ensure_live(self) -> None:
        """Create the first version of whatever kind has no alias yet; give a live index written
        by an older build the fields added since (mappings only grow, so this is safe to repeat)."""
        missing = [k for k in KINDS if not self._es.indices.exists_alias(name=self.aliases[k])]
        for kind in KINDS:
            if kind not in missing:
                self._es.indices.put_mapping(index=self.aliases[kind], properties=KINDS[kind])
        if missing:
            version = self._next_version()
            for kind in missing:
                try:
                    self._create(kind, version, live=True)
                except ApiError as exc:
                    if "resource_already_exists" not in str(exc):  # another process made it first
                        raise
        self._aggregated = self._reads_aggregated(missing)

    def _reads_aggregated(self, created: list[str]) -> bool:
        """Per-day counts are trusted when the live articles index was made with them (marked in
        its `_meta`) and came with its days index; an older index still answers, from articles."""
        if "articles" in created:
            return "days" in created
        if "days" in created:
            return False  # articles written before the days index existed are not counted in it
        found = self._es.indices.get_mapping(index=self.aliases["articles"])
        return all(m["mappings"].get("_meta", {}).get("day_aggregates") == 1 for m in found.values())

    def _live_indices(self) -> dict[str, list[str]]:
        found = self._es.indices.get_alias(name=list(self.aliases.values()), allow_no_indices=True,
                                           ignore_unavailable=True)
        return {kind: [name for name, info in found.items() if alias in info.get("aliases", {})]
                for kind, alias in self.aliases.items()}

    # ----------------------------------------------------------------- writes
    def index(self, articles: Sequence[ArticleDocument], statements: Sequence[StatementDocument]) -> list[str]:
        with self._answering("writing articles"):
            return self._writer().upsert(self._targets(self.aliases, aggregated=self._aggregated), articles,
                                         statements)

    def delete(self, article_ids: Sequence[str]) -> list[str]:
        with self._answering("deleting articles"):
            return self._writer().delete(self._targets(self.aliases, aggregated=self._aggregated), article_ids)

    def refresh(self) -> None:
        with self._answering("refreshing the index"):
            self._es.indices.refresh(index=list(self.aliases.values()))

    def rebuild(self, batches: Iterable[DocumentBatch]) -> int:
        with self._answering("rebuilding the index"):
            version = self._next_version()
            fresh: dict[str, str] = {}
            try:
                for kind in KINDS:  # no refreshes while filling: nobody searches it yet
                    fresh[kind] = self._create(kind, version, live=False, refresh_interval="-1")
                count = self._fill(fresh, batches)
                self._es.indices.put_settings(index=list(fresh.values()), settings={"refresh_interval": None})
                self._es.indices.refresh(index=list(fresh.values()))
                self._swap(fresh)
                self._aggregated = True
            except BaseException:
                if fresh:
                    self._es.indices.delete(index=list(fresh.values()), ignore_unavailable=True)
                raise
            stale = [n for names in self._versions().values() for n in names if n not in fresh.values()]
            if stale:
                self._es.indices.delete(index=stale, ignore_unavailable=True)
            return count

    def _fill(self, fresh: dict[str, str], batches: Iterable[DocumentBatch]) -> int:
        writer, count, deltas = self._writer(), 0, DayDeltas()
        for articles, statements in batches:
            acked = writer.upsert(self._targets(fresh, aggregated=True), articles, statements, collect=deltas)
            if len(acked) < len(articles):
                refused = sorted({a.id for a in articles} - set(acked))
                raise IndexError_(f"the rebuild stopped: Elasticsearch refused {len(refused)} articles "
                                  f"(first: {refused[0]}); the live index is unchanged")
            count += len(acked)
        # summed over the whole rebuild, each per-day document is written once
        if not writer.apply(fresh["days"], deltas, empty=True):
            raise IndexError_("the rebuild stopped: Elasticsearch refused per-day counts; the live index is unchanged")
        return count

    def _swap(self, fresh: dict[str, str]) -> None:
        """Point both aliases at the fresh indexes in one atomic `update_aliases` call."""
        live = self._live_indices()
        actions: list[Json] = []
        for kind, alias in self.aliases.items():
            actions += [{"remove": {"index": old, "alias": alias}} for old in live[kind]]
            actions.append({"add": {"index": fresh[kind], "alias": alias}})
        self._es.indices.update_aliases(actions=actions)

    def drop(self) -> None:
        with self._answering("dropping the index"):
            names = [n for names in self._versions().values() for n in names]
            if names:
                self._es.indices.delete(index=names, ignore_unavailable=True)

    # ------------------------------------------------------------------ reads
    def _read(self, doing: str, call: Callable[[Elasticsearch], Any], *, user_query: bool = False) -> Json:
        """Run a read; once more if the index moved under it (a rebuild swapped and deleted it)."""
        try:
            return self._read_once(doing, call, user_query)
        except IndexMoved:
            return self._read_once(doing, call, user_query)

    def _read_once(self, doing: str, call: Callable[[Elasticsearch], Any], user_query: bool) -> Json:
        with self._answering(doing, user_query=user_query):
            resp = call(self._es).body
        check_answer(self.where, doing, resp, user_query=user_query)
        return resp

    def search(self, query: SearchQuery) -> SearchResult:
        """The page of hits and, when asked, the facets: two searches in one round trip, which
        the server runs side by side; the facets' one (size 0) may come from its request cache."""
        parsed = parse_query(query.text)
        check_facets(query.facet_names)
        ranked = bool(parsed.must) and query.sort == "relevance"
        matching = text_query(parsed, ARTICLE_FIELDS, article_filters(query))
        if query.collapse_stories:
            return self._collapsed(query, parsed, ranked, matching)
        page: Json = {"query": matching, "sort": sort_keys(ranked), "size": query.limit,
                      "track_total_hits": True, "_source": HIT_FIELDS}
        if query.after is not None:
            page["search_after"] = list(query.after)
        else:
            page["from"] = query.offset
        # The same shard copies for every page of one question: replicas may score a little
        # differently, and the pages of a cursor must not overlap or skip.
        header = {"index": self.aliases["articles"], "preference": f"q{zlib.crc32(query.text.encode())}"}
        searches = [header, page]
        if query.facets:
            searches += [header, {"size": 0, "query": matching, "track_total_hits": False,
                                  "aggs": aggs.facet_aggs(query.facet_size, query.facet_names)}]
        found, *faceted = self._read("searching", lambda es: es.msearch(searches=searches),
                                     user_query=True)["responses"]
        raw = found["hits"]["hits"]
        wanted = parsed.highlight_tokens
        hits = tuple(self._hit(h, float(h["_score"]) if ranked else 0.0, wanted) for h in raw)
        next_after = tuple(raw[-1]["sort"]) if raw and len(raw) == query.limit else None
        facets = aggs.read_facets(faceted[0].get("aggregations", {}), query.facet_size) if faceted else None
        return SearchResult(found["hits"]["total"]["value"], hits, facets, next_after)

    def _collapsed(self, query: SearchQuery, parsed: ParsedQuery, ranked: bool, matching: Json) -> SearchResult:
        """One hit per story (`indexes.elastic.stories`); totals and facets count articles."""
        first = query.after is None
        page: Json = {"query": matching, "sort": sort_keys(ranked), "size": query.limit if first else 0,
                      "from": query.offset if first else 0, "track_total_hits": True, "_source": HIT_FIELDS}
        if query.facets:
            page["aggs"] = aggs.facet_aggs(query.facet_size, query.facet_names)
        found = self._read("searching", lambda es: es.search(index=self.aliases["articles"], **stories.collapse(page)),
                           user_query=True)
        raw = found["hits"]["hits"] if first else self._heads_after(matching, ranked, list(query.after or ()),
                                                                     query.limit)
        keys = [stories.story_of_hit(h) for h in raw]
        counts = stories.read_counts(self._read("counting stories", lambda es: es.search(
            index=self.aliases["articles"], **stories.counts_request(matching, keys)))) if keys else {}
        wanted = parsed.highlight_tokens
        hits = tuple(
            dataclasses.replace(self._hit(h, float(h["_score"]) if ranked else 0.0, wanted),
                                story_articles=counts.get(key, (1, 1))[0], story_outlets=counts.get(key, (1, 1))[1])
            for h, key in zip(raw, keys, strict=True))
        facets = aggs.read_facets(found["aggregations"], query.facet_size) if query.facets else None
        next_after = tuple(raw[-1]["sort"]) if raw and len(raw) == query.limit else None
        return SearchResult(found["hits"]["total"]["value"], hits, facets, next_after,
                            total_stories=stories.total_stories(found))

    def _heads_after(self, matching: Json, ranked: bool, after: list[Any], limit: int) -> list[Json]:
        """The next `limit` story heads after the head `after` (see `indexes.elastic.stories`)."""
        sort, heads, decided = sort_keys(ranked), [], set()
        batch = max(100, 4 * limit)
        while len(heads) < limit:
            walked = self._read("searching", lambda es: es.search(
                index=self.aliases["articles"], **stories.walk_request(matching, sort, after, batch)),
                user_query=True)["hits"]["hits"]
            met = []  # each story's first hit after the cursor, in order
            for h in walked:
                if (story := stories.story_of_hit(h)) not in decided:
                    decided.add(story)
                    met.append((story, h["_id"]))
            if met:
                best = {stories.story_of_hit(h): h for h in self._read("searching", lambda es: es.search(
                    index=self.aliases["articles"],
                    **stories.heads_request(matching, sort, [k for k, _ in met], HIT_FIELDS)))["hits"]["hits"]}
                heads += [best[k] for k, first_id in met if k in best and best[k]["_id"] == first_id]
            if len(walked) < batch:
                break
            after = walked[-1]["sort"]
        return heads[:limit]

    @staticmethod
    def _hit(h: Json, score: float, wanted: frozenset[str]) -> Hit:
        s = h["_source"]
        lang = s["language"]
        return Hit(
            id=h["_id"], url=s["url"], title=s["title"], published=_moment(s.get("published")),
            source=s["source"], language=lang, score=score,
            snippet=snippet(searchable_body(s["lead"], s["text"]), lang, wanted),
            title_html=mark_all(s["title"], lang, wanted), story_id=s.get("cluster_id"),
            versions=int(s.get("versions") or 1),
        )

    def statements(self, query: StatementQuery) -> StatementResult:
        parsed = parse_query(query.text)
        body: Json = {
            "query": text_query(parsed, STATEMENT_FIELDS, statement_filters(query)),
            "sort": sort_keys(bool(parsed.must)), "size": query.limit,
            "track_total_hits": True, "source": STATEMENT_HIT_FIELDS,
        }
        if query.after is not None:
            body["search_after"] = list(query.after)
        else:
            body["from_"] = query.offset
        resp = self._read("searching statements",
                          lambda es: es.search(index=self.aliases["statements"], **body), user_query=True)
        wanted = parsed.highlight_tokens
        raw = resp["hits"]["hits"]
        return StatementResult(resp["hits"]["total"]["value"], tuple(self._statement_hit(h, wanted) for h in raw),
                               tuple(raw[-1]["sort"]) if raw and len(raw) == query.limit else None)

    @staticmethod
    def _statement_hit(h: Json, wanted: frozenset[str]) -> StatementHit:
        s = h["_source"]
        return StatementHit(
            id=h["_id"], article_id=s["article_id"], speaker_id=s.get("speaker_id"),
            speaker_surface=s["speaker_surface"], speaker_post=s["speaker_post"], text=s["text"],
            kind=s["kind"], published=_moment(s.get("published")),
            snippet=snippet(s["text"], s["language"], wanted, max_chars=400),
        )

    def aggregates_state(self) -> str:
        """"ready" when the per-day documents can answer; else why not (they are then not read)."""
        if not self._aggregated:
            return NEEDS_REINDEX
        with self._answering("reading the per-day counts' state"):
            found = self._es.options(ignore_status=404).get(index=self.aliases["days"], id=STATE_ID, realtime=True)
        return state_note(found.body.get("_source", {}) if found.body.get("found") else {})

    def _search(self, kind: str) -> timelines.Search:
        return lambda doing, body: self._read(doing, lambda es: es.search(index=self.aliases[kind], **body))

    def timeline(self, query: TimelineQuery) -> list[TimelineBucket]:
        """From the per-day documents when they can answer (one search; a second for distinct
        stories and outlets per week or month), else three histograms over the articles in one
        round trip (each its own size-0 search, so the request cache keeps the totals)."""
        counts: BucketCounts = {}
        if timelines.answerable_from_days(query) and self.aggregates_state() == "ready":
            timelines.add_days(counts, self._search("days")("building a timeline", timelines.days_search(query)))
            if query.distinct and query.interval != "day":
                timelines.add_unions(counts, self._search("days"), query)
        else:
            body, slots = timelines.article_searches(self.aliases, query)
            answers = self._read("building a timeline", lambda es: es.msearch(searches=body))["responses"]
            for answer, slot in zip(answers, slots):
                aggs.add_timeline(counts, answer["aggregations"], slot)
        return fill_timeline(counts, query.interval, query.date_from, query.date_to, grouped=bool(query.group_by))

    def entity_counts(self, query: EntityCountsQuery) -> list[EntityDayCounts]:
        if query.entity_ids and query.entity_types and not any(
                entity_type_of(i) in query.entity_types for i in query.entity_ids):
            return []  # an empty `include` would mean every entity to Elasticsearch
        if self.aggregates_state() == "ready":
            answer = self._search("days")("counting entities per day", timelines.entity_days_search(query))
            return timelines.read_entity_days(answer, query.min_mentions)
        answer = self._search("articles")("counting entities per day", timelines.entity_articles_search(query))
        return aggs.read_entity_counts(answer["aggregations"])

    def entity_stories(self, entity_id: str, date_from: date, date_to: date, limit: int = 5) -> list[StoryCount]:
        where = [{"term": {"entity_ids": entity_id}}, *date_range(date_from, date_to)]
        resp = self._read("finding an entity's stories", lambda es: es.search(
            index=self.aliases["articles"], size=0, query={"bool": {"filter": where}},
            aggs=aggs.entity_story_aggs(limit)))
        return aggs.read_entity_stories(resp["aggregations"])

    def co_mentions(self, entity_id: str, limit: int = 10) -> list[CoMention]:
        resp = self._read("counting co-mentions", lambda es: es.search(
            index=self.aliases["articles"], size=0, query={"term": {"entity_ids": entity_id}},
            aggs=aggs.co_mention_aggs(entity_id, limit)))
        return aggs.read_co_mentions(resp["aggregations"])

    def ids(self) -> set[str]:
        out: set[str] = set()
        after: list[Any] | None = None
        while True:
            page: Json = {"size": IDS_PAGE, "sort": [{"id": "asc"}], "source": False, "track_total_hits": False}
            if after is not None:
                page["search_after"] = after
            hits = self._read("listing ids", lambda es: es.search(index=self.aliases["articles"], **page))["hits"]["hits"]
            out.update(h["_id"] for h in hits)
            if len(hits) < IDS_PAGE:
                return out
            after = hits[-1]["sort"]

    def stats(self) -> IndexStats:
        counts = {kind: self._read("counting", lambda es, alias=alias: es.count(index=alias))["count"]
                  for kind, alias in self.aliases.items()}
        with self._answering("reading index names"):
            live = self._live_indices()
        return IndexStats(counts["articles"], counts["statements"], self.name,
                          {"url": self.where, **{f"{k}_index": ",".join(v) for k, v in live.items()},
                           "day_aggregates": self.aggregates_state()})
