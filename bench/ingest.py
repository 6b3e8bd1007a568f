"""Ingest throughput: the whole spine (fetch → WARC → extract → dedup → store) on a local site,
next to a plain single-process loop of `trafilatura.bare_extraction` over the same pages.

    python -m bench.ingest [--n 1000] [--workers 2]

The site is generated (bench/sitegen.py) and served by a separate keep-alive static server
process (bench/static_server.py), so serving does not compete with the pipeline for this
process's GIL; it does share the machine's two cores, as it would not in production.
"""

from __future__ import annotations

import argparse
from collections.abc import Iterator
from contextlib import contextmanager
import resource
import socket
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import trafilatura

from bench.sitegen import generate
from kabarchy.app import ingest
from kabarchy.settings import load_settings
from pipeline.extract import extract
from pipeline.records import SourceConfig
from pipeline.sources import write_sources
from pipeline.store import Store


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def generated_site(root: Path, n: int, sources: int = 5) -> tuple[list[str], str, int]:
    """A generated site of `n` pages with its feeds pointing at a free local port: (feeds, base URL, port)."""
    feeds = generate(root, n=n, sources=sources)
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    for feed in feeds:
        p = root / feed.lstrip("/")
        p.write_text(p.read_text(encoding="utf-8").replace("{{BASE}}", base), encoding="utf-8")
    return feeds, base, port


@contextmanager
def static_server(port: int, root: Path) -> Iterator[None]:
    """The keep-alive static server in its own process, so serving does not share our GIL."""
    server = subprocess.Popen([sys.executable, "-m", "bench.static_server", str(port), str(root)],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        time.sleep(1.0)
        yield
    finally:
        server.terminate()
        server.wait()


def plain_loop(pages: list[Path], base: str, root: Path) -> float:
    start = time.perf_counter()
    for page in pages:
        url = base + "/" + page.relative_to(root).as_posix()
        trafilatura.bare_extraction(page.read_text(encoding="utf-8"), url=url, include_comments=False,
                                    with_metadata=True)
    return time.perf_counter() - start


def pool_extraction(pages: list[Path], base: str, root: Path, workers: int) -> float:
    """Our extraction alone over the same pages with `workers` processes: the ceiling for the spine."""
    bodies = [(p.read_bytes(), base + "/" + p.relative_to(root).as_posix()) for p in pages]
    with ProcessPoolExecutor(workers) as pool:
        list(pool.map(_extract_one, bodies[:workers]))  # warm the workers up
        start = time.perf_counter()
        list(pool.map(_extract_one, bodies, chunksize=16))
        return time.perf_counter() - start


def _extract_one(item: tuple[bytes, str]) -> str:
    return extract(item[0], url=item[1], encoding="utf-8", entry=None).title


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=1000, help="article pages to generate")
    ap.add_argument("--workers", type=int, default=2, help="extraction processes")
    args = ap.parse_args()

    with tempfile.TemporaryDirectory() as tmp:
        tmpdir = Path(tmp)
        root = tmpdir / "site"
        feeds, base, port = generated_site(root, args.n)
        with static_server(port, root):
            pages = sorted(root.rglob("*.html"))
            plain_s = plain_loop(pages, base, root)
            pool_s = pool_extraction(pages, base, root, args.workers)

            sources = write_sources(tmpdir / "sources.yaml", [
                SourceConfig(id=f"bench{i}", name=f"Bench {i}", homepage=f"{base}/", languages=("ru", "ky"),
                             kind="outlet", feeds=(f"{base}{f}",), allow_private=True)
                for i, f in enumerate(feeds)])
            conf = tmpdir / "settings.toml"
            conf.write_text(
                f'data_dir = "{tmpdir / "data"}"\nsources = "{sources}"\n'
                "[fetch]\nhost_delay_s = 0.0\nhost_concurrency = 4\nconcurrency = 8\nrespect_robots = false\n"
                f"[run]\nworkers = {args.workers}\nmax_articles_per_source = {args.n}\n", encoding="utf-8")
            settings = load_settings(conf, env={})
            start = time.perf_counter()
            with Store.open(settings.store_path) as store:
                report = ingest(settings, store, all_sources=True, progress=lambda e, a: None)
                stored = sum(store.count_by_stage().values())
            spine_s = time.perf_counter() - start

    ok = report.cycle.total("extracted")
    self_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    child_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    print(f"pages: {len(pages)}  stored: {ok} (rows {stored})  failed: {report.cycle.total('failed')}")
    print(f"plain bare_extraction loop, 1 process : {len(pages) / plain_s:8.1f} pages/s ({plain_s:.1f} s)")
    print(f"our extraction alone, {args.workers} processes    : {len(pages) / pool_s:8.1f} pages/s ({pool_s:.1f} s)")
    print(f"kabarchy ingest, {args.workers} workers           : {ok / spine_s:8.1f} articles/s ({spine_s:.1f} s)")
    print(f"speed-up: {(ok / spine_s) / (len(pages) / plain_s):.2f}x")
    print(f"peak RSS: main process {self_mb:.0f} MiB, largest child {child_mb:.0f} MiB")


if __name__ == "__main__":
    main()
