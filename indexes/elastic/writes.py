"""Bulk writes: upserts and deletions of articles with their statements.

Document `_id`s are article ids and statement ids, so re-sending anything (after a timeout, a
crash mid-bulk, an outage) overwrites instead of duplicating. An article is acknowledged only
when every item that belongs to it succeeded: its own document, its statements, and the
deletion of statements it no longer has. Items the server refuses as too busy (HTTP 429) are
retried with backoff; any other refused item leaves its article unacknowledged for the outbox.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from elasticsearch import Elasticsearch, helpers

from indexes.base import ArticleDocument, StatementDocument
from indexes.elastic.mappings import article_source, statement_source

MGET_CHUNK = 1000


def held_statement_ids(client: Elasticsearch, index: str, article_ids: Sequence[str]) -> dict[str, list[str]]:
    """The statement ids each article has in the index now (realtime: unrefreshed writes count)."""
    held: dict[str, list[str]] = {}
    for i in range(0, len(article_ids), MGET_CHUNK):
        resp = client.mget(index=index, ids=list(article_ids[i:i + MGET_CHUNK]), source=["statement_ids"],
                           realtime=True)
        for doc in resp["docs"]:
            if doc.get("found"):
                held[doc["_id"]] = list(doc["_source"].get("statement_ids") or ())
    return held


class BulkWriter:
    """Sends bulk actions and tells which articles had all their items succeed."""

    def __init__(self, client: Elasticsearch, *, chunk_docs: int, retries: int, concurrency: int) -> None:
        self.client, self.chunk_docs, self.retries, self.concurrency = client, chunk_docs, retries, concurrency

    def _chunk_failures(self, chunk: list[dict[str, Any]], owner: dict[str, str]) -> set[str]:
        failed: set[str] = set()
        for ok, item in helpers.streaming_bulk(
                self.client, chunk, chunk_size=len(chunk), max_chunk_bytes=20_000_000,
                raise_on_error=False, raise_on_exception=True, max_retries=self.retries,
                initial_backoff=0.5, max_backoff=10):
            op, result = next(iter(item.items()))
            if not ok and not (op == "delete" and result.get("result") == "not_found"):
                failed.add(owner[result["_id"]])
        return failed

    def _failed_owners(self, actions: list[dict[str, Any]], owner: dict[str, str]) -> set[str]:
        """Run `actions` in bulk requests, several at once (the server indexes them in parallel
        while we serialise the next); return the articles with at least one failed item."""
        chunks = [actions[i:i + self.chunk_docs] for i in range(0, len(actions), self.chunk_docs)]
        if len(chunks) <= 1 or self.concurrency <= 1:
            return set().union(*(self._chunk_failures(c, owner) for c in chunks))
        with ThreadPoolExecutor(min(self.concurrency, len(chunks))) as pool:
            return set().union(*pool.map(lambda c: self._chunk_failures(c, owner), chunks))

    def upsert(self, articles_index: str, statements_index: str, articles: Sequence[ArticleDocument],
               statements: Iterable[StatementDocument]) -> list[str]:
        """Write articles and their statements; old statements an article no longer has go."""
        said: dict[str, list[StatementDocument]] = defaultdict(list)
        ids = {a.id for a in articles}
        for s in statements:
            if s.article_id in ids:  # statements of articles not in this batch are not ours to write
                said[s.article_id].append(s)
        held = held_statement_ids(self.client, articles_index, [a.id for a in articles])
        actions: list[dict[str, Any]] = []
        owner: dict[str, str] = {}
        for a in articles:
            new = [s.id for s in said[a.id]]
            old = held.get(a.id, [])
            for s in said[a.id]:
                owner[s.id] = a.id
                actions.append({"_op_type": "index", "_index": statements_index, "_id": s.id,
                                "_source": statement_source(s)})
            for stale in sorted(set(old) - set(new)):
                owner[stale] = a.id
                actions.append({"_op_type": "delete", "_index": statements_index, "_id": stale})
            owner[a.id] = a.id
            actions.append({"_op_type": "index", "_index": articles_index, "_id": a.id,
                            "_source": article_source(a, bool(new), sorted(set(old) | set(new)))})
        failed = self._failed_owners(actions, owner)
        return [a.id for a in articles if a.id not in failed]

    def delete(self, articles_index: str, statements_index: str, article_ids: Sequence[str]) -> list[str]:
        """Delete articles, their statements first: an article whose statements could not all be
        deleted is kept (and not acknowledged), so no statement is left without its article."""
        held = held_statement_ids(self.client, articles_index, article_ids)
        owner = {s: a for a, said in held.items() for s in said}
        failed = self._failed_owners(
            [{"_op_type": "delete", "_index": statements_index, "_id": s} for s in owner], owner)
        doomed = [a for a in dict.fromkeys(article_ids) if a not in failed]
        failed |= self._failed_owners(
            [{"_op_type": "delete", "_index": articles_index, "_id": a} for a in doomed], {a: a for a in doomed})
        return [a for a in dict.fromkeys(article_ids) if a not in failed]
