"""The story stage: after analysis, before indexing. Each newly analysed article, in store
order (its moment, then id), joins the story of the article it matches best in the window of
preceding days, or founds a story whose id is its own id.

Every assignment is one transaction, so a kill at any point loses nothing: the next run finds
the articles without a membership and goes on. The window is rebuilt at the start of a run
from the features stored with each membership, without re-reading texts.
"""

from __future__ import annotations

import logging
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from pipeline.analysis.provisional import is_provisional
from pipeline.store.stories import Membership, moment_of
from pipeline.store.store import Store
from pipeline.stories.attribution import Attributions
from pipeline.stories.features import Features, make_features
from pipeline.stories.matching import StoryParams
from pipeline.stories.window import Window

log = logging.getLogger(__name__)


@dataclass
class StoryReport:
    assigned: int = 0
    new_stories: int = 0
    relations: dict[str, int] = field(default_factory=dict)
    changed: list[str] = field(default_factory=list)  # article ids whose story was (re)set


LEAD_CHARS = 400  # where an article says where it happened: the places named this early are its own


@dataclass(frozen=True)
class StoryStage:
    """The stage with its dependencies, given once: weights and the attribution names."""

    params: StoryParams
    attributions: Attributions

    def run(self, store: Store, stop: Callable[[], bool] = lambda: False) -> StoryReport:
        """Assign every analysed article that has no (current) membership."""
        report = StoryReport()
        pending = store.story_pending()
        if not pending:
            return report
        window = Window(self.params)
        redo = {r["id"] for r in pending}
        since = moment_of(pending[0]["moment"]) - timedelta(days=self.params.window_days)
        for row in store.story_window(since):
            if row["article_id"] not in redo and row["features"] is not None:
                window.add(Features.load(row["features"], row["article_id"], row["source_id"],
                                         row["language"] or "und", moment_of(row["at"]).timestamp()),
                           row["story_id"])
        for row in pending:
            if stop():
                break
            self._assign(store, window, row, report)
        return report

    def _assign(self, store: Store, window: Window, row: sqlite3.Row, report: StoryReport) -> None:
        article_id: str = row["id"]
        moment = moment_of(row["moment"])
        features = self.features(store, row, moment)
        old_story: str | None = row["old_story"]
        if old_story == article_id and len(store.story_member_rows(old_story)) > 1:
            # A story's founder whose text changed stays its founder: the id is stable and the
            # others joined it for what it said first. It only gets its new features.
            story_id, relation, score, matched = article_id, "first", 1.0, None
        else:
            story_id, relation, score, matched = decide(window, features)
            report.new_stories += relation == "first"
        store.save_membership(Membership(
            article_id=article_id, story_id=story_id, relation=relation, score=score, at=moment,
            matched_to=matched, attributed_to=features.attributed_to,
            content_hash=row["content_hash"], features=features.dump()))
        window.add(features, story_id)
        report.assigned += 1
        report.relations[relation] = report.relations.get(relation, 0) + 1
        report.changed.append(article_id)

    def features(self, store: Store, row: sqlite3.Row, moment: datetime) -> Features:
        """An article's features from its stored text and analysis."""
        source: str = row["source_id"]
        article = store.article_row(row["id"])
        assert article is not None, "stored articles are never deleted"
        lead, body = (article["lead"] or "").strip(), article["text"] or ""
        text = body if not lead or lead[:80] in body[:len(lead) + 200] else f"{lead}\n{body}"
        mentions = store.mentions(row["id"])
        known = [m for m in mentions if not is_provisional(m.entity_id)]
        return make_features(row["id"], source, row["language"] or "und", moment,
                             article["title"] or "", text, frozenset(m.entity_id for m in mentions),
                             self.attributions.find(text, source), [m.surface for m in known],
                             frozenset(m.entity_id for m in known if m.entity_type == "place" and m.start < LEAD_CHARS))


def decide(window: Window, features: Features) -> tuple[str, str, float, str | None]:
    """(story id, relation, score, matched article) for an article the window has not seen."""
    match = window.best_match(features)
    if match is None:
        return features.article_id, "first", 1.0, None
    return match.member.story_id, match.relation, match.score, match.member.features.article_id


def restory(store: Store, stage: StoryStage, since: datetime | None = None) -> StoryReport:
    """Rebuild memberships (all, or of articles from `since` on) after a change of weights:
    the same articles in the same order give the same stories, so running it twice is harmless."""
    dropped = store.clear_stories(since)
    log.info("restory: %d memberships dropped", dropped)
    return stage.run(store)
