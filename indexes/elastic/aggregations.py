"""Facets, timelines and co-mentions as aggregations, and their answers in contract types.

Buckets are ordered like the SQLite backend's: count descending, then key; labels are the
greatest name seen (SQL's MAX). `shard_size` is raised so counts stay exact on several shards
for the bucket sizes we ask; histograms are in Bishkek time (+06:00; Kyrgyzstan keeps no DST).
"""

from __future__ import annotations

from datetime import date
from typing import Any

from indexes.base import CoMention, FacetBucket, Facets, Interval, TimelineBucket
from indexes.dates import BISHKEK_OFFSET, bucket_range
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


def facet_aggs(size: int) -> Json:
    return {
        "sources": {**_terms("source", size), "aggs": _label("source_name")},
        "languages": _terms("language", size),
        "entities": _terms("entity_labels", size * LABEL_SLACK),
        "entity_types": _terms("entity_types", size),
        "dates": histogram(),
    }


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
    return Facets(
        sources=_buckets(aggs["sources"], labelled=True),
        languages=_buckets(aggs["languages"]),
        entities=_entity_buckets(aggs["entities"], size),
        entity_types=_buckets(aggs["entity_types"]),
        dates=_buckets(aggs["dates"]),
    )


def _counts(agg: Json) -> dict[date, int]:
    return {date.fromisoformat(b["key_as_string"]): b["doc_count"] for b in agg["buckets"]}


def read_timeline(mentions_agg: Json, statements_agg: Json, totals_agg: Json, interval: Interval,
                  date_from: date | None, date_to: date | None) -> list[TimelineBucket]:
    """Buckets without gaps over the asked range, else from the first to the last active one."""
    mentions, said, totals = _counts(mentions_agg), _counts(statements_agg), _counts(totals_agg)
    active = sorted(set(mentions) | set(said))
    if not active and not (date_from and date_to):
        return []
    first, last = date_from or active[0], date_to or active[-1]
    return [TimelineBucket(start, mentions.get(start, 0), said.get(start, 0), totals.get(start, 0))
            for start in bucket_range(first, last, interval)]


def co_mention_aggs(entity_id: str, limit: int) -> Json:
    return {"others": _terms("entity_ids", limit, exclude=[entity_id])}


def read_co_mentions(aggs: Json) -> list[CoMention]:
    return [CoMention(b["key"], b["doc_count"]) for b in aggs["others"]["buckets"]]
