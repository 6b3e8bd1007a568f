"""Wiring for revisits (edits and takedowns): the plan from settings, and one revisit pass.

Kept beside `app.py` rather than in it: the run loop calls `revisit_with()` after the ingest
cycle's new pages (sharing its fetcher and workers) and `compare_analyses()` after analysis;
commands and the demo call `revisit()`, which brings its own fetcher.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Sequence
from concurrent.futures import Executor
from datetime import datetime

from kabarchy.settings import Settings
from pipeline.fetch import Fetcher
from pipeline.records import SourceConfig
from pipeline.revisits.schedule import RevisitPlan, parse_offsets
from pipeline.revisits.stage import RevisitCycle, RevisitReport
from pipeline.store import Store
from pipeline.store.db import utcnow
from pipeline.store.revisits import RevisitLog

POOL_FROM = 32  # due revisits from which extraction runs in worker processes


def revisit_plan(settings: Settings) -> RevisitPlan:
    return RevisitPlan(offsets_hours=parse_offsets(settings.revisit_schedule_hours), confirm=settings.revisit_confirm,
                       retry_hours=settings.revisit_retry_hours, max_per_cycle=settings.revisit_max_per_cycle)


def _enabled(settings: Settings) -> bool:
    return settings.revisit_enabled and settings.revisit_max_per_cycle > 0


async def revisit_with(settings: Settings, store: Store, fetcher: Fetcher, pool: Executor | None,
                       sources: Sequence[SourceConfig], *, clock: Callable[[], datetime] = utcnow,
                       all_due: bool = False) -> RevisitReport:
    """One bounded revisit pass inside a run, sharing its fetcher (politeness) and worker pool."""
    if not _enabled(settings):
        return RevisitReport()
    cycle = RevisitCycle(store, fetcher, settings.archive_dir, revisit_plan(settings), {s.id: s for s in sources},
                         pool=pool, clock=clock)
    return await cycle.run(all_due=all_due)


def revisit(settings: Settings, store: Store, sources: Sequence[SourceConfig],
            now: datetime | None = None, *, all_due: bool = False) -> RevisitReport:
    """One bounded revisit pass over the articles that are due (none when revisits are off)."""
    if not _enabled(settings):
        return RevisitReport()
    from kabarchy.app import _worker_pool, fetch_options

    clock = (lambda: now) if now else utcnow
    many = all_due or RevisitLog(store.conn).due_count(clock()) >= POOL_FROM

    async def _run(pool: Executor | None) -> RevisitReport:
        async with Fetcher(fetch_options(settings)) as fetcher:
            return await revisit_with(settings, store, fetcher, pool, sources, clock=clock, all_due=all_due)

    if not many:  # a handful of pages: extract on a thread rather than start worker processes
        return asyncio.run(_run(None))
    with _worker_pool(settings.run_workers) as pool:
        return asyncio.run(_run(pool))
