"""After ingest: analysis → index, run while the cycle is still fetching.

Each source that finishes its pages pokes `Downstream`; a pass then analyses everything
extracted so far and indexes it, so the healthy sources' articles are searchable while one slow
host is still being waited on. Passes run one at a time in the cycle's event loop (the store
has one writer); the analysis itself runs in `AnalysisWorkers`' processes.

A pass is: analyse → index; the last pass of a run also places articles in stories (before
indexing them), so a story never depends on which source happened to finish first.

Registry policy: a registry that does not load stops analysis for the run *loudly*: the error
names the record, is kept in the store for `kabarchy status`, and `run` exits non-zero. We do
not fall back to an older copy: a newsroom should not get silent attributions from a registry
nobody can see. Articles wait at 'extracted' and are analysed by the first run after the fix.
"""

from __future__ import annotations

import asyncio
import hashlib
import logging
from collections import deque
from collections.abc import Callable
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from kabarchy.settings import Settings
from pipeline.store import Store

log = logging.getLogger("kabarchy")

Progress = Callable[[str, int], None]


class RegistryBroken(RuntimeError):
    """The entity registry does not load; the message names the record(s)."""


class AnalysisWorkers:
    """Analysis processes with a loaded Analyzer each, started on first use.

    `run --forever` keeps one of these across cycles, so the models load once; it restarts the
    pool only when the registry file changes. `close()` stops the processes.
    """

    def __init__(self, registry_path: Path, workers: int) -> None:
        self.registry_path = registry_path
        self.workers = workers
        self._pool: ProcessPoolExecutor | None = None
        self._digest = ""
        self.starts = 0  # how many times worker processes were started (the bench reports it)

    def check_registry(self) -> str:
        """Load the registry once here (fast) so a broken record stops us before any worker starts."""
        from pipeline.analysis.registry import Registry, RegistryError

        try:
            Registry.load(self.registry_path)
        except RegistryError as exc:  # its lines already name the file, the record and the line
            raise RegistryBroken(str(exc)) from None
        except OSError as exc:
            raise RegistryBroken(f"{self.registry_path}: {exc.strerror or exc}") from None
        return hashlib.sha1(self.registry_path.read_bytes()).hexdigest()

    def pool(self) -> ProcessPoolExecutor:
        from pipeline.analysis.stage import start_pool

        digest = self.check_registry()
        if self._pool is not None and digest != self._digest:
            log.info("registry changed: restarting the analysis workers")
            self.close()
        if self._pool is None:
            self._pool, self._digest = start_pool(self.registry_path, self.workers), digest
            self.starts += 1
        return self._pool

    async def analyse(self, store: Store, ids: list[str], progress: Progress) -> int:
        """Analyse these articles in the workers, storing each batch as it comes back."""
        from pipeline.analysis.stage import Outcome, Task, save_outcomes, submit, task_batches

        pool = self.pool()
        done = 0
        in_flight: deque[tuple[list[Task], Future[list[Outcome]]]] = deque()

        async def collect() -> int:
            batch, future = in_flight.popleft()
            await asyncio.wait([asyncio.wrap_future(future)])  # the loop keeps fetching meanwhile
            saved = save_outcomes(store, batch, future)  # records a dead worker's batch as failed
            progress("analysed", len(batch))
            return saved

        for batch in task_batches(store, ids):
            in_flight.append((batch, submit(pool, batch)))
            if len(in_flight) > 2 * self.workers:  # bounded: texts wait in the store, not in memory
                done += await collect()
        while in_flight:
            done += await collect()
        return done

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None


@dataclass
class DownstreamReport:
    analysed: int = 0
    analysis_error: str | None = None
    registry_error: str | None = None
    stories_error: str | None = None
    indexed: int = 0
    index_error: str | None = None


class Downstream:
    """Runs passes (analyse → index) when poked, one at a time, until closed; then a last one."""

    def __init__(self, settings: Settings, store: Store, workers: AnalysisWorkers,
                 progress: Progress, stop: Callable[[], bool]) -> None:
        self.settings = settings
        self.store = store
        self.workers = workers
        self.progress = progress
        self.stop = stop
        self.report = DownstreamReport()
        self._wake = asyncio.Event()
        self._indexed: set[str] = set()
        self._closed = False

    def poke(self, source_id: str = "") -> None:
        self._wake.set()

    def close(self) -> None:
        self._closed = True
        self._wake.set()

    async def run(self) -> DownstreamReport:
        while True:
            await self._wake.wait()
            self._wake.clear()
            if self.stop():
                return self.report  # the next run analyses and indexes what is left
            # Closed during a pass, the wake-up is set again: the loop comes back for the last one.
            final = self._closed
            await self._pass(final=final)
            if final:
                return self.report

    async def _pass(self, *, final: bool) -> None:
        changed = await self._analyse()
        if final:  # stories across sources, once all of them are in: the same ids whatever order they came in
            changed = self._stories(changed)
        self._index(changed, final=final)

    async def _analyse(self) -> list[str]:
        if self.report.registry_error:
            return []
        waiting = self.store.pending_ids("extracted")
        if not waiting:
            return []
        try:
            self.report.analysed += await self.workers.analyse(self.store, waiting, self.progress)
        except RegistryBroken as exc:
            self.report.registry_error = str(exc)
            log.error("analysis stopped: %s", exc)
            self.store.log_error("analyse", "registry_invalid", str(exc))
            return []
        except Exception as exc:  # analysis is retried next run; ingest results are already safe
            log.exception("analysis failed; articles stay 'extracted' and are retried next run")
            self.report.analysis_error = f"{type(exc).__name__}: {exc}"
            return []
        return waiting

    def _stories(self, changed: list[str]) -> list[str]:
        """The story stage: articles whose story was set are indexed again, so their story id
        reaches the index."""
        from kabarchy.stories import assign_stories

        storied, error = assign_stories(self.settings, self.store)
        if error:
            self.report.stories_error = error
        return list(dict.fromkeys([*changed, *storied]))

    def _index(self, changed: list[str], *, final: bool) -> None:
        from indexes.outbox import catch_up, sync_index

        from kabarchy.backends import make_index

        backend = self.settings.index_backend
        if changed:
            self.store.enqueue_index(backend, changed)
        if not final and not changed:
            return
        try:
            index = make_index(self.settings)
            index.open()
        except Exception as exc:
            self.report.index_error = str(exc)
            log.error("search index unavailable (%s); %d articles wait in the outbox", exc,
                      self.store.outbox_size(backend))
            return
        try:
            # Mid-run only the outbox; at the end the full check that nothing is missing.
            result = catch_up(self.store, index) if final else sync_index(self.store, index)
        finally:
            index.close()
        # An article indexed mid-run and again with its story at the end counts once.
        fresh = result.indexed_ids - self._indexed
        self._indexed |= result.indexed_ids
        self.report.indexed = len(self._indexed)
        self.progress("indexed", len(fresh))
        self.report.index_error = result.error
