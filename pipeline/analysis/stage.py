"""The analysis stage: an article's text → its entity mentions and statements.

`Analyzer` is built once per process (it holds the spaCy pipelines and, for Russian, the slovnet
model: ≈1 s to load, ≈300 MB). `analyze_pending` runs it over the store on both cores: a process
pool whose initializer loads one Analyzer per worker; the parent alone writes to the store.

Long texts are cut into chunks at paragraph or sentence ends (spaCy refuses texts over
`nlp.max_length`, and one huge doc costs memory for nothing); the model itself only ever sees
batches of whole sentences (`components.SlovnetNER`).
"""

from __future__ import annotations

import hashlib
import logging
import os
import re
from collections import deque
from collections.abc import Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone
from multiprocessing import get_context
from pathlib import Path

from spacy.language import Language
from spacy.tokens import Doc

from pipeline.analysis.components import COMPONENTS_VERSION, sentences as doc_sentences
from pipeline.analysis.linking import ArticleContext, Linker
from pipeline.analysis.nlp import PIPELINE_LANGS, build_pipeline
from pipeline.analysis.provisional import is_provisional
from pipeline.analysis.registry import Registry
from pipeline.analysis.statements import find_statements
from pipeline.records import Analysis, Mention
from pipeline.store.db import transaction
from pipeline.store.store import Store

log = logging.getLogger(__name__)

STAGE = "analyse"
ANALYZER_VERSION = "2"  # 2: gender, countries, foreign bodies, titles, dated names
CHUNK_CHARS = 50_000  # one spaCy doc at most; cut at a paragraph or sentence end
ARTICLES_PER_TASK = 16  # articles sent to a worker at once (and batched through the model together)
THREAD_VARS = ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS")
KYRGYZSTAN = timezone(timedelta(hours=6))
_CUTS = tuple(re.compile(p) for p in (r"\n\s*\n", r"\n", r"(?<=[.!?…])\s+", r"\s+"))  # best first


