"""One ingest cycle: due sources → leads → pages → WARC → extracted, deduplicated articles.

The stages do not know their position; this module lays them end to end. Fetching is async
(politeness lives in the Fetcher); extraction is CPU-bound and runs in a process pool fed as
pages arrive, so both cores work while the network waits. Every write goes to the store as an
idempotent upsert, so a cycle killed at any point is resumed by simply running it again:
leads already found are skipped, fetched pages are re-read from the WARC archive, and only
work that was never acknowledged by the store is done again.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable, Sequence
from concurrent.futures import Executor
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path

from pipeline.archive import WarcArchive
from pipeline.extract import ExtractionFailed, extract
from pipeline.feeds import FeedError, parse_feed
from pipeline.fetch import FetchError, Fetcher
from pipeline.listing import parse_listing, parse_sitemap
from pipeline.records import ExtractedArticle, FeedEntry, FetchResult, SourceConfig
from pipeline.schedule import next_interval
from pipeline.store import Store, transaction
from pipeline.store.db import utcnow
from pipeline.store.store import entry_from_json
from pipeline.urls import article_id, title_key

log = logging.getLogger(__name__)

FEED_FALLBACK_MIN_CHARS = 250  # a feed entry this long can stand in for a page that failed
MAX_CHILD_SITEMAPS = 20


@dataclass(frozen=True)
class CycleOptions:
    max_articles_per_source: int = 500
    max_leads_per_poll: int = 1000  # new links one endpoint may queue per poll, newest first
    min_interval_s: float = 300.0
    max_interval_s: float = 14_400.0
    only_due: bool = True  # False: poll every source now (the demo, `run --all`)


@dataclass
class SourceReport:
    source_id: str
    endpoints_ok: int = 0
    endpoints_failed: int = 0
    new_articles: int = 0
    fetched: int = 0
    extracted: int = 0
    duplicates: int = 0
    failed: int = 0
    dropped: int = 0  # new links beyond the per-poll cap, oldest first
    retry_after_s: float = 0.0  # the longest Retry-After a server asked of us this cycle
    errors: list[str] = field(default_factory=list)
    error_kinds: list[str] = field(default_factory=list)  # of failed endpoints: 'dns', 'timeout', ...

    @property
    def ok(self) -> bool:
        return self.endpoints_failed == 0


@dataclass
class CycleReport:
    sources: dict[str, SourceReport] = field(default_factory=dict)

    def total(self, attr: str) -> int:
        return sum(getattr(r, attr) for r in self.sources.values())


Progress = Callable[[str, int], None]  # (event, amount): "lead", "fetched", "extracted", "failed"


def _no_progress(event: str, amount: int) -> None:
    return None


def _never() -> bool:
    return False


class IngestCycle:
    """Runs one cycle. Give it its parts once; `run()` may be called again for the next cycle."""

    def __init__(
        self,
        store: Store,
        fetcher: Fetcher,
        archive: WarcArchive,
        pool: Executor,
        options: CycleOptions,
        progress: Progress = _no_progress,
        stop: Callable[[], bool] = _never,
        finished: Callable[[str], None] = lambda source_id: None,
    ) -> None:
        self.store = store
        self.fetcher = fetcher
        self.archive = archive
        self.pool = pool
        self.options = options
        self.progress = progress
        self.stop = stop  # asked before each new request: a stop lets in-flight work finish
        self.finished = finished  # told when a source's pages are all in: analysis need not wait for the rest

    async def run(self, sources: Sequence[SourceConfig]) -> CycleReport:
        report = CycleReport()
        now = utcnow()
        self.store.sync_sources(sources, now)
        due = set(self.store.due_sources(now)) if self.options.only_due else {s.id for s in sources}
        chosen = [s for s in sources if s.id in due]
        for s in chosen:
            report.sources[s.id] = SourceReport(s.id)
        by_id = {s.id: s for s in sources}
        # Each source fetches its pages as soon as its own leads are in, so one slow feed does
        # not hold the others back; then come the retries of every configured source (the next
        # run retries what failed) and pages archived by an interrupted run.
        await asyncio.gather(*(self._source(s, report) for s in chosen))
        await self._fetch_and_extract({k: v for k, v in by_id.items() if k not in due}, report)
        await self._extract_stored(by_id, report)
        if not self.stop():
            for s in chosen:
                self._finish_source(s, report.sources[s.id])
        return report

    async def _source(self, source: SourceConfig, report: CycleReport) -> None:
        await self._discover(source, report.sources[source.id])
        await self._fetch_and_extract({source.id: source}, report)
        self.finished(source.id)

    # -------------------------------------------------------------- discovery
    async def _discover(self, source: SourceConfig, rep: SourceReport) -> None:
        endpoints: list[tuple[str, str, str]] = [(u, "feed", "") for u in source.feeds]
        endpoints += [(u, "sitemap", "") for u in source.sitemaps]
        endpoints += [(l.url, "listing", l.link_pattern) for l in source.listings]
        queue = list(endpoints)
        seen: set[str] = set()
        while queue and not self.stop():
            url, kind, pattern = queue.pop(0)
            if url in seen:
                continue
            seen.add(url)
            entries, children = await self._read_endpoint(source, rep, url, kind, pattern)
            for child in children[:MAX_CHILD_SITEMAPS]:
                queue.append((child, "sitemap", ""))
            new = self.store.discover_many(self._capped(source, rep, url, kind, entries))
            rep.new_articles += new
            self.progress("lead", new)

    def _capped(self, source: SourceConfig, rep: SourceReport, url: str, kind: str,
                entries: list[FeedEntry]) -> list[tuple[str, FeedEntry]]:
        """The endpoint's new links, newest first, at most `max_leads_per_poll`; the rest are
        dropped (the next poll of a live feed shows its new items again) and counted on record."""
        leads = list({article_id(e.url): e for e in entries}.items())
        known = self.store.known_ids([aid for aid, _ in leads])
        fresh = [(aid, e) for aid, e in leads if aid not in known]
        cap = self.options.max_leads_per_poll
        if len(fresh) <= cap:
            return fresh
        fresh.sort(key=lambda lead: lead[1].published.timestamp() if lead[1].published else float("-inf"),
                   reverse=True)
        dropped = len(fresh) - cap
        message = (f"{url}: {len(fresh)} new links in one poll; queued the newest {cap}, "
                   f"dropped {dropped} older ones (run.max_leads_per_poll)")
        log.warning("%s: %s", source.id, message)
        self.store.log_error(kind, "backlog_dropped", message, source_id=source.id, url=url)
        rep.dropped += dropped
        rep.errors.append(message)
        return fresh[:cap]

    async def _read_endpoint(
        self, source: SourceConfig, rep: SourceReport, url: str, kind: str, pattern: str
    ) -> tuple[list[FeedEntry], list[str]]:
        state = self.store.endpoint(url)
        try:
            result = await self.fetcher.fetch(
                url,
                etag=state["etag"] if state else None,
                last_modified=state["last_modified"] if state else None,
                allow_private=source.allow_private,
            )
        except FetchError as exc:
            if exc.retry_after:
                rep.retry_after_s = max(rep.retry_after_s, exc.retry_after)
            self._endpoint_failed(source, rep, url, kind, exc.kind, str(exc), exc.status)
            return [], []
        if result.not_modified:
            self.store.record_endpoint(url, source.id, kind, status=304)
            rep.endpoints_ok += 1
            return [], []
        try:
            # Parsing is CPU-bound: it runs in the pool, so this process keeps fetching.
            entries, children, problem = await asyncio.get_running_loop().run_in_executor(
                self.pool, _parse_endpoint, kind, result.body, result.final_url, source.id, pattern,
                result.headers, result.encoding)
        except (FeedError, ValueError) as exc:
            self._endpoint_failed(source, rep, url, kind, f"malformed_{kind}", str(exc), result.status)
            return [], []
        self.store.record_endpoint(
            url, source.id, kind, status=result.status,
            etag=result.headers.get("etag"), last_modified=result.headers.get("last-modified"),
        )
        rep.endpoints_ok += 1
        if problem:
            # A broken feed still yields what could be recovered; the problem is on record.
            self.store.log_error(kind, f"malformed_{kind}", problem, source_id=source.id, url=url)
            rep.errors.append(f"{url}: {problem}")
        return entries, children

    def _endpoint_failed(self, source: SourceConfig, rep: SourceReport, url: str, kind: str,
                         error_kind: str, message: str, status: int | None) -> None:
        # A FetchError's text already names its kind and URL; a parse error's does not.
        text = message if message.startswith(error_kind) else f"{error_kind}: {url}: {message}"
        log.debug("%s: %s failed: %s", source.id, kind, text)
        self.store.record_endpoint(url, source.id, kind, status=status, error=text)
        self.store.log_error(kind, error_kind, text, source_id=source.id, url=url)
        rep.endpoints_failed += 1
        rep.errors.append(text)
        rep.error_kinds.append(error_kind)

    # ------------------------------------------------------- pages → extracted
    async def _fetch_and_extract(self, sources: dict[str, SourceConfig], report: CycleReport) -> None:
        """Each source's waiting leads, oldest first, up to its cap for one cycle."""
        cap = self.options.max_articles_per_source
        await asyncio.gather(*(
            self._one_page(row, source, report)
            for source in sources.values()
            for row in self.store.pending("discovered", source_id=source.id, limit=cap)
        ))

    async def _one_page(self, row, source: SourceConfig, report: CycleReport) -> None:  # type: ignore[no-untyped-def]
        if self.stop():
            return
        rep = report.sources.setdefault(source.id, SourceReport(source.id))
        entry = entry_from_json(row["entry_json"]) if row["entry_json"] else None
        try:
            result = await self.fetcher.fetch(row["url"], allow_private=source.allow_private)
        except FetchError as exc:
            if entry is not None and len(entry.content or entry.summary) >= FEED_FALLBACK_MIN_CHARS:
                # The page is unreachable but the feed carried the article: keep that, note why.
                self.store.log_error("fetch", exc.kind, f"{exc}; used the feed's content",
                                     source_id=source.id, article_id=row["id"], url=row["url"])
                await self._extract_and_save(row["id"], source, rep, _extract_page, None, b"", row["url"], None,
                                             entry)
                return
            self._failed(rep, row["id"], "fetch", exc.kind, str(exc), retryable=exc.retryable)
            return
        if result.status >= 400 or result.not_modified:
            self._failed(rep, row["id"], "fetch", f"http_{result.status}", "unexpected status")
            return
        rep.fetched += 1
        self.progress("fetched", 1)
        # A worker archives the page and extracts it; the fetch is recorded with the extraction,
        # in one commit. Killed in between, the article is still 'discovered' and is fetched
        # again; the WARC record stays, harmless.
        await self._extract_and_save(row["id"], source, rep, _archive_and_extract, self.archive.folder,
                                     result, entry, fetched=result)

    async def _extract_stored(self, sources: dict[str, SourceConfig], report: CycleReport) -> None:
        """Articles fetched by an earlier, interrupted run: re-read their page from the WARC."""
        rows = [r for r in self.store.pending("fetched") if r["source_id"] in sources]
        jobs = []
        for row in rows:
            source = sources[row["source_id"]]
            rep = report.sources.setdefault(source.id, SourceReport(source.id))
            entry = entry_from_json(row["entry_json"]) if row["entry_json"] else None
            if row["warc_file"] is None:
                continue
            try:
                page: FetchResult = self.archive.read(row["warc_file"], row["warc_offset"])
            except (OSError, ValueError) as exc:
                self._failed(rep, row["id"], "extract", "archive_unreadable", str(exc))
                continue
            jobs.append(self._extract_and_save(row["id"], source, rep, _extract_page, None, page.body,
                                               page.final_url, page.encoding, entry))
        await asyncio.gather(*jobs)

    async def _extract_and_save(self, aid: str, source: SourceConfig, rep: SourceReport,
                                job: Callable[..., _Extracted], *args: object,
                                fetched: FetchResult | None = None) -> None:
        try:
            out = await asyncio.get_running_loop().run_in_executor(self.pool, job, *args)
        except Exception as exc:  # a crash in one page must not stop the run; the next run retries
            log.exception("extracting %s failed", aid)
            self._failed(rep, aid, "extract", type(exc).__name__, str(exc))
            return
        if out.article is None:
            if fetched is not None and out.warc is not None:
                self.store.save_fetch(aid, fetched, *out.warc)  # archived: a retry re-reads it
            self._failed(rep, aid, "extract", "no_text", out.failure or "", retryable=False)
            return
        art = out.article
        key = title_key(art.title)
        with transaction(self.store.conn):
            if fetched is not None and out.warc is not None:
                self.store.save_fetch(aid, fetched, *out.warc)
            dup = self.store.find_title_duplicate(source.id, key, art.published, exclude_id=aid)
            if dup is None and art.content_hash:
                dup = self.store.find_content_duplicate(source.id, art.content_hash, exclude_id=aid)
            self.store.save_extracted(aid, art, key, duplicate_of=dup)
        if dup:
            rep.duplicates += 1
        else:
            rep.extracted += 1
        self.progress("extracted", 1)

    def _failed(self, rep: SourceReport, aid: str, stage: str, kind: str, message: str,
                retryable: bool = True) -> None:
        """An article that failed this time: on record with its backoff, counted, shown."""
        self.store.record_failure(aid, stage, kind, message, retryable=retryable)
        rep.failed += 1
        self.progress("failed", 1)

    # -------------------------------------------------------------- schedule
    def _finish_source(self, source: SourceConfig, rep: SourceReport) -> None:
        row = self.store.source_row(source.id)
        current = float(row["interval_s"]) if row else source.interval_minutes * 60.0
        interval = next_interval(
            current, new_items=rep.new_articles, ok=rep.ok, configured_s=source.interval_minutes * 60.0,
            min_s=self.options.min_interval_s, max_s=self.options.max_interval_s,
        )
        interval = max(interval, rep.retry_after_s)  # a server's Retry-After is a floor
        self.store.finish_source_run(source.id, ok=rep.ok, interval_s=interval,
                                     error="; ".join(rep.errors[-3:]) or None)


