"""Bulk writes: upserts and deletions of articles with their statements and per-day counts.

Document `_id`s are article ids and statement ids, so re-sending anything (after a timeout, a
crash mid-bulk, an outage) overwrites instead of duplicating. An article is acknowledged only
when every item that belongs to it succeeded: its own document, its statements, and the
deletion of statements it no longer has. Items the server refuses as too busy (HTTP 429) are
retried with backoff; any other refused item leaves its article unacknowledged for the outbox.

With a days index (`indexes.elastic.day_aggregates`), every article document whose write (or
deletion) succeeded moves the per-day counts from its previous version to its new one.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any

from elasticsearch import Elasticsearch, NotFoundError, helpers

from indexes.base import ArticleDocument, StatementDocument
from indexes.elastic.day_aggregates import (
    STATE_ID,
    DayDeltas,
    actions as day_actions,
    counted_from_document,
    counted_from_source,
    said_days,
    state_action,
)
from indexes.elastic.mappings import article_source, statement_source

MGET_CHUNK = 1000
HELD_FIELDS = ["statement_ids", "published", "source", "story", "entity_ids", "said_days"]
Json = dict[str, Any]


@dataclass(frozen=True)
class Targets:
    """The indexes (or aliases) one write goes to; `days` None: no per-day counts to keep."""

    articles: str
    statements: str
    days: str | None = None


def held_documents(client: Elasticsearch, index: str, article_ids: Sequence[str]) -> dict[str, Json]:
    """What each article's indexed document says now (realtime: unrefreshed writes count)."""
    held: dict[str, Json] = {}
    for i in range(0, len(article_ids), MGET_CHUNK):
        resp = client.mget(index=index, ids=list(article_ids[i:i + MGET_CHUNK]), source=HELD_FIELDS,
                           realtime=True)
        for doc in resp["docs"]:
            if doc.get("found"):
                held[doc["_id"]] = doc["_source"]
    return held


def _statement_ids(held: Json | None) -> list[str]:
    return list((held or {}).get("statement_ids") or ())