def chunks(text: str, size: int = CHUNK_CHARS) -> Iterator[tuple[int, str]]:
    """(offset, piece) pieces of at most `size` characters, cut at the last paragraph break
    before the limit, else the last line break, sentence end, space (hard at the limit only
    when the window holds none of them)."""
    start = 0
    while len(text) - start > size:
        window = text[start:start + size]
        cut = next((end for cut_re in _CUTS if (end := _last_end(cut_re, window, size // 2))), size)
        yield start, text[start:start + cut]
        start += cut
    if start < len(text):
        yield start, text[start:]


def _last_end(cut_re: re.Pattern[str], window: str, pos: int) -> int | None:
    ends = [m.end() for m in cut_re.finditer(window, pos)]
    return ends[-1] if ends else None


def _day(published: datetime | None) -> date | None:
    """The article's day in Kyrgyzstan (UTC+6, no daylight saving): posts change by local date."""
    if published is None:
        return None
    return (published.astimezone(KYRGYZSTAN) if published.tzinfo else published).date()


def analyzer_version(registry_path: Path, *, with_model: bool = True) -> str:
    """What an analysis was made with: the code's versions and the registry file's digest, so
    `reanalyze --stale` knows which stored articles an update has not reached."""
    digest = hashlib.sha1(Path(registry_path).read_bytes()).hexdigest()[:8]
    return f"{ANALYZER_VERSION}.{COMPONENTS_VERSION}+{'ner' if with_model else 'rules'}.{digest}"


@dataclass
class Analyzer:
    """The spaCy pipelines per language, the linker and the registry; build with `load`."""

    registry: Registry
    pipelines: dict[str, Language]
    linker: Linker
    version: str

    @classmethod
    def load(cls, registry_path: Path, *, with_model: bool = True) -> Analyzer:
        registry = Registry.load(registry_path)
        pipelines = {lang: build_pipeline(lang, registry, with_model=with_model)
                     for lang in (*PIPELINE_LANGS, "xx")}
        return cls(registry, pipelines, Linker(registry), analyzer_version(registry_path, with_model=with_model))

    def pipeline(self, lang: str) -> Language:
        """Russian and Kyrgyz get their own pipelines; every other language only the ruler."""
        return self.pipelines.get(lang, self.pipelines["xx"])

    def analyze(self, text: str, lang: str, published: datetime | None) -> Analysis:
        return self.analyze_many([(text, lang, published)])[0]

    def analyze_many(self, items: list[tuple[str, str, datetime | None]]) -> list[Analysis]:
        """Analyses of many texts, in order. The texts of one language go through spaCy together,
        so the Russian model sees full batches of sentences from several articles at once."""
        results: list[Analysis] = [Analysis(analyzer_version=self.version)] * len(items)
        by_lang: dict[str, list[int]] = {}
        for i, (text, lang, _) in enumerate(items):
            if text and text.strip():
                by_lang.setdefault(lang, []).append(i)
        for lang, indices in by_lang.items():
            pieces = {i: list(chunks(items[i][0])) for i in indices}
            docs = iter(self.pipeline(lang).pipe(piece for i in indices for _, piece in pieces[i]))
            for i in indices:
                results[i] = self._article(items[i], [(offset, next(docs)) for offset, _ in pieces[i]])
        return results

    def _article(self, item: tuple[str, str, datetime | None], docs: list[tuple[int, Doc]]) -> Analysis:
        text, lang, published = item
        ctx = ArticleContext(day=_day(published), lang=lang)
        mentions: list[Mention] = []
        sentences: list[tuple[int, int]] = []
        for offset, doc in docs:
            sentences += [(offset + s.start_char, offset + s.end_char) for s in doc_sentences(doc)]
            mentions += self.linker.link(doc, offset, ctx)
        mentions.sort(key=lambda m: (m.start, m.end))
        statements = find_statements(text, lang, mentions, sentences, self.registry, ctx.day)
        return Analysis(tuple(mentions), tuple(statements), self.version)

# ---------------------------------------------------------------------- the worker side
_worker: Analyzer | None = None
Task = tuple[str, str, str, str | None]  # (article id, text, language, published ISO)
Outcome = tuple[str, Analysis | None, str]  # (article id, analysis, error "kind: message")


def _init_worker(registry_path: str) -> None:
    """Pool initializer: load this worker's Analyzer once."""
    global _worker
    _worker = Analyzer.load(Path(registry_path))


@contextmanager
def _one_thread_each() -> Iterator[None]:
    """Workers inherit the environment when they start, before numpy (slovnet's engine) loads:
    one BLAS/OpenMP thread each, so two workers on two cores do not fight over them."""
    saved = {var: os.environ.get(var) for var in THREAD_VARS}
    os.environ.update({var: "1" for var in THREAD_VARS})
    try:
        yield
    finally:
        for var, value in saved.items():
            if value is None:
                os.environ.pop(var, None)
            else:
                os.environ[var] = value


def _analyze_one(analyzer: Analyzer, task: Task) -> Outcome:
    article_id, text, lang, published = task
    try:
        when = datetime.fromisoformat(published) if published else None
        return article_id, analyzer.analyze(text, lang, when), ""
    except Exception as exc:  # noqa: BLE001 — one bad article must not stop the others
        log.exception("analysis failed for %s", article_id)
        return article_id, None, f"{type(exc).__name__}: {exc}"


def _analyze_tasks(tasks: list[Task]) -> list[Outcome]:
    assert _worker is not None, "the pool initializer did not run"
    return analyze_batch(_worker, tasks)


def analyze_batch(analyzer: Analyzer, tasks: list[Task]) -> list[Outcome]:
    """A batch in one go (the model batches across articles); if that fails, one by one, so one
    bad article is recorded and the others are still analysed."""
    try:
        when = [datetime.fromisoformat(t[3]) if t[3] else None for t in tasks]
        analyses = analyzer.analyze_many([(t[1], t[2], w) for t, w in zip(tasks, when, strict=True)])
    except Exception:  # noqa: BLE001 — find the culprit below
        return [_analyze_one(analyzer, t) for t in tasks]
    return [(t[0], a, "") for t, a in zip(tasks, analyses, strict=True)]


# ---------------------------------------------------------------------- the store side
def _article_ids(store: Store, reanalyze: bool, stale_from: str | None = None) -> list[str]:
    """Ids only: texts are read a batch at a time, so a re-analysis of the whole store stays small.
    With `stale_from` (a version), only articles not yet analysed by it."""
    if reanalyze:
        return [r["id"] for r in store.iter_articles(stages=("extracted", "analysed"))
                if stale_from is None or r["analyzer_version"] != stale_from]
    return store.pending_ids("extracted")


def _batches(store: Store, ids: list[str]) -> Iterator[list[Task]]:
    for i in range(0, len(ids), ARTICLES_PER_TASK):
        rows = [store.article_row(article_id) for article_id in ids[i:i + ARTICLES_PER_TASK]]
        yield [(r["id"], r["text"] or "", r["language"] or "und", r["published"]) for r in rows if r is not None]


def _save(store: Store, outcome: Outcome) -> bool:
    article_id, analysis, error = outcome
    if analysis is None:
        kind, _, message = error.partition(": ")
        store.record_failure(article_id, STAGE, kind or "error", message or error)
        return False
    for m in analysis.mentions:
        if is_provisional(m.entity_id):
            store.provisional_entity(m.entity_id, m.entity_type, m.name)
    store.save_analysis(article_id, analysis)
    return True


def analyze_pending(store: Store, registry_path: Path, workers: int = 2, *, reanalyze: bool = False,
                    stale_only: bool = False) -> int:
    """Analyse every article waiting at 'extracted' (or every stored one with `reanalyze`; with
    `stale_only` too, only those an older analyzer or registry made); returns how many were
    analysed. A failing article is recorded and the others go on; a registry that does not
    load raises RegistryError before any article is touched."""
    stale_from = analyzer_version(registry_path) if stale_only else None
    done = _analyze_ids(store, registry_path, workers, _article_ids(store, reanalyze, stale_from))
    if reanalyze:
        drop_unused_provisional(store)
    return done


def drop_unused_provisional(store: Store) -> int:
    """Forget provisional entities no mention or statement names any more (a re-analysis gave
    their articles better ids: Токтосунова's own, the registry's МИД or a foreign body's)."""
    with transaction(store.conn):
        cursor = store.conn.execute(
            """DELETE FROM provisional_entities WHERE id NOT IN (SELECT entity_id FROM mentions)
                 AND id NOT IN (SELECT speaker_id FROM statements WHERE speaker_id IS NOT NULL)""")
    return cursor.rowcount


def _analyze_ids(store: Store, registry_path: Path, workers: int, ids: list[str]) -> int:
    if not ids:
        return 0
    done = 0
    if workers <= 1 or len(ids) <= ARTICLES_PER_TASK:
        analyzer = Analyzer.load(registry_path)
        for batch in _batches(store, ids):
            done += sum(_save(store, outcome) for outcome in analyze_batch(analyzer, batch))
        return done
    Registry.load(registry_path)  # a broken registry is the caller's error, not every article's
    with start_pool(registry_path, workers) as pool:
        in_flight: deque[tuple[list[Task], Future[list[Outcome]]]] = deque()
        for batch in _batches(store, ids):
            in_flight.append((batch, submit(pool, batch)))
            if len(in_flight) > 2 * workers:  # bounded: texts wait in the store, not in memory
                done += save_outcomes(store, *in_flight.popleft())
        while in_flight:
            done += save_outcomes(store, *in_flight.popleft())
    return done


def start_pool(registry_path: Path, workers: int) -> ProcessPoolExecutor:
    """A pool whose workers each load one Analyzer, once: keep it open across cycles
    (`run --forever`) and loading is paid once, not per cycle."""
    # spawn, not fork: forking a parent that already runs numpy's or sqlite's threads is unsafe
    return ProcessPoolExecutor(max_workers=workers, mp_context=get_context("spawn"),
                               initializer=_init_worker, initargs=(str(registry_path),))


def submit(pool: ProcessPoolExecutor, batch: list[Task]) -> Future[list[Outcome]]:
    with _one_thread_each():  # the workers start on the first submits
        return pool.submit(_analyze_tasks, batch)


def task_batches(store: Store, ids: list[str]) -> Iterator[list[Task]]:
    """The articles' texts, a few at a time, as tasks for `submit`."""
    return _batches(store, ids)


def save_outcomes(store: Store, batch: list[Task], future: Future[list[Outcome]]) -> int:
    """Store a finished batch's analyses (or record its failures); how many were analysed."""
    try:
        outcomes = future.result()
    except BrokenProcessPool as exc:  # a worker died (out of memory, killed): the rest are lost too
        outcomes = [(t[0], None, f"WorkerDied: {exc}") for t in batch]
    return sum(_save(store, outcome) for outcome in outcomes)
