"""The composition root: the one place that builds every part from Settings and lays them end to end.

`run_once` is one whole pass: the ingest cycle, with analysis and indexing following each source
as soon as its pages are in (`kabarchy.flow`), so one slow host holds back only itself.
`run_forever` repeats it as sources fall due, keeping its worker processes (and their loaded
models) between cycles, and stops cleanly on SIGINT/SIGTERM. One run per data folder at a time
(`kabarchy.runlock`). Every stage is idempotent, so a stop
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

from kabarchy.flow import AnalysisWorkers, Downstream
from kabarchy.revisiting import revisit_with
from kabarchy.runlock import run_lock
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
    stories_error: str | None = None
    registry_error: str | None = None  # the registry did not load: analysis stopped (see kabarchy.flow)
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
        max_leads_per_poll=settings.run_max_leads_per_poll,
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


async def _cycle(settings: Settings, store: Store, sources: list[SourceConfig], parts: _Parts,
                 options: CycleOptions, progress: Progress, stop: Callable[[], bool]) -> RunReport:
    """Ingest, with analysis and indexing following each source as it finishes (kabarchy.flow)."""
    # This process only reads the archive (pages of an interrupted run); the extraction
    # workers write it, each to a file of its own.
    archive = WarcArchive(settings.archive_dir)
    downstream = Downstream(settings, store, parts.analysis, progress, stop)
    following = asyncio.create_task(downstream.run())
    try:
        async with Fetcher(fetch_options(settings)) as fetcher:
            cycle = IngestCycle(store, fetcher, archive, parts.extraction, options, progress, stop,
                                finished=downstream.poke)
            report = await cycle.run(sources)
            # Revisits come after the cycle's new pages; edited articles go back to 'extracted',
            # so the downstream's last pass analyses and indexes them.
            revisits = RevisitReport() if stop() else await revisit_with(
                settings, store, fetcher, parts.extraction, sources)
    finally:
        downstream.close()
        after = await following
    compare_analyses(store)
    return RunReport(cycle=report, revisits=revisits, analysed=after.analysed, analysis_error=after.analysis_error,
                     registry_error=after.registry_error, stories_error=after.stories_error,
                     indexed=after.indexed, index_error=after.index_error)


def analyse(settings: Settings, store: Store) -> tuple[list[str], str | None]:
    """Analyse every waiting article now, outside the run loop (the demo's replay, `revisit`);
    return the ids that were waiting and any error."""
    waiting = store.pending_ids("extracted")
    if not waiting:
        return [], None
    from pipeline.analysis.stage import analyze_pending

    try:
        analyze_pending(store, settings.entities, workers=settings.run_workers)
    except Exception as exc:  # analysis is retried next run; what is stored is safe
        log.exception("analysis failed; articles stay 'extracted' and are retried next run")
        return [], f"{type(exc).__name__}: {exc}"
    return waiting, None


def sync_search_index(settings: Settings, store: Store, changed: list[str]) -> tuple[int, str | None]:
    """Queue changed articles for the index and bring it level with the store, outside the run
    loop (`restory`, `revisit`, the web UI's actions). An index that is down loses nothing."""
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


def settle(settings: Settings, store: Store) -> str | None:
    """After work outside the run loop (revisits, the demo's replay): analyse what waits, record
    what edits changed, place articles in stories, and index them. Returns the first error."""
    from kabarchy.stories import assign_stories

    changed, error = analyse(settings, store)
    compare_analyses(store)
    storied, stories_error = assign_stories(settings, store)
    _, index_error = sync_search_index(settings, store, list(dict.fromkeys([*changed, *storied])))
    return error or stories_error or index_error


def ingest(settings: Settings, store: Store, *, sources_path: Path | None = None, all_sources: bool = False,
           progress: Progress | None = None, stop: Callable[[], bool] = lambda: False) -> RunReport:
    """The ingest cycle alone: fetch → archive → extract → dedup → store (the ingest bench)."""
    loaded = load_configured_sources(settings, store, sources_path)

    async def cycle(pool: ProcessPoolExecutor, bar: Progress) -> CycleReport:
        async with Fetcher(fetch_options(settings)) as fetcher:
            return await IngestCycle(store, fetcher, WarcArchive(settings.archive_dir), pool,
                                     cycle_options(settings, all_sources=all_sources), bar, stop).run(loaded.sources)

    with _worker_pool(settings.run_workers) as pool, _progress_bar(progress) as bar:
        report = asyncio.run(cycle(pool, bar))
    return RunReport(cycle=report, config_problems=[str(p) for p in loaded.problems])


@dataclass
class _Parts:
    """The worker processes a cycle uses: extraction, and analysis with its models loaded."""

    extraction: ProcessPoolExecutor
    analysis: AnalysisWorkers


@contextmanager
def _parts(settings: Settings) -> Iterator[_Parts]:
    with _worker_pool(settings.run_workers) as extraction:
        analysis = AnalysisWorkers(settings.entities, settings.run_workers)
        try:
            yield _Parts(extraction, analysis)
        finally:
            analysis.close()


def _run_cycle(settings: Settings, parts: _Parts, *, sources_path: Path | None, all_sources: bool,
               progress: Progress | None, stop: Callable[[], bool]) -> RunReport:
    with Store.open(settings.store_path) as store, _progress_bar(progress) as bar:
        loaded = load_configured_sources(settings, store, sources_path)
        report = asyncio.run(_cycle(settings, store, list(loaded.sources), parts,
                                    cycle_options(settings, all_sources=all_sources), bar, stop))
        report.config_problems = [str(p) for p in loaded.problems]
        return report


def run_once(settings: Settings, *, sources_path: Path | None = None, all_sources: bool = False,
             progress: Progress | None = None, stop: Callable[[], bool] = lambda: False) -> RunReport:
    """One pass: ingest due sources, analyse, index. Safe to interrupt and to repeat.

    Raises RunLocked when another run holds the data folder, SourcesError when the sources file
    cannot be read at all.
    """
    with run_lock(settings.data_dir), _parts(settings) as parts:
        return _run_cycle(settings, parts, sources_path=sources_path, all_sources=all_sources,
                          progress=progress, stop=stop)


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
    """Run cycles as sources fall due until SIGINT/SIGTERM.

    The worker processes (extraction, and analysis with its models loaded) live for the whole
    run, not one cycle: loading them is paid once (`bench/forever_cycle.py` measures it).
    """
    stop = _Stop()
    signal.signal(signal.SIGINT, stop)
    signal.signal(signal.SIGTERM, stop)
    try:
        with run_lock(settings.data_dir), _parts(settings) as parts:
            _forever(settings, parts, stop, poll_s)
    except KeyboardInterrupt:
        log.info("second signal: stopping at once; the next run resumes from the store")
        return 130
    log.info("stopped")
    return 0


def _forever(settings: Settings, parts: _Parts, stop: _Stop, poll_s: float) -> None:
    while not stop.requested:
        report = _run_cycle(settings, parts, sources_path=None, all_sources=False, progress=None,
                            stop=stop.is_set)
        log.info("cycle done: %d new, %d extracted, %d failed, %d analysed, %d indexed",
                 report.cycle.total("new_articles"), report.cycle.total("extracted"),
                 report.cycle.total("failed"), report.analysed, report.indexed)
        _digests_after_cycle(settings)
        with Store.open(settings.store_path) as store:
            wait = next_due_in(store).total_seconds()
        deadline = time.monotonic() + wait
        while not stop.requested and time.monotonic() < deadline:
            time.sleep(min(poll_s, max(0.0, deadline - time.monotonic())))


def _digests_after_cycle(settings: Settings) -> None:
    """Digests and alerts (issue 12): the daily digest once its hour has come, instant alerts
    after every cycle. It logs its own problems and never stops the loop."""
    from kabarchy.digests import after_cycle

    after_cycle(settings)


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
        fetching = bar.add_task("articles", total=0)
        analysing = bar.add_task("analysed", total=0)
        indexing = bar.add_task("indexed", total=None)

        def show(event: str, amount: int) -> None:
            if event == "lead":
                bar.update(fetching, total=(bar.tasks[fetching].total or 0) + amount)
            elif event in ("extracted", "failed"):
                bar.advance(fetching, amount)
                if event == "extracted":
                    bar.update(analysing, total=(bar.tasks[analysing].total or 0) + amount)
            elif event == "analysed":  # an earlier run's articles count too
                task = bar.tasks[analysing]
                bar.update(analysing, total=max(task.total or 0, task.completed + amount))
                bar.advance(analysing, amount)
            elif event == "indexed":
                bar.advance(indexing, amount)

        yield show
