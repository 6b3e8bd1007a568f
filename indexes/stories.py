"""Stories on the reading side: a day's top stories, one story's articles, an article's story.

One function per question, shared by the CLI, the web UI and API, the digest and timelines.
The answers come from the store's story tables, which the story stage keeps up to date.
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from pipeline.store.stories import moment_of
from pipeline.store.store import Store

from indexes.dates import day_start_utc


@dataclass(frozen=True)
class StorySummary:
    id: str  # = the id of the article that founded it
    headlines: dict[str, str]  # language -> the first publisher's title in that language
    first_article_id: str
    first_publisher: str  # source id
    first_seen: datetime
    last_seen: datetime
    articles: int
    outlets: tuple[str, ...]  # distinct source ids, the first publisher first
    languages: tuple[str, ...]

    def headline(self, lang: str) -> str:
        """The headline in `lang` when the story has one, else its first one."""
        if self.headlines.get(lang):
            return self.headlines[lang]
        return next((h for h in self.headlines.values() if h), "")


@dataclass(frozen=True)
class StoryMember:
    article_id: str
    source: str
    language: str
    title: str
    url: str
    published: datetime | None
    relation: str  # first | reprint | rewrite | translation
    score: float


def _summary(row: sqlite3.Row) -> StorySummary:
    return StorySummary(
        id=row["id"], headlines=json.loads(row["headlines_json"]), first_article_id=row["first_article_id"],
        first_publisher=row["first_publisher"], first_seen=moment_of(row["first_seen"]),
        last_seen=moment_of(row["last_seen"]), articles=row["articles"],
        outlets=tuple(json.loads(row["outlets_json"])), languages=tuple(json.loads(row["languages_json"])),
    )


def top_stories(store: Store, date_from: date, date_to: date, *, language: str | None = None,
                min_outlets: int = 1, limit: int = 50) -> list[StorySummary]:
    """Stories with an article on the Bishkek days date_from..date_to (inclusive), ranked by
    how many distinct outlets carried them (then articles, then the earliest)."""
    rows = store.stories_between(day_start_utc(date_from), day_start_utc(date_to + timedelta(days=1)),
                                 language=language, min_outlets=min_outlets, limit=limit)
    return [_summary(r) for r in rows]


def story_detail(store: Store, story_id: str) -> tuple[StorySummary, list[StoryMember]] | None:
    """A story and its articles in time order, each with how it joined; None when unknown."""
    row = store.story_row(story_id)
    if row is None:
        return None
    members = [
        StoryMember(
            article_id=m["article_id"], source=m["source_id"], language=m["language"] or "und",
            title=m["title"] or "", url=m["url"],
            published=moment_of(m["published"]) if m["published"] else None,
            relation=m["relation"], score=m["score"],
        )
        for m in store.story_member_rows(story_id)
    ]
    return _summary(row), members


def article_story(store: Store, article_id: str) -> StorySummary | None:
    """The story an article belongs to, or None when it has not been assigned."""
    story_id = store.story_ids_of([article_id]).get(article_id)
    row = store.story_row(story_id) if story_id else None
    return _summary(row) if row is not None else None
