"""Web benchmark: the JSON API and pages under closed-loop load, against the same questions
asked of the index in-process, so the web layer's cost is a ratio measured in the same run.

    python -m bench.web [--n 100000] [--backend sqlite|elasticsearch|both] [--duration 30]

The corpus is bench/corpus.py's generator (the one bench/search.py indexes). A real uvicorn
serves `kabarchy serve`'s application in its own process; N client threads (1, 8, 32) each send
a request, wait for the answer, and send the next, for `duration` seconds. The mix: API searches
(half), entity pages (a quarter: HTML with the timeline chart, statements, co-mentions, sources)
and entity timelines (a quarter). In-process, the same mix calls the same `Index` methods the
routes call. Reported: requests/s, p50/p95 latency, errors. Targets: 0 errors; p95 <= 300 ms at
8 clients; web >= 0.7x in-process throughput at 8 clients.
"""

from __future__ import annotations

import argparse
import multiprocessing
import random
import socket
import statistics
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date, timedelta
from pathlib import Path
from urllib.parse import quote, urlencode

import httpx

from bench.corpus import SOURCES, CorpusGenerator
from bench.search import bench_settings, percentile
from indexes.base import Index, IndexUnavailable, SearchQuery, SearchResult, StatementQuery
from indexes.dates import bishkek_day
from indexes.spikes import entity_spikes
from indexes.timelines import TimelineRequest, entity_timelines
from kabarchy.backends import make_index
from kabarchy.settings import Settings
from pipeline.store import Store
from web.panels import auto_interval
from web.routes.entities import latest_day

REPO = Path(__file__).resolve().parents[1]
CLIENTS = (1, 8, 32)


@dataclass(frozen=True)
class Ask:
    """One question of the mix: its URL for the web run, its Index calls for the in-process run."""

    kind: str
    url: str
    direct: Callable[[Index], object]


def build_mix(gen: CorpusGenerator, n: int, seed: int = 5) -> list[Ask]:
    rng = random.Random(seed)
    entities = [e.id for e in gen.entities[:30]]
    asks: list[Ask] = []
    for i in range(n):
        lang = "ru" if rng.random() < 0.7 else "ky"
        roll = i % 4
        if roll in (0, 1):
            text = gen.topic_word(lang) if rng.random() < 0.6 else f"{gen.topic_word(lang)} {gen.topic_word(lang)}"
            params: list[tuple[str, str]] = [("q", text)]
            query = SearchQuery(text=text)
            if rng.random() < 0.3:
                source = rng.choice(SOURCES)[0]
                params.append(("source", source))
                query = SearchQuery(text=text, sources=(source,))
            asks.append(Ask("api search", "/api/search?" + urlencode(params), lambda ix, q=query: ix.search(q)))
        elif roll == 2:
            entity = rng.choice(entities)
            asks.append(Ask("entity page", f"/entities/{quote(entity, safe='')}", lambda ix, e=entity: _entity_page(ix, e)))
        else:
            entity, interval = rng.choice(entities), rng.choice(["week", "month"])
            asks.append(Ask("timeline", f"/api/entities/{quote(entity, safe='')}/timeline?interval={interval}",
                            lambda ix, e=entity, iv=interval: entity_timelines(
                                ix, replace(_year_to_latest(ix, e), interval=iv))))
    return asks


def _year_to_latest(index: Index, entity_id: str, found: SearchResult | None = None) -> TimelineRequest:
    """The timeline an entity page and the timeline API show by default: the year up to the
    entity's latest article (the page has it from its search; the API asks the day timeline)."""
    if found is not None:
        latest = bishkek_day(found.hits[0].published) if found.hits and found.hits[0].published else date.today()
    else:
        latest = latest_day(index, entity_id)
    first = latest - timedelta(days=365)
    return TimelineRequest((entity_id,), first, latest, auto_interval(first, latest))


def _entity_page(index: Index, entity_id: str) -> None:
    """The reading-side calls an entity page makes (web/routes/entities.py: entity_page)."""
    found = index.search(SearchQuery(entity_ids=(entity_id,), sort="date", limit=10, facets=True,
                                     facet_names=("sources",)))
    index.statements(StatementQuery(speaker_ids=(entity_id,), limit=10))
    request = _year_to_latest(index, entity_id, found)
    entity_timelines(index, request)
    entity_spikes(index, entity_id, request.date_from, request.date_to)
    index.co_mentions(entity_id, 12)


@dataclass
class Tally:
    latencies: list[float]
    errors: int
    requests: int
    seconds: float

    @property
    def rps(self) -> float:
        return self.requests / self.seconds


