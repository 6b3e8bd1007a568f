"""Building the story stage from settings: its weights and the outlet names attribution lines use."""

from __future__ import annotations

import dataclasses
import logging
from pathlib import Path

from kabarchy.settings import Settings
from pipeline.sources import load_sources
from pipeline.store import Store
from pipeline.stories.attribution import Attributions
from pipeline.stories.matching import StoryParams
from pipeline.stories.stage import StoryStage

log = logging.getLogger("kabarchy")


def story_stage(settings: Settings, sources_path: Path | None = None) -> StoryStage:
    sources = load_sources(sources_path or settings.sources).sources
    params = dataclasses.replace(StoryParams(), window_days=settings.stories_window_days)
    return StoryStage(params, Attributions.from_sources(sources))


def assign_stories(settings: Settings, store: Store, sources_path: Path | None = None) -> tuple[list[str], str | None]:
    """Put newly analysed articles in stories; return the articles whose story changed and any
    error (a failure leaves them unassigned: the next run takes them again)."""
    try:
        report = story_stage(settings, sources_path).run(store)
    except Exception as exc:  # ingest and analysis results are already safe in the store
        log.exception("story assignment failed; articles are assigned next run")
        return [], f"{type(exc).__name__}: {exc}"
    if report.assigned:
        log.info("stories: %d articles assigned, %d new stories", report.assigned, report.new_stories)
    return report.changed, None
