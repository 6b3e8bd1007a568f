"""Facets, timelines and co-mentions as aggregations, and their answers in contract types.

Buckets are ordered like the SQLite backend's: count descending, then key; labels are the
greatest name seen (SQL's MAX). `shard_size` is raised so counts stay exact on several shards
for the bucket sizes we ask; histograms are in Bishkek time (+06:00; Kyrgyzstan keeps no DST).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date
from typing import Any

from indexes.base import CoMention, EntityCountsQuery, EntityDayCounts, FacetBucket, Facets, Interval, StoryCount
from indexes.dates import BISHKEK_OFFSET, BucketCounts
from indexes.ids import entity_type_of
from indexes.elastic.mappings import LABEL_SEP

Json = dict[str, Any]
BY_COUNT = [{"_count": "desc"}, {"_key": "asc"}]
SHARD_SIZE = 1000
LABEL_SLACK = 3  # (id, name) buckets asked per entity bucket shown, for ids seen under several names


def _terms(field: str, size: int, **extra: Any) -> Json:
    return {"terms": {"field": field, "size": size, "shard_size": max(SHARD_SIZE, size), "order": BY_COUNT, **extra}}


def _label(field: str) -> Json:
    return {"label": {"terms": {"field": field, "size": 1, "order": {"_key": "desc"}}}}


def histogram(interval: Interval = "day") -> Json:
    """Articles per Bishkek day, week (from Monday, as ours) or month."""
    return {"date_histogram": {"field": "published", "calendar_interval": interval,
                               "time_zone": BISHKEK_OFFSET, "min_doc_count": 1, "format": "yyyy-MM-dd"}}


def facet_aggs(size: int, names: Iterable[str]) -> Json:
    """The aggregations of the facets asked for (each costs a pass over the matching documents)."""
    every = {
        "sources": lambda: {**_terms("source", size), "aggs": _label("source_name")},
        "languages": lambda: _terms("language", size),
        "entities": lambda: _terms("entity_labels", size * LABEL_SLACK),
        "entity_types": lambda: _terms("entity_types", size),
        "dates": histogram,
    }
    return {name: every[name]() for name in names}


def _buckets(agg: Json, labelled: bool = False) -> tuple[FacetBucket, ...]:
    out = []
    for b in agg["buckets"]:
        label = b["label"]["buckets"][0]["key"] if labelled and b["label"]["buckets"] else ""
        out.append(FacetBucket(b.get("key_as_string", b["key"]), b["doc_count"], label))
    return tuple(out)


def _entity_buckets(agg: Json, size: int) -> tuple[FacetBucket, ...]:
    """(id, name) buckets summed per id; the label is the greatest name, as SQL's MAX."""
    counts: dict[str, int] = {}
    labels: dict[str, str] = {}
    for b in agg["buckets"]:
        entity_id, _, name = b["key"].partition(LABEL_SEP)
        counts[entity_id] = counts.get(entity_id, 0) + b["doc_count"]
        labels[entity_id] = max(labels.get(entity_id, ""), name)
    ranked = sorted(counts, key=lambda e: (-counts[e], e))[:size]
    return tuple(FacetBucket(e, counts[e], labels[e]) for e in ranked)


def read_facets(aggs: Json, size: int) -> Facets:
    """Facets from the aggregations `facet_aggs` asked for; a facet not asked for is empty."""
    readers = {
        "sources": lambda a: _buckets(a, labelled=True),
        "languages": _buckets,
        "entities": lambda a: _entity_buckets(a, size),
        "entity_types": _buckets,
        "dates": _buckets,
    }
    return Facets(**{name: read(aggs[name]) for name, read in readers.items() if name in aggs})


# Cardinality counts exactly below its precision threshold (short of a hash collision), and the
# server reserves memory for that many values in every bucket (≈ 8 bytes each, checked by its
# circuit breaker), so the threshold shrinks as buckets multiply: a five-year daily timeline
# has 1,826 buckets. Above it, counts are HyperLogLog estimates (within a few per cent).
EXACT_BELOW = {"day": 1_000, "week": 8_000, "month": 40_000}
# (slot in indexes.dates.BucketCounts, sub-aggregation); None = the bucket's doc_count
Slots = tuple[tuple[int, str | None], ...]
MENTION_SLOTS: Slots = ((0, None), (3, "stories"), (4, "outlets"))
STATEMENT_SLOTS: Slots = ((1, None),)
TOTAL_SLOTS: Slots = ((2, None),)
GROUPS_SIZE = 10_000  # sources or languages: far more than there are