def _parse_endpoint(kind: str, body: bytes, url: str, source_id: str, pattern: str, headers: dict[str, str],
                    encoding: str | None) -> tuple[list[FeedEntry], list[str], str | None]:
    """(leads, child sitemaps, recovered-from problem) of a feed, sitemap or listing page."""
    if kind == "feed":
        parsed = parse_feed(body, url=url, source_id=source_id, headers=headers)
        return list(parsed.entries), [], parsed.error
    if kind == "sitemap":
        entries, children = parse_sitemap(body, url=url, source_id=source_id)
        return entries, children, None
    return parse_listing(body, base_url=url, link_pattern=pattern, source_id=source_id, encoding=encoding), [], None


@dataclass(frozen=True)
class _Extracted:
    """What a worker made of one page: where it archived it (if it did) and the article, or why not."""

    warc: tuple[str, int] | None
    article: ExtractedArticle | None
    failure: str | None = None


# Worker-process state: each extraction worker appends to a WARC file of its own, opened on its
# first page (WarcArchive names files exclusively, so workers never share one).
_WORKER_ARCHIVES: dict[Path, WarcArchive] = {}


def _archive_and_extract(folder: Path, page: FetchResult, entry: FeedEntry | None) -> _Extracted:
    """Runs in a worker: archiving there keeps WARC gzip and digests off the fetching process."""
    archive = _WORKER_ARCHIVES.get(folder)
    if archive is None:
        archive = _WORKER_ARCHIVES[folder] = WarcArchive(folder)
        archive.open()
    return _extract_page(archive.write(page), page.body, page.final_url, page.encoding, entry)


def _extract_page(warc: tuple[str, int] | None, body: bytes, url: str, encoding: str | None,
                  entry: FeedEntry | None) -> _Extracted:
    try:
        return _Extracted(warc, extract(body, url=url, encoding=encoding, entry=entry))
    except ExtractionFailed as exc:
        return _Extracted(warc, None, str(exc))


def next_due_in(store: Store, now: datetime | None = None) -> timedelta:
    """How long until the next source is due (for `run --forever`)."""
    now = now or utcnow()
    row = store.conn.execute("SELECT MIN(next_due) FROM sources").fetchone()
    if not row or row[0] is None:
        return timedelta(0)
    return max(timedelta(0), datetime.fromisoformat(row[0]) - now)
