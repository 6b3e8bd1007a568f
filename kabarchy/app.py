"""The composition root: the one place that builds every part from Settings and lays them end to end.

`run_once` is one whole pass: ingest cycle → analysis → index sync. `run_forever` repeats it
as sources fall due and stops cleanly on SIGINT/SIGTERM. Every stage is idempotent, so a stop
at any moment (even SIGKILL) loses nothing: the next run picks up where the store says.
"""

from __future__ import annotations

import asyncio
import logging
import os
import signal
import sys
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from kabarchy.settings import Settings
from pipeline.archive import WarcArchive
from pipeline.cycle import CycleOptions, CycleReport, IngestCycle, Progress, next_due_in
from pipeline.fetch import FetchOptions, Fetcher
from pipeline.records import SourceConfig
from pipeline.revisits.stage import RevisitReport, compare_analyses
from pipeline.sources import SourcesFile, load_sources
from pipeline.store import Store

log = logging.getLogger("kabarchy")


@dataclass
class RunReport:
    cycle: CycleReport
    config_problems: list[str] = field(default_factory=list)
    revisits: RevisitReport = field(default_factory=RevisitReport)
    analysed: int = 0
    analysis_error: str | None = None
    indexed: int = 0
    index_error: str | None = None


def fetch_options(settings: Settings) -> FetchOptions:
    return FetchOptions(
        user_agent=settings.fetch_user_agent,
        timeout_s=settings.fetch_timeout_s,
        deadline_s=settings.fetch_deadline_s,
        max_bytes=settings.fetch_max_bytes,
        max_redirects=settings.fetch_max_redirects,
        retries=settings.fetch_retries,
        backoff_s=settings.fetch_backoff_s,
        max_retry_after_s=settings.fetch_max_retry_after_s,
        host_delay_s=settings.fetch_host_delay_s,
        host_concurrency=settings.fetch_host_concurrency,
        concurrency=settings.fetch_concurrency,
        respect_robots=settings.fetch_respect_robots,
        allow_private_addresses=settings.fetch_allow_private_addresses,
    )


def cycle_options(settings: Settings, *, all_sources: bool = False) -> CycleOptions:
    return CycleOptions(
        max_articles_per_source=settings.run_max_articles_per_source,
        min_interval_s=settings.run_min_interval_minutes * 60,
        max_interval_s=settings.run_max_interval_minutes * 60,
        only_due=not all_sources,
    )


def load_configured_sources(settings: Settings, store: Store, path: Path | None = None) -> SourcesFile:
    """Load sources; a broken entry is recorded against its source and the rest still run."""
    sources = load_sources(path or settings.sources)
    for p in sources.problems:
        log.error("%s", p)
        store.log_error("config", "invalid_source", str(p), source_id=p.source_id)
    return sources


@contextmanager
def _worker_pool(workers: int) -> Iterator[ProcessPoolExecutor]:
    # BLAS/OpenMP threads pinned to 1 in workers: we parallelise by process, one per core.
    for var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
        os.environ.setdefault(var, "1")
    pool = ProcessPoolExecutor(max_workers=workers)
    try:
        yield pool
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


async def _ingest(settings: Settings, store: Store, sources: list[SourceConfig], pool: ProcessPoolExecutor,
                  options: CycleOptions, progress: Progress, stop: Callable[[], bool]) -> CycleReport:
    # This process only reads the archive (pages of an interrupted run); the extraction
    # workers write it, each to a file of its own.
    archive = WarcArchive(settings.archive_dir)
    async with Fetcher(fetch_options(settings)) as fetcher:
        cycle = IngestCycle(store, fetcher, archive, pool, options, progress, stop)
        return await cycle.run(sources)


def analyse(settings: Settings, store: Store) -> tuple[list[str], str | None]:
    """Analyse every extracted article; return the ids that were waiting and any error."""
    waiting = store.pending_ids("extracted")
    if not waiting:
        return [], None
    try:
        from pipeline.analysis.stage import analyze_pending

        analyze_pending(store, settings.entities, workers=settings.run_workers)
    except Exception as exc:  # analysis is retried next run; ingest results are already safe
        log.exception("analysis failed; articles stay 'extracted' and are retried next run")
        return [], f"{type(exc).__name__}: {exc}"
    return waiting, None


