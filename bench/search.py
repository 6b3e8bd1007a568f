"""Search benchmark: index a synthetic ru/ky corpus and time a mix of real-looking questions.

    python -m bench.search [--n 100000] [--queries 200] [--backend sqlite|elasticsearch|both]

Reports indexing throughput (docs/s through `Index.index`, corpus generation excluded) and
p50/p95 latency per kind of question (words, phrases, filters, facets, deep pages, statements,
timelines, co-mentions). Targets: p95 <= 50 ms, indexing >= 1,000 docs/s. On Elasticsearch it
also writes the same corpus through a bare `helpers.bulk` (`bench.search_elastic`): ours should
reach >= 0.8x its speed and >= 2,000 docs/s.
"""

from __future__ import annotations

import argparse
import random
import statistics
import tempfile
import time
import uuid
from collections import defaultdict
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path

from bench.corpus import SOURCES, START, CorpusGenerator
from bench.search_elastic import compare_bulk, report_bulk
from indexes.base import Index, SearchQuery, StatementQuery, TimelineQuery
from kabarchy.backends import make_index
from kabarchy.settings import Settings, load_settings

REPO = Path(__file__).resolve().parents[1]
Question = tuple[str, Callable[[Index], object]]


def build_questions(gen: CorpusGenerator, n: int, seed: int = 11) -> list[Question]:
    """A fixed mix of questions; the same list is asked of every backend."""
    rng = random.Random(seed)
    entity_ids = [e.id for e in gen.entities[:20]]
    questions: list[Question] = []
    kinds = ["word", "common word", "two words", "rare word", "phrase", "or/not", "filters", "facets",
             "deep page", "statements", "timeline", "co-mentions", "latin name"]
    for i in range(n):
        kind = kinds[i % len(kinds)]
        lang = "ru" if rng.random() < 0.7 else "ky"
        a, b = gen.topic_word(lang), gen.topic_word(lang)
        day = START.date() + timedelta(days=rng.randrange(900))
        if kind == "word":
            q = SearchQuery(text=a, sort=rng.choice(["relevance", "date"]))
        elif kind == "common word":  # matches a third to a half of all articles
            q = SearchQuery(text=gen.query_words(lang, 1)[0], sort=rng.choice(["relevance", "date"]))
        elif kind == "two words":
            q = SearchQuery(text=f"{a} {b}")
        elif kind == "rare word":
            q = SearchQuery(text=gen.rare_word(lang))
        elif kind == "phrase":
            q = SearchQuery(text=f'"{a} {b}"')
        elif kind == "or/not":
            q = SearchQuery(text=f"{a} OR {b} -{gen.rare_word(lang)}")
        elif kind == "filters":
            q = SearchQuery(text=a, sources=(rng.choice(SOURCES)[0],), languages=(lang,),
                            date_from=day, date_to=day + timedelta(days=60),
                            entity_ids=(rng.choice(entity_ids),) if rng.random() < 0.5 else ())
        elif kind == "facets":
            q = SearchQuery(text=a if rng.random() < 0.7 else "", facets=True,
                            date_from=day if rng.random() < 0.5 else None)
        elif kind == "deep page":
            questions.append((kind, _deep_pager(SearchQuery(text=a, sort="date", limit=20), pages=25)))
            continue
        elif kind == "statements":
            sq = StatementQuery(text=a if rng.random() < 0.6 else "",
                                speaker_ids=(rng.choice(entity_ids),) if rng.random() < 0.6 else ())
            questions.append((kind, lambda ix, sq=sq: ix.statements(sq)))
            continue
        elif kind == "timeline":
            tq = TimelineQuery(rng.choice(entity_ids), rng.choice(["day", "week", "month"]),
                               date_from=day if rng.random() < 0.5 else None)
            questions.append((kind, lambda ix, tq=tq: ix.timeline(tq)))
            continue
        elif kind == "co-mentions":
            entity = rng.choice(entity_ids)
            questions.append((kind, lambda ix, entity=entity: ix.co_mentions(entity)))
            continue
        else:
            q = SearchQuery(text=rng.choice(["Japarov", "Zhaparov", "Tashiev", "Kasymaliev", "Bishkek"]))
        questions.append((kind, lambda ix, q=q: ix.search(q)))
    return questions


def _deep_pager(query: SearchQuery, pages: int) -> Callable[[Index], object]:
    """Walk `pages` pages with the cursor; the timed question is the last page only."""
    def ask(index: Index) -> object:
        after = None
        for _ in range(pages - 1):
            result = index.search(SearchQuery(**{**query.__dict__, "after": after}))
            if result.next_after is None:
                break
            after = result.next_after
        ask.started = (time.perf_counter(), time.thread_time())  # type: ignore[attr-defined]
        return index.search(SearchQuery(**{**query.__dict__, "after": after}))
    return ask


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


