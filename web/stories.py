"""Hits grouped by story: each story shown once, at its best-ranked hit, with its other articles
("and 4 more outlets") one click away. The story records are the story stage's (indexes.stories);
until the index collapses stories itself, a page of hits is grouped here, within the page."""

from __future__ import annotations

from dataclasses import dataclass

from indexes.base import Hit
from indexes.stories import StoryMember, StorySummary, story_detail
from pipeline.store import Store


@dataclass(frozen=True)
class GroupedHit:
    hit: Hit
    story: StorySummary | None
    others: tuple[StoryMember, ...]  # the story's other articles, in time order
    more_outlets: int  # outlets other than this hit's


def group_by_story(store: Store, hits: tuple[Hit, ...]) -> list[GroupedHit]:
    story_of = store.story_ids_of([h.id for h in hits])
    seen: set[str] = set()
    out = []
    for hit in hits:
        story_id = story_of.get(hit.id)
        if story_id is None:
            out.append(GroupedHit(hit, None, (), 0))
            continue
        if story_id in seen:
            continue  # shown under the story's first hit on this page
        seen.add(story_id)
        detail = story_detail(store, story_id)
        if detail is None:
            out.append(GroupedHit(hit, None, (), 0))
            continue
        summary, members = detail
        others = tuple(m for m in members if m.article_id != hit.id)
        out.append(GroupedHit(hit, summary, others, len({m.source for m in others} - {hit.source})))
    return out
