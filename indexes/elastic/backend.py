"""The Elasticsearch index backend: the `Index` contract over two versioned indexes.

Articles and statements each live in `{prefix}-{kind}-v{N}` behind the alias `{prefix}-{kind}`;
reads and writes use the aliases. `rebuild()` fills version N+1 beside the live one and moves
both aliases in one `update_aliases` call, so a search sees either the old pair or the new
one; the old indexes are deleted after the swap (a read that raced the deletion is retried
once, on the new version). Hits, snippets and buckets are shaped exactly as the SQLite
backend's; only scores differ (BM25 statistics are computed differently).
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Iterable, Sequence
from contextlib import AbstractContextManager
from typing import Any
from urllib.parse import urlsplit, urlunsplit

from elasticsearch import ApiError, Elasticsearch

from indexes.base import (
    ArticleDocument,
    DocumentBatch,
    IndexError_,
    IndexStats,
    IndexUnavailable,
    StatementDocument,
)
from indexes.elastic.client import ElasticOptions, IndexMoved, answering, check_answer, make_client
from indexes.elastic.counts import CountReads
from indexes.elastic.day_aggregates import DAY_PROPERTIES, NEEDS_REINDEX, STATE_ID, DayDeltas, state_note
from indexes.elastic.mappings import ARTICLE_PROPERTIES, STATEMENT_PROPERTIES, index_body
from indexes.elastic.search import SearchReads
from indexes.elastic.writes import BulkWriter, Targets

KINDS = {"articles": ARTICLE_PROPERTIES, "statements": STATEMENT_PROPERTIES, "days": DAY_PROPERTIES}
# In the articles index's mapping `_meta`: its per-day documents were kept from its first write.
AGGREGATED_META = {"day_aggregates": 1}
IDS_PAGE = 5000
_PREFIX_RE = re.compile(r"^[a-z0-9][a-z0-9_.-]*$")
Json = dict[str, Any]
log = logging.getLogger("kabarchy.index")


def _without_credentials(url: str) -> str:
    parts = urlsplit(url)
    return urlunsplit(parts._replace(netloc=parts.netloc.rpartition("@")[2]))


class ElasticIndex(SearchReads, CountReads):
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

    def aggregates_state(self) -> str:
        """"ready" when the per-day documents can answer; else why not (they are then not read)."""
        if not self._aggregated:
            return NEEDS_REINDEX
        with self._answering("reading the per-day counts' state"):
            found = self._es.options(ignore_status=404).get(index=self.aliases["days"], id=STATE_ID, realtime=True)
        return state_note(found.body.get("_source", {}) if found.body.get("found") else {})

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
