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

Json = dict[str, Any]
BY_COUNT = [{"_count": "desc"}, {"_key": "asc"}]
SHARD_SIZE = 1000


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
        "entities": {"nested": {"path": "entities"},
                     "aggs": {"ids": {**_terms("entities.id", size), "aggs": _label("entities.name")}}},
        "entity_types": _terms("entity_types", size),
        "dates": histogram(),
    }


def _buckets(agg: Json, labelled: bool = False) -> tuple[FacetBucket, ...]:
    out = []
    for b in agg["buckets"]:
        label = b["label"]["buckets"][0]["key"] if labelled and b["label"]["buckets"] else ""
        out.append(FacetBucket(b.get("key_as_string", b["key"]), b["doc_count"], label))
    return tuple(out)


def read_facets(aggs: Json) -> Facets:
    return Facets(
        sources=_buckets(aggs["sources"], labelled=True),
        languages=_buckets(aggs["languages"]),
        entities=_buckets(aggs["entities"]["ids"], labelled=True),
        entity_types=_buckets(aggs["entity_types"]),
        dates=_buckets(aggs["dates"]),
    )


def timeline_aggs(entity_id: str, interval: Interval) -> Json:
    """Totals per bucket, and within them the articles that mention the entity."""
    return {"totals": histogram(interval),
            "mentions": {"filter": {"term": {"entity_ids": entity_id}}, "aggs": {"per": histogram(interval)}}}


def _counts(agg: Json) -> dict[date, int]:
    return {date.fromisoformat(b["key_as_string"]): b["doc_count"] for b in agg["buckets"]}


def read_timeline(articles: Json, statements: Json, interval: Interval,
                  date_from: date | None, date_to: date | None) -> list[TimelineBucket]:
    """Buckets without gaps over the asked range, else from the first to the last active one."""
    mentions, said = _counts(articles["mentions"]["per"]), _counts(statements["per"])
    totals = _counts(articles["totals"])
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
