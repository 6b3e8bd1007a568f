"""One revisit cycle: fetch stored articles again on schedule, record edits and takedowns.

Runs after the ingest cycle's new pages, through the same Fetcher (same per-host spacing and
concurrency, conditional GET first), and takes at most `RevisitPlan.max_per_cycle` pages, so
revisits never crowd out new articles. A page is archived again only when its bytes changed.
An edit becomes a new version (with its word diff) and the article goes back to `extracted`,
so the normal analysis and index steps bring entities, statements and the index up to date;
`compare_analyses` then records what the edit added or removed. Nothing is ever deleted.
"""

from __future__ import annotations

import asyncio
import hashlib
import logging
from collections import Counter
from collections.abc import Callable, Mapping
from concurrent.futures import Executor
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from pipeline.archive import ArchiveError, WarcArchive
from pipeline.extract import ExtractionFailed, extract
from pipeline.fetch import FetchError, Fetcher
from pipeline.records import ExtractedArticle, FetchResult, SourceConfig
from pipeline.revisits.noise import Version, diff_versions, fold_line, is_edit
from pipeline.revisits.outcome import Outcome, body_gone, from_error, redirected_away
from pipeline.revisits.schedule import RevisitPlan
from pipeline.revisits.states import Current, decide
from pipeline.store import Store
from pipeline.store.db import utcnow
from pipeline.store.revisits import DueRevisit, RevisitLog

log = logging.getLogger(__name__)


@dataclass
class RevisitReport:
    revisited: int = 0
    outcomes: Counter[str] = field(default_factory=Counter)
    edits: int = 0
    events: Counter[str] = field(default_factory=Counter)  # removed | redirected | unreachable | restored


def _sha(body: bytes) -> str:
    return hashlib.sha256(body).hexdigest()


def _read_page(body: bytes, url: str, encoding: str | None, folder: Path, known_sha: str | None,
               warc: tuple[str, int] | None) -> tuple[ExtractedArticle | None, str, bool]:
    """In a worker: the page's article (None if it has none), the sha256 of its bytes, and whether
    they changed since they were last archived (the first revisit reads the archived page to know)."""
    if known_sha is None and warc is not None:
        try:
            known_sha = _sha(WarcArchive(folder).read(*warc).body)
        except (ArchiveError, OSError):
            known_sha = None
    try:
        article = extract(body, url=url, encoding=encoding, entry=None)
    except ExtractionFailed:
        article = None
    sha = _sha(body)
    return article, sha, sha != known_sha


def analysis_snapshot(store: Store, article_id: str) -> dict[str, list[dict[str, object]]]:
    """An article's current entities and statements, as a version keeps them."""
    return {
        "entities": [{"entity_id": m.entity_id, "name": m.name, "type": m.entity_type}
                     for m in {m.entity_id: m for m in store.mentions(article_id)}.values()],
        "statements": [{"speaker_id": s.speaker_id, "speaker_surface": s.speaker_surface, "text": s.text,
                        "kind": s.kind} for s in store.statements(article_id)],
    }


