"""Per-cycle cost of `kabarchy run --forever`: analysis workers started and loaded every cycle
(before) against workers kept loaded between cycles (after), in the same run, taking turns.

    python -m bench.forever_cycle [--cycles 5] [--new 10] [--workers 2]

A generated local site (bench/sitegen.py, served by bench/static_server.py in its own process)
gains `--new` articles before each cycle; each mode has its own data folder and polls the same
feeds. Reported: wall time per cycle (mean and each), and worker starts.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.ingest import free_port
from bench.sitegen import generate
from kabarchy.app import _parts, _run_cycle, run_once
from kabarchy.settings import Settings, load_settings
from pipeline.records import SourceConfig
from pipeline.sources import write_sources


ENTITIES = Path(__file__).resolve().parents[1] / "config" / "entities.yaml"


def publish(root: Path, n: int, base: str) -> list[str]:
    feeds = generate(root, n=n, sources=1)
    for feed in feeds:
        p = root / feed.lstrip("/")
        p.write_text(p.read_text(encoding="utf-8").replace("{{BASE}}", base), encoding="utf-8")
    return feeds


def settings_for(folder: Path, sources: Path, workers: int) -> Settings:
    conf = folder / "settings.toml"
    conf.parent.mkdir(parents=True, exist_ok=True)
    conf.write_text(f'data_dir = "{folder / "data"}"\nsources = "{sources}"\nentities = "{ENTITIES}"\n'
                    "[fetch]\nhost_delay_s = 0.0\nhost_concurrency = 4\nrespect_robots = false\n"
                    f"[run]\nworkers = {workers}\n", encoding="utf-8")
    return load_settings(conf, env={})


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--cycles", type=int, default=5)
    ap.add_argument("--new", type=int, default=10, help="new articles per cycle")
    ap.add_argument("--workers", type=int, default=2)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        tmpdir = Path(tmp)
        root = tmpdir / "site"
        port = free_port()
        base = f"http://127.0.0.1:{port}"
        feeds = publish(root, args.new, base)
        sources = write_sources(tmpdir / "sources.yaml", [SourceConfig(
            id="bench", name="Bench", homepage=f"{base}/", languages=("ru",), kind="outlet",
            feeds=(f"{base}{feeds[0]}",), allow_private=True)])
        before, after = settings_for(tmpdir / "before", sources, args.workers), settings_for(tmpdir / "after", sources,
                                                                                          args.workers)
        server = subprocess.Popen([sys.executable, "-m", "bench.static_server", str(port), str(root)],
                                  stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        times: dict[str, list[float]] = {"before": [], "after": []}
        analysed: dict[str, int] = {"before": 0, "after": 0}
        try:
            time.sleep(1.0)
            with _parts(after) as parts:
                for cycle in range(args.cycles):
                    publish(root, args.new * (cycle + 1), base)
                    start = time.perf_counter()
                    analysed["before"] += run_once(before, all_sources=True, progress=lambda e, a: None).analysed
                    times["before"].append(time.perf_counter() - start)
                    start = time.perf_counter()
                    analysed["after"] += _run_cycle(after, parts, sources_path=None, all_sources=True,
                                                    progress=lambda e, a: None, stop=lambda: False).analysed
                    times["after"].append(time.perf_counter() - start)
                starts = parts.analysis.starts
        finally:
            server.terminate()
            server.wait()
    for mode in ("before", "after"):
        each = ", ".join(f"{t:.2f}" for t in times[mode])
        rest = times[mode][1:] or times[mode]
        print(f"{mode:6}: mean {statistics.mean(times[mode]):.2f} s/cycle, after the first "
              f"{statistics.mean(rest):.2f} s/cycle ({each}); articles analysed {analysed[mode]}")
    print(f"analysis worker starts: before {args.cycles} (one per cycle), after {starts}")


if __name__ == "__main__":
    main()