def run_backend(index: Index, gen_seed: int, n: int, questions: list[Question], registry: Path) -> dict:
    gen = CorpusGenerator(registry, seed=gen_seed)
    index_s = gen_s = 0.0
    count = 0
    t = time.perf_counter()
    for articles, statements in gen.batches(n):
        gen_s += time.perf_counter() - t
        t = time.perf_counter()
        index.index(articles, statements)
        index_s += time.perf_counter() - t
        count += len(articles)
        t = time.perf_counter()
    t = time.perf_counter()
    index.refresh()
    index_s += time.perf_counter() - t
    for _, ask in questions[:10]:  # warm caches the way a running server would be
        ask(index)
    latencies: dict[str, list[float]] = defaultdict(list)
    cpu: dict[str, list[float]] = defaultdict(list)
    for kind, ask in questions:
        start, start_cpu = time.perf_counter(), time.thread_time()
        ask(index)
        started, started_cpu = getattr(ask, "started", (start, start_cpu))
        latencies[kind].append((time.perf_counter() - started) * 1000)
        cpu[kind].append((time.thread_time() - started_cpu) * 1000)
    return {"docs": count, "index_docs_s": count / index_s, "gen_docs_s": count / gen_s if gen_s else 0.0,
            "latencies": latencies, "cpu": cpu}


def bench_settings(workdir: Path, es_url: str | None) -> Settings:
    settings = load_settings(REPO / "config" / "settings.toml", env={})
    changes: dict[str, object] = {"data_dir": workdir, "elasticsearch_index_prefix": f"kabarchy-bench-{uuid.uuid4().hex[:8]}"}
    if es_url:
        changes["elasticsearch_url"] = es_url
    return settings.replace(**changes)


def report(name: str, result: dict) -> None:
    """Wall-clock latency, and this thread's CPU time (what the same question costs on an idle
    machine: the wall clock also counts waiting for a core when the machine is busy)."""
    print(f"\n== {name}: {result['docs']:,} articles; indexing {result['index_docs_s']:,.0f} docs/s "
          f"(corpus generation + analysis {result['gen_docs_s']:,.0f} docs/s)")
    print(f"{'question':<14}{'n':>5}{'p50 ms':>9}{'p95 ms':>9}{'max ms':>9}{'cpu p50':>9}{'cpu p95':>9}")
    wall_all: list[float] = []
    cpu_all: list[float] = []
    for kind, wall in result["latencies"].items():
        cpu = result["cpu"][kind]
        wall_all += wall
        cpu_all += cpu
        print(f"{kind:<14}{len(wall):>5}{statistics.median(wall):>9.1f}{percentile(wall, 95):>9.1f}"
              f"{max(wall):>9.1f}{statistics.median(cpu):>9.1f}{percentile(cpu, 95):>9.1f}")
    print(f"{'all':<14}{len(wall_all):>5}{statistics.median(wall_all):>9.1f}{percentile(wall_all, 95):>9.1f}"
          f"{max(wall_all):>9.1f}{statistics.median(cpu_all):>9.1f}{percentile(cpu_all, 95):>9.1f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=100_000, help="articles to generate (default 100,000)")
    parser.add_argument("--queries", type=int, default=260, help="questions to time (default 260)")
    parser.add_argument("--backend", choices=("sqlite", "elasticsearch", "both"), default="sqlite")
    parser.add_argument("--es-url", default=None, help="Elasticsearch URL (default: settings)")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--workdir", type=Path, default=None, help="where the index goes (default: a temp dir)")
    args = parser.parse_args()
    registry = REPO / "config" / "entities.yaml"
    questions = build_questions(CorpusGenerator(registry, seed=args.seed), args.queries)
    names = ["sqlite", "elasticsearch"] if args.backend == "both" else [args.backend]
    with tempfile.TemporaryDirectory(prefix="kabarchy-bench-") as tmp:
        workdir = args.workdir or Path(tmp)
        for name in names:
            index = make_index(bench_settings(workdir / name, args.es_url), name)
            index.open()
            try:
                report(name, run_backend(index, args.seed, args.n, questions, registry))
                if name == "elasticsearch":  # and the same documents through a bare helpers.bulk
                    report_bulk(compare_bulk(index, args.seed, args.n, registry))  # type: ignore[arg-type]
            finally:
                index.drop()
                index.close()
    print(f"\ntargets: p95 <= 50 ms, indexing >= 1,000 docs/s ({date.today().isoformat()})")


if __name__ == "__main__":
    main()