class RevisitCycle:
    """Give it its parts once; `run()` does one bounded revisit pass."""

    def __init__(self, store: Store, fetcher: Fetcher, archive_folder: Path, plan: RevisitPlan,
                 sources: Mapping[str, SourceConfig], pool: Executor | None = None,
                 clock: Callable[[], datetime] = utcnow) -> None:
        self.store = store
        self.log = RevisitLog(store.conn)
        self.fetcher = fetcher
        self.archive = WarcArchive(archive_folder)
        self.plan = plan
        self.sources = sources
        self.pool = pool
        self.clock = clock
        self._titles: dict[str, set[str]] = {}
        self._archive_open = False  # a file is started only when a changed page must be archived

    async def run(self, *, all_due: bool = False) -> RevisitReport:
        """One pass; `all_due` makes every stored article due now (a full re-check, still capped)."""
        now = self.clock()
        self.schedule_new(now)
        if all_due:
            self.log.make_all_due(now)
        report = RevisitReport()
        due = self.log.due(now, self.plan.max_per_cycle)
        if not due:
            return report
        try:
            await asyncio.gather(*(self._one(item, report) for item in due))
        finally:
            if self._archive_open:
                self.archive.close()
        return report

    def schedule_new(self, now: datetime) -> int:
        """Give every stored article without one its revisit schedule."""
        planned = []
        for article_id, base, seen in self.log.unplanned():
            step, nxt = self.plan.next_scheduled(base, now)
            planned.append((article_id, base, seen, step, nxt))
        self.log.plan(planned)
        return len(planned)

    async def _one(self, item: DueRevisit, report: RevisitReport) -> None:
        source = self.sources.get(item.source_id)
        allow = source.allow_private if source else False
        now = self.clock()
        etag = last_modified = sha = None
        try:
            result = await self.fetcher.fetch(item.url, etag=item.etag, last_modified=item.last_modified,
                                              allow_private=allow)
        except FetchError as exc:
            outcome = from_error(exc.kind, exc.status, str(exc))
        else:
            if redirected_away(item.url, result.final_url):
                outcome = Outcome("redirected", f"now lands on {result.final_url}", result.status, result.final_url)
            elif result.not_modified:
                outcome = Outcome("unchanged", "304", 304, result.final_url)
            else:
                outcome, sha = await self._compare(item, result, now, report)
            if not outcome.failed:  # validators of the article's own page only, never of a landing page
                etag, last_modified = result.headers.get("etag"), result.headers.get("last-modified")
        report.revisited += 1
        report.outcomes[outcome.kind] += 1
        self._apply(item, outcome, now, report, etag=etag, last_modified=last_modified, body_sha=sha)

    async def _compare(self, item: DueRevisit, result: FetchResult, now: datetime,
                       report: RevisitReport) -> tuple[Outcome, str]:
        archived = (item.warc_file, item.warc_offset) if item.warc_file and item.warc_offset is not None else None
        new, sha, changed_bytes = await asyncio.get_running_loop().run_in_executor(
            self.pool, _read_page, result.body, result.final_url, result.encoding, self.archive.folder,
            item.body_sha, archived)
        warc = self._archive(result) if changed_bytes else None
        if new is None or body_gone(len(item.text), len(new.text)):
            return Outcome("body_gone", "the page no longer carries the article", result.status,
                           result.final_url), sha
        old_v, new_v = Version(item.title, item.lead, item.text), Version(new.title, new.lead, new.text)
        if not is_edit(old_v, new_v, self._other_title(item)):
            return Outcome("unchanged", "same words", result.status, result.final_url), sha
        version = item.versions + 1
        self.log.ensure_current_version(item, analysis_snapshot(self.store, item.article_id))
        self.log.add_version(item.article_id, version, now, new.title, new.lead, new.text, new.content_hash, warc,
                             diff_versions(old_v, new_v))
        report.edits += 1
        return Outcome("live", f"edited: version {version}", result.status, result.final_url), sha

    def _archive(self, result: FetchResult) -> tuple[str, int]:
        if not self._archive_open:
            self.archive.open()
            self._archive_open = True
        return self.archive.write(result)

    def _other_title(self, item: DueRevisit) -> Callable[[str], bool]:
        """Lines that are other articles' titles of the same source: rotating related links."""
        titles = self._titles.get(item.source_id)
        if titles is None:
            rows = self.store.conn.execute("SELECT title FROM articles WHERE source_id=? AND title IS NOT NULL",
                                           (item.source_id,))
            titles = self._titles[item.source_id] = {fold_line(r[0]) for r in rows}
        own = fold_line(item.title)
        return lambda line: line != own and line in titles

    def _apply(self, item: DueRevisit, outcome: Outcome, now: datetime, report: RevisitReport, *,
               etag: str | None, last_modified: str | None, body_sha: str | None) -> None:
        current = Current(item.state, item.failures, item.failure_kind, item.first_failed_at, item.base_at)
        d = decide(current, outcome, now, self.plan)
        self.log.record_visit(item.article_id, now, outcome.kind, step=d.step, next_at=d.next_at, state=d.state,
                              failures=d.failures, failure_kind=d.failure_kind, first_failed_at=d.first_failed_at,
                              good=d.good, etag=etag, last_modified=last_modified, body_sha=body_sha,
                              state_changed=d.event is not None)
        if d.event:
            row = self.log.row(item.article_id)
            self.log.log_change(item.article_id, now, d.event, item.versions, {
                "previous_state": item.state, "outcome": outcome.kind, "detail": outcome.detail,
                "status": outcome.status, "final_url": outcome.final_url,
                "last_good_at": row["last_good_at"] if row else None,
                "first_failed_at": current.first_failed_at.isoformat() if current.first_failed_at else now.isoformat(),
            })
            report.events[d.event] += 1
            log.info("%s: %s (%s)", item.url, d.event, outcome.detail)


def compare_analyses(store: Store) -> int:
    """After re-analysis: record which statements and entities each new version removed or added."""
    revisits = RevisitLog(store.conn)
    done = 0
    for row in revisits.unanalysed_versions():
        article_id, version = row["article_id"], row["version"]
        old = revisits.version_analysis(article_id, version - 1) or {"entities": [], "statements": []}
        new = analysis_snapshot(store, article_id)
        changes: list[tuple[str, str, int | None, str | None, str, str]] = []
        old_s = {(s["speaker_id"], fold_line(str(s["text"]))): s for s in old["statements"]}
        new_s = {(s["speaker_id"], fold_line(str(s["text"]))): s for s in new["statements"]}
        for key in old_s.keys() - new_s.keys():
            s = old_s[key]
            changes.append(("statement", "removed", version - 1, s["speaker_id"], str(s["speaker_surface"]),
                            str(s["text"])))
        for key in new_s.keys() - old_s.keys():
            s = new_s[key]
            changes.append(("statement", "added", None, s["speaker_id"], str(s["speaker_surface"]), str(s["text"])))
        old_e = {str(e["entity_id"]): e for e in old["entities"]}
        new_e = {str(e["entity_id"]): e for e in new["entities"]}
        for eid in sorted(old_e.keys() - new_e.keys()):
            changes.append(("entity", "removed", version - 1, eid, str(old_e[eid]["name"]), ""))
        for eid in sorted(new_e.keys() - old_e.keys()):
            changes.append(("entity", "added", None, eid, str(new_e[eid]["name"]), ""))
        revisits.save_analysis_changes(article_id, version, new, changes)
        done += 1
    return done
