"""Collapsing search hits by story on Elasticsearch: field collapse on `story` picks each
story's best hit in the query's order; a cardinality aggregation counts the stories, and a
second, size-0 search counts each shown story's matching articles and distinct outlets.

Elasticsearch refuses `search_after` with a collapse sorted on anything but the collapse field,
so a cursor (the last head's sort values) is followed by walking the uncollapsed hits after it
(`search_after`, in batches): a story met there for the first time is new unless its best hit
overall — one collapsed search over those stories — lies before the cursor, which is exact.

Cardinality is an estimate in general; with `precision_threshold` at its maximum (40,000) it
is exact in practice below that many stories, which is what the contract suite checks."""

from __future__ import annotations

from typing import Any

Json = dict[str, Any]
STORY_FIELD = "story"
PRECISION = 40_000


def collapse(page: Json) -> Json:
    """A page request made to collapse by story, counting the stories."""
    page = dict(page)
    page["collapse"] = {"field": STORY_FIELD}
    page.setdefault("aggs", {})["stories"] = {"cardinality": {"field": STORY_FIELD, "precision_threshold": PRECISION}}
    return page


def counts_request(matching: Json, stories: list[str]) -> Json:
    """Matching articles and distinct outlets of each shown story."""
    return {
        "size": 0, "track_total_hits": False,
        "query": {"bool": {"filter": [matching, {"terms": {STORY_FIELD: stories}}]}},
        "aggs": {"per": {"terms": {"field": STORY_FIELD, "size": max(1, len(stories))},
                         "aggs": {"outlets": {"cardinality": {"field": "source", "precision_threshold": PRECISION}}}}},
    }


def read_counts(resp: Json) -> dict[str, tuple[int, int]]:
    return {b["key"]: (b["doc_count"], b["outlets"]["value"]) for b in resp["aggregations"]["per"]["buckets"]}


def total_stories(resp: Json) -> int:
    return int(resp["aggregations"]["stories"]["value"])


def walk_request(matching: Json, sort: list[Json], after: list[Any], size: int) -> Json:
    """The next uncollapsed hits after `after`: their sort values and stories only."""
    return {"query": matching, "sort": sort, "size": size, "search_after": after, "_source": False,
            "docvalue_fields": [STORY_FIELD], "track_total_hits": False}


def heads_request(matching: Json, sort: list[Json], keys: list[str], fields: list[str]) -> Json:
    """The best hit of each of these stories (a filter leaves the scores as they were)."""
    return {"query": {"bool": {"must": [matching], "filter": [{"terms": {STORY_FIELD: keys}}]}}, "sort": sort,
            "size": len(keys), "collapse": {"field": STORY_FIELD}, "_source": fields, "track_total_hits": False}


def story_of_hit(hit: Json) -> str:
    return str(hit["fields"][STORY_FIELD][0])