def closed_loop(clients: int, duration: float, call: Callable[[int, Ask], bool], mix: list[Ask]) -> Tally:
    """`clients` threads, each asking the next question as soon as its last one is answered."""
    latencies: list[float] = []
    errors = 0
    lock = threading.Lock()
    stop = time.perf_counter() + duration

    def client(k: int) -> None:
        nonlocal errors
        i = k * 7919
        mine: list[float] = []
        failed = 0
        while time.perf_counter() < stop:
            ask = mix[i % len(mix)]
            i += 1
            start = time.perf_counter()
            ok = call(k, ask)
            mine.append((time.perf_counter() - start) * 1000)
            failed += not ok
        with lock:
            latencies.extend(mine)
            errors += failed

    started = time.perf_counter()
    threads = [threading.Thread(target=client, args=(k,)) for k in range(clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return Tally(latencies, errors, len(latencies), time.perf_counter() - started)


def warm(mix: list[Ask], call: Callable[[int, Ask], bool], clients: int = 8) -> None:
    threads = [threading.Thread(target=lambda k=k: [call(k, a) for a in mix[k::clients]]) for k in range(clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()


def _serve(settings: Settings, port: int) -> None:
    from kabarchy.commands.serve import serve

    serve(settings, "127.0.0.1", port)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def fill(index: Index, gen: CorpusGenerator, n: int) -> float:
    """Index the corpus unless an earlier run left it there (`--workdir`; Elasticsearch's
    indices are named by `n`); an index of another schema or size is dropped and refilled."""
    try:
        index.open()
        if index.stats().articles == n:
            return 0.0
    except IndexUnavailable as exc:
        print(f"  not reusing the index: {exc}")
    index.drop()
    index.open()
    start = time.perf_counter()
    for articles, statements in gen.batches(n):
        index.index(articles, statements)
    index.refresh()
    return time.perf_counter() - start


def run_backend(name: str, settings: Settings, n: int, mix: list[Ask], duration: float, seed: int) -> None:
    index = make_index(settings, name)
    built = fill(index, CorpusGenerator(REPO / "config" / "entities.yaml", seed=seed), n)
    print(f"\n== {name}: {index.stats().articles:,} articles" + (f" (indexed in {built:.0f} s)" if built else "")
          + f"; {settings.web_workers} server process(es)")
    Store.open(settings.store_path).close()  # the pages read source names and stories from a store
    port = _free_port()
    server = multiprocessing.get_context("spawn").Process(target=_serve, args=(settings, port))  # not daemonic: its workers are its children
    server.start()
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 120
    while True:
        try:
            if httpx.get(f"{base}/api/sources", timeout=5).status_code == 200:
                break
        except httpx.HTTPError:
            pass
        if time.monotonic() > deadline:
            raise SystemExit("the web server did not start")
        time.sleep(0.3)
    pools = [httpx.Client(base_url=base, timeout=60) for _ in range(max(CLIENTS))]

    def over_http(k: int, ask: Ask) -> bool:
        try:
            return pools[k].get(ask.url).status_code == 200
        except httpx.HTTPError:
            return False

    def in_process(k: int, ask: Ask) -> bool:
        try:
            ask.direct(index)
            return True
        except Exception:
            return False

    # Every question once each way before any timing, so neither side profits from caches the
    # other warmed (the index's and the OS's caches, the server's SQLite page cache, the
    # entity directory the server builds on first use).
    warm(mix, over_http)
    warm(mix, in_process)
    print(f"{'clients':>7} {'mode':<11}{'req/s':>8}{'p50 ms':>9}{'p95 ms':>9}{'errors':>8}{'requests':>10}")
    try:
        for clients in CLIENTS:
            web = closed_loop(clients, duration, over_http, mix)
            direct = closed_loop(clients, duration, in_process, mix)
            for mode, t in (("web", web), ("in-process", direct)):
                print(f"{clients:>7} {mode:<11}{t.rps:>8.1f}{statistics.median(t.latencies):>9.1f}"
                      f"{percentile(t.latencies, 95):>9.1f}{t.errors:>8}{t.requests:>10}")
            print(f"{clients:>7} {'web/direct':<11}{web.rps / direct.rps:>8.2f}")
    finally:
        for c in pools:
            c.close()
        server.terminate()
        server.join(10)
        index.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=100_000, help="articles to generate (default 100,000)")
    parser.add_argument("--backend", choices=("sqlite", "elasticsearch", "both"), default="both")
    parser.add_argument("--duration", type=float, default=30.0, help="seconds per client level and mode")
    parser.add_argument("--es-url", default=None)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--workdir", type=Path, default=None,
                        help="keep the indexes here: a re-run with the same --n reuses them instead of rebuilding")
    parser.add_argument("--mix", type=int, default=200, help="distinct questions in the mix (default 200)")
    parser.add_argument("--workers", type=int, default=None,
                        help="server processes (default: the web.workers setting)")
    args = parser.parse_args()
    mix = build_mix(CorpusGenerator(REPO / "config" / "entities.yaml", seed=args.seed), args.mix)
    names = ["sqlite", "elasticsearch"] if args.backend == "both" else [args.backend]
    with tempfile.TemporaryDirectory(prefix="kabarchy-bench-web-") as tmp:
        workdir = args.workdir or Path(tmp)
        for name in names:
            settings = bench_settings(workdir / name, args.es_url).replace(
                index_backend=name, web_rate_limit_per_minute=0,
                elasticsearch_index_prefix=f"kabarchy-benchweb-{args.n}")
            if args.workers is not None:
                settings = settings.replace(web_workers=args.workers)
            run_backend(name, settings, args.n, mix, args.duration, args.seed)
    print("\ntargets: 0 errors; p95 <= 300 ms at 8 clients; web >= 0.7x in-process at 8 clients")


if __name__ == "__main__":
    main()
