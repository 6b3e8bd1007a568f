"""Hits grouped by story: the index collapses a result to one hit per story (its best-ranked
article, with how many matching articles and outlets it stands for); each is shown with the
story's other tellings one click away ("and 4 more outlets"). The story records are the story
stage's (`indexes.stories`)."""

from __future__ import annotations

from dataclasses import dataclass

from indexes.base import Hit
from indexes.stories import StoryMember, story_detail
from pipeline.store import Store


@dataclass(frozen=True)
class GroupedHit:
    hit: Hit
    story_id: str | None
    others: tuple[StoryMember, ...]  # the story's other articles, in time order
    more_outlets: int  # matching outlets besides this hit's
    more_articles: int  # matching articles besides this one


def group_by_story(store: Store, hits: tuple[Hit, ...]) -> list[GroupedHit]:
    out = []
    for hit in hits:
        detail = story_detail(store, hit.story_id) if hit.story_id and hit.story_articles > 1 else None
        others = tuple(m for m in detail[1] if m.article_id != hit.id) if detail else ()
        out.append(GroupedHit(hit, hit.story_id, others, hit.story_outlets - 1, hit.story_articles - 1))
    return out
