"""Timelines and entity day counts on Elasticsearch: from the per-day documents when they can
answer, else from the articles.

The per-day documents (`indexes.elastic.day_aggregates`) know an entity-day's mentions,
statements, stories and outlets and a day's articles, without source or language: a timeline
with `sources`, `languages` or `group_by` counts the articles (three `date_histogram`s), as does
any question while the per-day documents are missing or unreliable. Both ways give the same
numbers (tests/indexes/test_timeline_contract.py).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from indexes.base import EntityCountsQuery, EntityDayCounts, TimelineQuery
from indexes.dates import BucketCounts, bucket_start
from indexes.elastic import aggregations as aggs
from indexes.elastic.day_aggregates import day_range
from indexes.elastic.queries import date_range, timeline_filters

Json = dict[str, Any]
Search = Callable[[str, Json], Json]  # (what is being done, request body) → answer
PAGE = 2000
SUMS = {"m": "mentions", "s": "statements", "st": "stories", "o": "outlets"}


def answerable_from_days(q: TimelineQuery) -> bool:
    """The per-day documents hold no source or language."""
    return not (q.sources or q.languages or q.group_by)


def article_searches(aliases: dict[str, str], q: TimelineQuery) -> tuple[list[Json], list[aggs.Slots]]:
    """Mentions, statements and all articles per bucket: a msearch body, and the slots each
    answer fills."""
    filters = timeline_filters(q)
    parts = [("articles", [{"term": {"entity_ids": q.entity_id}}, *filters], q.distinct, aggs.MENTION_SLOTS),
             ("statements", [{"term": {"speaker_id": q.entity_id}}, *filters], False, aggs.STATEMENT_SLOTS),
             ("articles", filters, False, aggs.TOTAL_SLOTS)]
    body: list[Json] = []
    for kind, where, distinct, _ in parts:
        body += [{"index": aliases[kind]}, {"size": 0, "query": {"bool": {"filter": where}},
                                            "aggs": aggs.timeline_aggs(q.interval, q.group_by, distinct=distinct)}]
    return body, [slots for *_, slots in parts]


def entity_articles_search(q: EntityCountsQuery) -> Json:
    """Entities by mentioning articles per day, counted from the articles."""
    where = [*date_range(q.date_from, q.date_to),
             *([{"terms": {"entity_ids": list(q.entity_ids)}}] if q.entity_ids else [])]
    return {"size": 0, "query": {"bool": {"filter": where}}, "aggs": aggs.entity_count_aggs(q)}


def _per_day(interval: str, sums: dict[str, str]) -> Json:
    return {"date_histogram": {"field": "day", "calendar_interval": interval, "min_doc_count": 1,
                               "format": "yyyy-MM-dd"},
            "aggs": {name: {"sum": {"field": field}} for name, field in sums.items()}}


def days_search(q: TimelineQuery) -> Json:
    """One size-0 search: the entity's sums and the day totals per bucket. Distinct stories and
    outlets per day are stored; per week or month they are unions (`add_unions`)."""
    wanted = ("m", "s", "st", "o") if q.distinct and q.interval == "day" else ("m", "s")
    mine = {"bool": {"should": [{"term": {"entity_id": q.entity_id}}, {"term": {"kind": "day"}}],
                     "minimum_should_match": 1}}  # only the documents the buckets sum: a few thousand
    return {"size": 0, "query": {"bool": {"filter": [mine, *day_range(q.date_from, q.date_to)]}}, "aggs": {
        "entity": {"filter": {"term": {"entity_id": q.entity_id}},
                   "aggs": {"per": _per_day(q.interval, {k: SUMS[k] for k in wanted})}},
        "totals": {"filter": {"term": {"kind": "day"}}, "aggs": {"per": _per_day(q.interval, {"t": "articles"})}}}}


def add_days(counts: BucketCounts, answer: Json) -> None:
    for name, slots in (("entity", (("m", 0), ("s", 1), ("st", 3), ("o", 4))), ("totals", (("t", 2),))):
        for b in answer["aggregations"][name]["per"]["buckets"]:
            cell = counts.setdefault((None, date.fromisoformat(b["key_as_string"])), [0, 0, 0, 0, 0])
            for sub, slot in slots:
                if sub in b:
                    cell[slot] = int(b[sub]["value"])


def add_unions(counts: BucketCounts, search: Search, q: TimelineQuery) -> None:
    """Distinct stories and outlets per week or month: the union of the entity-days' maps."""
    stories: dict[date, set[str]] = {}
    outlets: dict[date, set[str]] = {}
    after: list[Any] | None = None
    where = [{"term": {"entity_id": q.entity_id}}, {"range": {"mentions": {"gte": 1}}},
             *day_range(q.date_from, q.date_to)]
    while True:
        # the whole _source: filtering it on the server costs more than sending the rest along
        body: Json = {"size": PAGE, "query": {"bool": {"filter": where}}, "sort": [{"day": "asc"}],
                      "track_total_hits": False}
        if after is not None:
            body["search_after"] = after
        hits = search("counting stories per bucket", body)["hits"]["hits"]
        for h in hits:
            start = bucket_start(date.fromisoformat(h["_source"]["day"]), q.interval)
            stories.setdefault(start, set()).update(h["_source"]["story_counts"])
            outlets.setdefault(start, set()).update(h["_source"]["source_counts"])
        if len(hits) < PAGE:
            break
        after = hits[-1]["sort"]
    for start, found in stories.items():
        cell = counts.setdefault((None, start), [0, 0, 0, 0, 0])
        cell[3], cell[4] = len(found), len(outlets[start])


def entity_days_search(q: EntityCountsQuery) -> Json:
    """Entities ranked by the sum of their day documents' mentions, with the days themselves."""
    where: list[Json] = [{"term": {"kind": "entity"}}, {"range": {"mentions": {"gte": 1}}},
                         *day_range(q.date_from, q.date_to)]
    if q.entity_types:
        where.append({"terms": {"entity_type": list(q.entity_types)}})
    if q.entity_ids:
        where.append({"terms": {"entity_id": list(q.entity_ids)}})
    return {"size": 0, "query": {"bool": {"filter": where}}, "aggs": {"entities": {
        "terms": {"field": "entity_id", "size": q.limit, "shard_size": max(aggs.GROUPS_SIZE, q.limit),
                  "order": [{"n": "desc"}, {"_key": "asc"}]},
        "aggs": {"n": {"sum": {"field": "mentions"}}, "days": _per_day("day", {"m": "mentions"})}}}}


def read_entity_days(answer: Json, min_mentions: int) -> list[EntityDayCounts]:
    """The ranking is taken before `min_mentions` is: those below it are the ranking's tail."""
    return [EntityDayCounts(b["key"], {date.fromisoformat(d["key_as_string"]): int(d["m"]["value"])
                                       for d in b["days"]["buckets"]})
            for b in answer["aggregations"]["entities"]["buckets"] if b["n"]["value"] >= min_mentions]
