"""Counting on Elasticsearch: timelines, entity counts per day, an entity's stories and its
co-mentions, answered from the per-day documents when they can (`indexes.elastic.timelines`)
and from aggregations over the articles otherwise (`indexes.elastic.aggregations`).

Kept apart from `ElasticIndex` (a mixin it inherits, reading through its `_read`, aliases and
`aggregates_state`) because these are the aggregate reads behind the timeline and entity pages,
a job of their own beside search and beside keeping the versioned indexes.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from indexes.base import (
    CoMention,
    EntityCountsQuery,
    EntityDayCounts,
    StoryCount,
    TimelineBucket,
    TimelineQuery,
)
from indexes.dates import BucketCounts, fill_timeline
from indexes.elastic import aggregations as aggs, timelines
from indexes.elastic.queries import date_range
from indexes.ids import entity_type_of

Json = dict[str, Any]


class CountReads:
    """Counting methods of `ElasticIndex`."""

    aliases: dict[str, str]
    _read: Callable[..., Json]
    aggregates_state: Callable[[], str]

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