def sync_search_index(settings: Settings, store: Store, changed: list[str]) -> tuple[int, str | None]:
    """Queue changed articles for the index and bring it level with the store.

    An index that is down loses nothing: rows stay in the outbox until it acknowledges them.
    """
    from indexes.outbox import catch_up

    from kabarchy.backends import make_index

    if changed:
        store.enqueue_index(settings.index_backend, changed)
    try:
        index = make_index(settings)
        index.open()
    except Exception as exc:
        log.error("search index unavailable (%s); %d articles wait in the outbox", exc,
                  store.outbox_size(settings.index_backend))
        return 0, str(exc)
    try:
        report = catch_up(store, index)
    finally:
        index.close()
    return report.indexed, report.error


def ingest(settings: Settings, store: Store, *, sources_path: Path | None = None, all_sources: bool = False,
           progress: Progress | None = None, stop: Callable[[], bool] = lambda: False) -> RunReport:
    """The ingest cycle alone: fetch → archive → extract → dedup → store."""
    loaded = load_configured_sources(settings, store, sources_path)
    problems = [str(p) for p in loaded.problems]
    with _worker_pool(settings.run_workers) as pool, _progress_bar(progress) as bar:
        cycle = asyncio.run(_ingest(settings, store, list(loaded.sources), pool,
                                    cycle_options(settings, all_sources=all_sources), bar, stop))
    return RunReport(cycle=cycle, config_problems=problems)


def run_once(settings: Settings, *, sources_path: Path | None = None, all_sources: bool = False,
             progress: Progress | None = None, stop: Callable[[], bool] = lambda: False) -> RunReport:
    """One pass: ingest due sources, analyse, index. Safe to interrupt and to repeat."""
    with Store.open(settings.store_path) as store:
        report = ingest(settings, store, sources_path=sources_path, all_sources=all_sources, progress=progress,
                        stop=stop)
        if stop():
            return report  # analysis and indexing pick up the rest next run
        report.revisits = _revisit(settings, store, sources_path)
        changed, report.analysis_error = analyse(settings, store)
        report.analysed = len(changed)
        compare_analyses(store)
        report.indexed, report.index_error = sync_search_index(settings, store, changed)
        return report


def _revisit(settings: Settings, store: Store, sources_path: Path | None) -> RevisitReport:
    """Stored articles that are due are fetched again after the cycle's new pages (edits, takedowns)."""
    from kabarchy.revisiting import revisit

    return revisit(settings, store, list(load_sources(sources_path or settings.sources).sources))


class _Stop:
    """First SIGINT/SIGTERM: finish what is in flight, start nothing new. Second: stop at once."""

    def __init__(self) -> None:
        self.requested = False

    def __call__(self, signum: int, frame: object) -> None:
        if self.requested:
            raise KeyboardInterrupt
        log.info("signal %d: finishing requests in flight, then stopping", signum)
        self.requested = True

    def is_set(self) -> bool:
        return self.requested


def run_forever(settings: Settings, *, poll_s: float = 0.5) -> int:
    """Run cycles as sources fall due until SIGINT/SIGTERM."""
    stop = _Stop()
    signal.signal(signal.SIGINT, stop)
    signal.signal(signal.SIGTERM, stop)
    try:
        while not stop.requested:
            report = run_once(settings, stop=stop.is_set)
            log.info("cycle done: %d new, %d extracted, %d failed",
                     report.cycle.total("new_articles"), report.cycle.total("extracted"),
                     report.cycle.total("failed"))
            with Store.open(settings.store_path) as store:
                wait = next_due_in(store).total_seconds()
            deadline = time.monotonic() + wait
            while not stop.requested and time.monotonic() < deadline:
                time.sleep(min(poll_s, max(0.0, deadline - time.monotonic())))
    except KeyboardInterrupt:
        log.info("second signal: stopping at once; the next run resumes from the store")
        return 130
    log.info("stopped")
    return 0


@contextmanager
def _progress_bar(progress: Progress | None) -> Iterator[Progress]:
    """Rich progress on a terminal; periodic plain log lines otherwise."""
    if progress is not None:
        yield progress
        return
    if not sys.stderr.isatty():
        counts: dict[str, int] = {}

        def log_progress(event: str, amount: int) -> None:
            before = counts.get(event, 0)
            counts[event] = before + amount
            if before // 100 != counts[event] // 100:
                log.info("progress: %s", ", ".join(f"{k} {v}" for k, v in sorted(counts.items())))

        yield log_progress
        return
    from rich.progress import BarColumn, Progress as RichProgress, TextColumn

    with RichProgress(TextColumn("{task.description}"), BarColumn(), TextColumn("{task.completed}/{task.total}"),
                      transient=True) as bar:
        task = bar.add_task("articles", total=0)

        def show(event: str, amount: int) -> None:
            if event == "lead":
                bar.update(task, total=(bar.tasks[0].total or 0) + amount)
            elif event in ("extracted", "failed"):
                bar.advance(task, amount)

        yield show