class BulkWriter:
    """Sends bulk actions and tells which articles had all their items succeed."""

    def __init__(self, client: Elasticsearch, *, chunk_docs: int, retries: int, concurrency: int) -> None:
        self.client, self.chunk_docs, self.retries, self.concurrency = client, chunk_docs, retries, concurrency

    def _chunk_failures(self, chunk: list[Json]) -> set[str]:
        failed: set[str] = set()
        for ok, item in helpers.streaming_bulk(
                self.client, chunk, chunk_size=len(chunk), max_chunk_bytes=20_000_000,
                raise_on_error=False, raise_on_exception=True, max_retries=self.retries,
                initial_backoff=0.5, max_backoff=10):
            op, result = next(iter(item.items()))
            if not ok and not (op == "delete" and result.get("result") == "not_found"):
                failed.add(result["_id"])
        return failed

    def _failed(self, actions: list[Json]) -> set[str]:
        """Run `actions` in bulk requests, several at once (the server indexes them in parallel
        while we serialise the next); return the `_id`s of the items that failed."""
        chunks = [actions[i:i + self.chunk_docs] for i in range(0, len(actions), self.chunk_docs)]
        if len(chunks) <= 1 or self.concurrency <= 1:
            return set().union(*(self._chunk_failures(c) for c in chunks))
        with ThreadPoolExecutor(min(self.concurrency, len(chunks))) as pool:
            return set().union(*pool.map(self._chunk_failures, chunks))

    def _begin(self, days: str) -> bool:
        """Mark a batch as being applied; True when the counts were already unreliable."""
        try:
            state = self.client.get(index=days, id=STATE_ID, realtime=True)["_source"]
        except NotFoundError:
            state = {}
        broken = bool(state.get("broken") or state.get("writing"))  # writing: a batch died halfway
        self.client.index(index=days, id=STATE_ID, document={"kind": "state", "writing": True, "broken": broken})
        return broken

    def apply(self, days: str, deltas: DayDeltas, broken: bool = False, *, empty: bool = False) -> bool:
        """Read the per-day documents the deltas touch (none when the days index is `empty`),
        write them back changed, and close the batch; any failed item leaves the counts marked
        broken (readers then count articles). True when they are sound."""
        changed = deltas.changed()
        held: dict[str, Json] = {}
        ids = [] if empty else sorted(changed)
        for i in range(0, len(ids), MGET_CHUNK):
            resp = self.client.mget(index=days, ids=ids[i:i + MGET_CHUNK], realtime=True)
            held.update((doc["_id"], doc) for doc in resp["docs"] if doc.get("found"))
        broken |= bool(self._failed(day_actions(days, changed, held)))
        broken |= bool(self._failed([state_action(days, writing=False, broken=broken)]))
        return not broken

    def upsert(self, to: Targets, articles: Sequence[ArticleDocument], statements: Iterable[StatementDocument],
               *, collect: DayDeltas | None = None) -> list[str]:
        """Write articles and their statements; old statements an article no longer has go.
        The per-day counts move at once, or, with `collect` (a rebuild nobody reads yet), are
        summed there to be written once at the end."""
        if not articles:
            return []
        articles = list({a.id: a for a in articles}.values())  # twice in a batch: the last one counts
        said: dict[str, list[StatementDocument]] = defaultdict(list)
        ids = {a.id for a in articles}
        for s in {s.id: s for s in statements}.values():  # the same id twice: the last one, as stored
            if s.article_id in ids:  # statements of articles not in this batch are not ours to write
                said[s.article_id].append(s)
        held = held_documents(self.client, to.articles, [a.id for a in articles])
        broken = self._begin(to.days) if to.days and collect is None else False
        actions: list[Json] = []
        owner: dict[str, str] = {}
        for a in articles:
            new = [s.id for s in said[a.id]]
            old = _statement_ids(held.get(a.id))
            for s in said[a.id]:
                owner[s.id] = a.id
                actions.append({"_op_type": "index", "_index": to.statements, "_id": s.id,
                                "_source": statement_source(s)})
            for stale in sorted(set(old) - set(new)):
                owner[stale] = a.id
                actions.append({"_op_type": "delete", "_index": to.statements, "_id": stale})
            owner[a.id] = a.id
            actions.append({"_op_type": "index", "_index": to.articles, "_id": a.id,
                            "_source": article_source(a, bool(new), sorted(set(old) | set(new)),
                                                      said_days(said[a.id]))})
        failed = self._failed(actions)
        if to.days:
            deltas = DayDeltas() if collect is None else collect
            for a in articles:
                if a.id not in failed:  # the document now says this version: count it
                    if a.id in held:
                        deltas.add(counted_from_source(held[a.id]), -1)
                    deltas.add(counted_from_document(a, said_days(said[a.id])))
            if collect is None:
                self.apply(to.days, deltas, broken)
        unacked = {owner[i] for i in failed}
        return [a.id for a in articles if a.id not in unacked]

    def delete(self, to: Targets, article_ids: Sequence[str]) -> list[str]:
        """Delete articles, their statements first: an article whose statements could not all be
        deleted is kept (and not acknowledged), so no statement is left without its article."""
        if not article_ids:
            return []
        held = held_documents(self.client, to.articles, article_ids)
        owner = {s: a for a, doc in held.items() for s in _statement_ids(doc)}
        broken = self._begin(to.days) if to.days else False
        failed = {owner[i] for i in self._failed(
            [{"_op_type": "delete", "_index": to.statements, "_id": s} for s in owner])}
        doomed = [a for a in dict.fromkeys(article_ids) if a not in failed]
        failed |= self._failed([{"_op_type": "delete", "_index": to.articles, "_id": a} for a in doomed])
        if to.days:
            deltas = DayDeltas()
            for a in doomed:
                if a in held and a not in failed:
                    deltas.add(counted_from_source(held[a]), -1)
            self.apply(to.days, deltas, broken)
        return [a for a in dict.fromkeys(article_ids) if a not in failed]
