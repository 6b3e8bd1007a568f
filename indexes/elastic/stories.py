"""Collapsing search hits by story on Elasticsearch: field collapse on `story` picks each
story's best hit in the query's order; a cardinality aggregation counts the stories, and a
second, size-0 search counts each shown story's matching articles and distinct outlets.

Cardinality is an estimate in general; with `precision_threshold` at its maximum (40,000) it
is exact in practice below that many stories, which is what the contract suite checks."""

from __future__ import annotations

from typing import Any

Json = dict[str, Any]
STORY_FIELD = "story"
PRECISION = 40_000


def collapse(page: Json) -> Json:
    """A page request made to collapse by story (offset paging: a cursor cannot follow a collapse
    sorted on anything but the collapse field)."""
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