OUTLETS_PER_STORY = 500  # exact below: a story is told by at most a few dozen outlets


def _distinct(field: str, exact_below: int) -> Json:
    # "direct" hashes the values it meets instead of building global ordinals over the whole
    # field first (a story id is nearly unique per article): 2-3 times faster here.
    return {"cardinality": {"field": field, "precision_threshold": exact_below, "execution_hint": "direct"}}


def timeline_aggs(interval: Interval, group_by: str | None, *, distinct: bool = False) -> Json:
    """Buckets per Bishkek day/week/month (per source or language with `group_by`); with
    `distinct`, distinct stories and outlets in each."""
    per = histogram(interval)
    if distinct:
        per["aggs"] = {"stories": _distinct("story", EXACT_BELOW[interval]),
                       "outlets": _distinct("source", EXACT_BELOW[interval])}
    if group_by:
        return {"groups": {"terms": {"field": group_by, "size": GROUPS_SIZE}, "aggs": {"per": per}}}
    return {"per": per}


def add_timeline(counts: BucketCounts, aggs: Json, slots: Slots) -> None:
    grouped = [(b["key"], b["per"]) for b in aggs["groups"]["buckets"]] if "groups" in aggs else [(None, aggs["per"])]
    for group, per in grouped:
        for b in per["buckets"]:
            cell = counts.setdefault((group, date.fromisoformat(b["key_as_string"])), [0, 0, 0, 0, 0])
            for slot, sub in slots:
                if sub is None or sub in b:  # no stories / outlets when the query did not ask
                    cell[slot] += int(b["doc_count"] if sub is None else b[sub]["value"])


def entity_count_aggs(q: EntityCountsQuery) -> Json:
    terms: Json = {"field": "entity_ids", "size": q.limit, "min_doc_count": max(1, q.min_mentions),
                   "shard_size": max(GROUPS_SIZE, q.limit), "order": BY_COUNT}
    types = "|".join(re.escape(t) for t in q.entity_types)
    if q.entity_ids:
        terms["include"] = [i for i in q.entity_ids if not q.entity_types or entity_type_of(i) in q.entity_types]
    elif types:
        terms["include"] = f"(prov-)?({types}):.*"
    return {"entities": {"terms": terms, "aggs": {"days": histogram("day")}}}


def read_entity_counts(aggs: Json) -> list[EntityDayCounts]:
    return [EntityDayCounts(b["key"], {date.fromisoformat(d["key_as_string"]): d["doc_count"]
                                       for d in b["days"]["buckets"]})
            for b in aggs["entities"]["buckets"]]


def entity_story_aggs(limit: int) -> Json:
    return {"stories": {
        "terms": {"field": "story", "size": limit, "shard_size": max(GROUPS_SIZE, limit),
                  "order": [{"outlets": "desc"}, {"_count": "desc"}, {"_key": "asc"}]},
        "aggs": {"outlets": _distinct("source", OUTLETS_PER_STORY),
                 "first": {"top_hits": {"size": 1, "sort": [{"published": "asc"}, {"id": "asc"}],
                                        "_source": ["title"]}}}}}


def read_entity_stories(aggs: Json) -> list[StoryCount]:
    out = []
    for b in aggs["stories"]["buckets"]:
        first = b["first"]["hits"]["hits"][0]
        out.append(StoryCount(b["key"], first["_source"]["title"], first["_id"], b["doc_count"],
                              int(b["outlets"]["value"])))
    return out


def co_mention_aggs(entity_id: str, limit: int) -> Json:
    return {"others": _terms("entity_ids", limit, exclude=[entity_id])}


def read_co_mentions(aggs: Json) -> list[CoMention]:
    return [CoMention(b["key"], b["doc_count"]) for b in aggs["others"]["buckets"]]
