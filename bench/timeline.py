"""Timeline benchmark: entity timelines and spikes on a large generated corpus, on both backends.

The corpus is `bench.corpus` (Russian and Kyrgyz news vocabulary under a Zipf law, registry
entities, weekday and office-hour publication times) over five years, with shorter texts (2-4
sentences) so a million articles index in minutes; one entity (the CEC) is added to 22% of
articles, so it has well over 200,000 mentions, and speaks in some of them; a quarter of the
articles are reprints in another article's story (`cluster_id`).

Timed, each over distinct ranges or days (so no answer comes from a result cache): a five-year
day-interval timeline of the CEC (mentions, share, statements, stories, outlets), a one-year
week-interval one, and `spikes_on` one day (with top stories). The baseline measured in the same
run is the five-year timeline with a source filter naming every source: the same answer, but the
embedded index must count it from the mention rows instead of its per-day aggregates.

`--keep NAME` leaves the built index in place (the embedded one in /tmp/kabarchy-timeline-NAME,
Elasticsearch's under the prefix kabarchy-timeline-NAME) and `--reuse NAME` times the questions
on it again without re-indexing; `--drop NAME` removes it.
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import tempfile
import time
from collections import deque
from collections.abc import Callable, Iterator
from dataclasses import replace
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

from bench.corpus import SOURCES, CorpusGenerator
from bench.search import bench_settings, percentile
from indexes.base import DocumentBatch, EntityRef, Index, StatementDocument
from indexes.spikes import spikes_on
from indexes.timelines import TimelineRequest, entity_timelines
from kabarchy.backends import make_index

REPO = Path(__file__).resolve().parents[1]
HEAVY = "body:cec"
HEAVY_SHARE = 0.22
HEAVY_SPEAKS = 0.3  # of the articles naming it
REPRINTS = 0.25
START = datetime(2021, 1, 1, tzinfo=timezone.utc)
DAYS = 5 * 365 + 1
LAST_DAY = (START + timedelta(days=DAYS - 1)).date()


def corpus(n: int, seed: int) -> Iterator[DocumentBatch]:
    gen = CorpusGenerator(REPO / "config" / "entities.yaml", seed=seed, start=START, days=DAYS, sentences=(2, 4))
    rng = random.Random(seed + 1)
    heads: deque[str] = deque(maxlen=300)  # recent articles a reprint may join
    for articles, statements in gen.batches(n, size=1000):
        out = []
        said = list(statements)
        for a in articles:
            entities = a.entities
            if rng.random() < HEAVY_SHARE and all(e.id != HEAVY for e in entities):
                entities = tuple(sorted((*entities, EntityRef(HEAVY, "body", "ЦИК")), key=lambda e: e.id))
            cluster = rng.choice(heads) if heads and rng.random() < REPRINTS else None
            heads.append(cluster or a.id)
            doc = replace(a, entities=entities, cluster_id=cluster)
            if any(e.id == HEAVY for e in entities) and rng.random() < HEAVY_SPEAKS:
                said.append(StatementDocument(
                    id=f"{a.id}:9", article_id=a.id, speaker_id=HEAVY, speaker_surface="ЦИК", speaker_post="",
                    text="Подготовка идёт по плану.", kind="indirect", published=a.published, language=a.language,
                    source=a.source, text_lemmas="подготовка идти по план"))
                doc = replace(doc, speaker_ids=tuple(sorted({*doc.speaker_ids, HEAVY})))
            out.append(doc)
        yield out, said


def timed(runs: list[Callable[[], object]]) -> dict[str, float]:
    wall, cpu = [], []
    for run in runs[:3]:  # warm the page cache and connections as a running server would be
        run()
    for run in runs:
        start, start_cpu = time.perf_counter(), time.thread_time()
        run()
        wall.append((time.perf_counter() - start) * 1000)
        cpu.append((time.thread_time() - start_cpu) * 1000)
    return {"n": len(runs), "p50": statistics.median(wall), "p95": percentile(wall, 95), "max": max(wall),
            "cpu_p50": statistics.median(cpu), "cpu_p95": percentile(cpu, 95)}


def questions(index: Index, repeat: int, seed: int) -> dict[str, dict[str, float]]:
    rng = random.Random(seed)
    all_sources = tuple(s for s, _, _ in SOURCES)

    def timeline(date_from: date, date_to: date, interval: str, sources: tuple[str, ...] = (),
                 distinct: bool = False) -> Callable[[], object]:
        request = TimelineRequest((HEAVY,), date_from, date_to, interval, sources=sources,  # type: ignore[arg-type]
                                  distinct=distinct)
        return lambda: entity_timelines(index, request)

    five = [(LAST_DAY - timedelta(days=k + 5 * 365), LAST_DAY - timedelta(days=k)) for k in range(repeat)]
    one = [(LAST_DAY - timedelta(days=7 * k + 364), LAST_DAY - timedelta(days=7 * k)) for k in range(repeat)]
    days = [LAST_DAY - timedelta(days=rng.randrange(4 * 365)) for _ in range(repeat)]
    return {
        "5y day timeline": timed([timeline(a, b, "day") for a, b in five]),
        "1y week timeline": timed([timeline(a, b, "week") for a, b in one]),
        "spikes one day": timed([lambda d=d: spikes_on(index, d) for d in days]),
        "5y day, + stories and outlets": timed([timeline(a, b, "day", distinct=True) for a, b in five]),
        "1y week, + stories and outlets": timed([timeline(a, b, "week", distinct=True) for a, b in one]),
        "baseline: 5y day, all sources named": timed([timeline(a, b, "day", all_sources) for a, b in five]),
    }


def timed_corpus(n: int, seed: int, clock: list[float]) -> Iterator[DocumentBatch]:
    """The corpus, adding the time spent generating it to clock[0]."""
    batches = corpus(n, seed)
    while True:
        t = time.perf_counter()
        batch = next(batches, None)
        clock[0] += time.perf_counter() - t
        if batch is None:
            return
        yield batch


def build(indexes: dict[str, Index], n: int, seed: int, via: str) -> dict[str, dict[str, object]]:
    """Write the corpus to each backend, timing each: with `via="index"` the corpus is generated
    once and every batch written to each backend in turn through `Index.index` (what ingest
    does); with `via="rebuild"` each backend gets it through `Index.rebuild` (what `kabarchy
    reindex` does), generated anew, and the generation time is taken out."""
    spent = dict.fromkeys(indexes, 0.0)
    clock = [0.0]
    if via == "rebuild":
        for name, index in indexes.items():
            before, t = clock[0], time.perf_counter()
            index.rebuild(timed_corpus(n, seed, clock))
            spent[name] = time.perf_counter() - t - (clock[0] - before)
        clock[0] /= len(indexes)
    else:
        for articles, statements in timed_corpus(n, seed, clock):
            for name, index in indexes.items():
                t = time.perf_counter()
                index.index(articles, statements)
                spent[name] += time.perf_counter() - t
    gen = clock[0]
    out: dict[str, dict[str, object]] = {}
    for name, index in indexes.items():
        t = time.perf_counter()
        index.refresh()
        spent[name] += time.perf_counter() - t
        out[name] = {"articles": n, "via": via, "index_s": spent[name], "index_docs_s": n / spent[name],
                     "generate_s": gen, **heavy_counts(index)}
    return out


def heavy_counts(index: Index) -> dict[str, int]:
    [series] = entity_timelines(index, TimelineRequest((HEAVY,), START.date(), LAST_DAY, "month"))
    return {"heavy_mentions": int(sum(p.mentions for p in series.points)),
            "heavy_statements": int(sum(p.statements for p in series.points))}


def reused(indexes: dict[str, Index]) -> dict[str, dict[str, object]]:
    return {name: {"articles": index.stats().articles, "reused": True, **heavy_counts(index)}
            for name, index in indexes.items()}


def report(name: str, r: dict) -> None:
    built = ("reused, not re-indexed" if r.get("reused") else
             f"indexed through Index.{r['via']} in {r['index_s'] / 60:.1f} min ({r['index_docs_s']:,.0f} docs/s; "
             f"generating them took {r['generate_s'] / 60:.1f} min)")
    print(f"\n== {name}: {r['articles']:,} articles {built}; "
          f"{HEAVY}: {r['heavy_mentions']:,} mentions, {r['heavy_statements']:,} statements")
    print(f"{'question':<38}{'n':>4}{'p50 ms':>9}{'p95 ms':>9}{'max ms':>9}{'cpu p50':>9}{'cpu p95':>9}")
    for question, t in r["questions"].items():
        print(f"{question:<38}{t['n']:>4}{t['p50']:>9.1f}{t['p95']:>9.1f}{t['max']:>9.1f}"
              f"{t['cpu_p50']:>9.1f}{t['cpu_p95']:>9.1f}")


def kept_settings(name: str, backend: str, es_url: str | None) -> dict:
    """Where a kept index lives: a fixed folder and prefix, so `--reuse` finds it again."""
    return {"data_dir": Path(tempfile.gettempdir()) / f"kabarchy-timeline-{name}" / backend,
            "elasticsearch_index_prefix": f"kabarchy-timeline-{name}"}


def open_indexes(names: list[str], workdir: Path, es_url: str | None, kept: str | None) -> dict[str, Index]:
    indexes = {}
    for name in names:
        settings = bench_settings(workdir / name, es_url)
        if kept:
            settings = settings.replace(**kept_settings(kept, name, es_url))
            settings.data_dir.mkdir(parents=True, exist_ok=True)
        indexes[name] = make_index(settings, name)
        indexes[name].open()
    return indexes


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=1_000_000, help="articles to generate (default 1,000,000)")
    parser.add_argument("--backend", choices=("sqlite", "elasticsearch", "both"), default="both")
    parser.add_argument("--repeat", type=int, default=40, help="timed runs per question (default 40)")
    parser.add_argument("--es-url", default=None, help="Elasticsearch URL (default: settings)")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--via", choices=("index", "rebuild"), default="index",
                        help="write through Index.index in batches (ingest; default) or Index.rebuild (reindex)")
    parser.add_argument("--workdir", type=Path, default=None, help="where the index goes (default: a temp dir)")
    parser.add_argument("--json", type=Path, default=None, help="also write the results to this file")
    kept = parser.add_mutually_exclusive_group()
    kept.add_argument("--keep", metavar="NAME", help="build, time, and keep the index under NAME")
    kept.add_argument("--reuse", metavar="NAME", help="time the questions on the index kept under NAME")
    kept.add_argument("--drop", metavar="NAME", help="remove the index kept under NAME")
    args = parser.parse_args()
    names = ["sqlite", "elasticsearch"] if args.backend == "both" else [args.backend]
    with tempfile.TemporaryDirectory(prefix="kabarchy-timeline-bench-") as tmp:
        indexes = open_indexes(names, args.workdir or Path(tmp), args.es_url, args.keep or args.reuse or args.drop)
        try:
            if args.drop:
                return
            results = reused(indexes) if args.reuse else build(indexes, args.articles, args.seed, args.via)
            for name, index in indexes.items():
                results[name]["questions"] = questions(index, args.repeat, args.seed)
                report(name, results[name])
        finally:
            for index in indexes.values():
                if not (args.keep or args.reuse):
                    index.drop()
                index.close()
    if args.json:
        args.json.write_text(json.dumps(results, indent=2), encoding="utf-8")
    print(f"\ntarget: p95 <= 150 ms for each question on each backend ({date.today().isoformat()})")


if __name__ == "__main__":
    main()
