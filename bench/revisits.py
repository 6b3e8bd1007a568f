"""Edits and takedowns: detection quality and the cost of a revisit cycle.

    python -m bench.revisits [--n 2000]

A generated site (bench/sitegen.py) of N article pages is ingested; then, as outlets do, a
known 10 % of the pages change — half of them really edited (a sentence rewritten, a paragraph
cut, a headline changed), half only with noise (view counter, "updated" stamp, rotated
related links that are other articles' titles) — and 3 % are taken down (404, or the body
replaced by a removal notice). Revisits are replayed 1.1, 3.2 and 5.3 hours on (a takedown is
concluded after three failed revisits). We report precision and recall of detected edits and
removals, and the first revisit cycle's time against the ingest cycle of the same pages.
"""

from __future__ import annotations

import argparse
import random
import re
import tempfile
import time
from datetime import timedelta
from pathlib import Path

from bench.ingest import generated_site, static_server
from kabarchy.app import ingest
from kabarchy.revisiting import revisit
from kabarchy.settings import load_settings
from pipeline.records import SourceConfig
from pipeline.sources import write_sources
from pipeline.store import Store
from pipeline.store.db import utcnow
from pipeline.urls import article_id

NOTICE = "<html><body><h1>Материал удалён</h1><p>Страница недоступна.</p></body></html>"


def _real_edit(page: str, rng: random.Random) -> str:
    paras = re.findall(r"<p>(.*?)</p>", page, flags=re.S)
    choice = rng.randrange(3)
    if choice == 0 and len(paras) > 2:  # a paragraph cut
        return page.replace(f"<p>{paras[1]}</p>", "", 1)
    if choice == 1:  # the headline changed
        return re.sub(r"<h1>(.*?)</h1>", lambda m: f"<h1>{m.group(1)} (обновлено)</h1>", page, count=1)
    first = paras[0]  # a sentence of the body rewritten with a new number
    sentence = first.split(". ")[0]
    changed = first.replace(sentence, sentence + f", сообщили {rng.randint(2, 40)} источника", 1)
    return page.replace(f"<p>{first}</p>", f"<p>{changed}</p>", 1)


def _noise(page: str, rng: random.Random, titles: list[str]) -> str:
    page = page.replace("<div class=\"article-body\">",
                        f"<div class=\"views\">Просмотров: {rng.randint(100, 99999)}</div>"
                        f"<div class=\"updated\">Обновлено: {rng.randint(1, 28):02d}.11.2026 {rng.randint(0, 23):02d}:15</div>"
                        "<div class=\"article-body\">", 1)
    related = "".join(f'<li><a href="/x{i}.html">{t}</a></li>' for i, t in enumerate(rng.sample(titles, 5)))
    return re.sub(r'<aside class="related"><h3>Читайте также</h3><ul>.*?</ul>',
                  f'<aside class="related"><h3>Читайте также</h3><ul>{related}</ul>', page, count=1, flags=re.S)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=2000)
    ap.add_argument("--seed", type=int, default=11)
    args = ap.parse_args()
    rng = random.Random(args.seed)
    with tempfile.TemporaryDirectory() as tmp:
        tmpdir = Path(tmp)
        root = tmpdir / "site"
        feeds, base, port = generated_site(root, args.n)
        sources = [SourceConfig(id=f"bench{i}", name=f"Bench {i}", homepage=f"{base}/", languages=("ru", "ky"),
                                kind="outlet", feeds=(f"{base}{f}",), allow_private=True) for i, f in enumerate(feeds)]
        conf = tmpdir / "settings.toml"
        conf.write_text(
            f'data_dir = "{tmpdir / "data"}"\nsources = "{write_sources(tmpdir / "sources.yaml", sources)}"\n'
            "[fetch]\nhost_delay_s = 0.0\nhost_concurrency = 4\nconcurrency = 8\nrespect_robots = false\n"
            f"[run]\nmax_articles_per_source = {args.n}\n[revisit]\nmax_per_cycle = {args.n}\n", encoding="utf-8")
        settings = load_settings(conf, env={})
        with static_server(port, root):
            with Store.open(settings.store_path) as store:
                started = time.perf_counter()
                ingest(settings, store, all_sources=True, progress=lambda e, a: None)
                ingest_s = time.perf_counter() - started
                stored = {r["url"]: r["title"] for r in store.iter_articles()}
            pages = sorted(root.rglob("*.html"))
            urls = {p: f"{base}/{p.relative_to(root).as_posix()}" for p in pages if f"{base}/{p.relative_to(root).as_posix()}" in stored}
            chosen = rng.sample(sorted(urls), int(len(urls) * 0.13))
            n_edit = int(len(urls) * 0.05)
            edited, noisy, removed = chosen[:n_edit], chosen[n_edit:2 * n_edit], chosen[2 * n_edit:]
            titles = list(stored.values())
            for p in edited:
                p.write_text(_real_edit(p.read_text(encoding="utf-8"), rng), encoding="utf-8")
            for p in noisy:
                p.write_text(_noise(p.read_text(encoding="utf-8"), rng, titles), encoding="utf-8")
            for i, p in enumerate(removed):
                if i % 3 == 2:
                    p.write_text(NOTICE, encoding="utf-8")
                else:
                    p.unlink()
            now = utcnow()
            with Store.open(settings.store_path) as store:
                revisit(settings, store, sources, now=now)  # schedules
                started = time.perf_counter()
                first = revisit(settings, store, sources, now=now + timedelta(hours=1.1))
                revisit_s = time.perf_counter() - started
                for hours in (3.2, 5.3):
                    revisit(settings, store, sources, now=now + timedelta(hours=hours))
                found = {(r[0], r[1]) for r in store.conn.execute("SELECT article_id, kind FROM article_changes")}
    truth_edit = {article_id(urls[p]) for p in edited}
    truth_removed = {article_id(urls[p]) for p in removed}
    got_edit = {a for a, k in found if k == "edit"}
    got_removed = {a for a, k in found if k == "removed"}

    def pr(got: set[str], truth: set[str]) -> str:
        tp = len(got & truth)
        return f"P {tp / len(got) if got else 1.0:.3f}  R {tp / len(truth) if truth else 1.0:.3f}  ({tp}/{len(got)} found, {len(truth)} true)"

    print(f"pages stored: {len(urls)}; edited {len(edited)}, noise-only {len(noisy)}, removed {len(removed)}")
    print(f"edits   : {pr(got_edit, truth_edit)}")
    print(f"removals: {pr(got_removed, truth_removed)}")
    print(f"noise-only pages reported as edits: {len(got_edit & {article_id(urls[p]) for p in noisy})}")
    print(f"ingest cycle : {ingest_s:6.1f} s for {len(urls)} pages ({len(urls) / ingest_s:.0f} pages/s)")
    print(f"revisit cycle: {revisit_s:6.1f} s for {first.revisited} pages ({first.revisited / revisit_s:.0f} pages/s), "
          f"{revisit_s / ingest_s:.2f}x the ingest cycle")


if __name__ == "__main__":
    main()
