"""Digest benchmark: select and render a day's digests for many subscribers, on both backends.

    python -m bench.digest [--n 5000] [--subscribers 200] [--backend sqlite|elasticsearch|both]

Builds a real store (articles with entities and statements, reprints across outlets, put into
stories by the story stage) and a real index from the synthetic ru/ky corpus of `bench.corpus`:
`--n` articles on the digest day and two quiet weeks before it for the "on the rise" baseline.
Then, per backend, times:
  * the day's shared reading (`day_pool`: stories, statements, spikes, source health), once;
  * every subscriber's selection with the shared pool, rendered to HTML + text + MIME;
  * the baseline in the same run: selection without sharing (each subscriber reads the day again),
    on a sample of subscribers;
and reports the cost per extra subscriber (the slope between half and all of them).
Target: under 10 s for the whole day's digests on each backend.
"""

from __future__ import annotations

import argparse
import random
import tempfile
import time
import uuid
from dataclasses import replace
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

from bench.corpus import SOURCES, CorpusGenerator
from digest.links import Links
from digest.message import build_email
from digest.render import render
from digest.subscriptions import Subscription
from indexes.digest import SECTIONS, Watch, day_pool, select_digest
from indexes.documents import build_documents
from kabarchy.backends import make_index
from kabarchy.entities import build_directory
from kabarchy.settings import Settings, load_settings
from pipeline.records import Analysis, ExtractedArticle, FeedEntry, Mention, SourceConfig, Statement
from pipeline.store import Store
from pipeline.stories.attribution import Attributions
from pipeline.stories.matching import StoryParams
from pipeline.stories.stage import StoryStage

REPO = Path(__file__).resolve().parents[1]
DAY = date(2025, 3, 12)
BISHKEK = timezone(timedelta(hours=6))
REPRINT_SHARE = 0.35  # share of the day's articles that are another outlet's copy of an earlier one


def _moment(day: date, rng: random.Random) -> datetime:
    hour = min(23, max(0, int(rng.gauss(13, 4))))
    return datetime(day.year, day.month, day.day, hour, rng.randrange(60), tzinfo=BISHKEK)


def fill(store: Store, gen: CorpusGenerator, n_day: int, rng: random.Random) -> list[str]:
    """Write the corpus into the store as the pipeline would (after analysis); return the ids."""
    sources = [SourceConfig(id=s, name=s.upper(), homepage=f"https://{s}.example/", languages=(lang,), kind=kind)
               for s, lang, kind in SOURCES]
    store.sync_sources(sources)
    plan = [(DAY, i) for i in range(n_day)] + [(DAY - timedelta(days=d), n_day + d * 1000 + k)
                                                for d in range(1, 15) for k in range(n_day // 20)]
    ids: list[str] = []
    day_docs = []
    for day, i in plan:
        doc, said = gen.article(i)
        if day == DAY and day_docs and rng.random() < REPRINT_SHARE:
            original, original_said = rng.choice(day_docs)  # a reprint: same text, another outlet
            source = rng.choice([s for s, _, _ in SOURCES if s != original.source])
            doc = replace(original, id=f"r{i:07d}", source=source, url=f"https://{source}.example/news/r{i}")
            said = [replace(s, article_id=doc.id, source=source) for s in original_said]
        published = _moment(day, rng)
        store.discover(doc.id, FeedEntry(source_id=doc.source, url=doc.url, found_in=f"https://{doc.source}.example/rss"))
        store.save_extracted(doc.id, ExtractedArticle(title=doc.title, text=doc.text, published=published,
                                                      language=doc.language), doc.title.lower())
        mentions = tuple(Mention(e.id, e.type, e.name, e.name, 0, len(e.name), 0, "registry") for e in doc.entities)
        statements = tuple(Statement(s.speaker_id, s.speaker_surface, "", s.text, "indirect", "заявил", 0, len(s.text))
                           for s in said)
        store.save_analysis(doc.id, Analysis(mentions, statements, "bench"))
        ids.append(doc.id)
        if day == DAY:
            day_docs.append((doc, said))
    StoryStage(StoryParams(), Attributions.from_sources(sources)).run(store)
    return ids


def subscribers(gen: CorpusGenerator, n: int, rng: random.Random) -> list[Subscription]:
    """Readers with different watchlists: nothing, a few entities, a few keywords, or both."""
    out = []
    for i in range(n):
        lang = rng.choice(["ru", "ru", "ky", "en"])
        entities = tuple(e.id for e in rng.sample(gen.entities[:60], rng.randint(0, 4)))
        keywords = tuple(gen.topic_word("ky" if lang == "ky" else "ru") for _ in range(rng.randint(0, 2)))
        watch = Watch(entities, keywords) if entities or keywords else None
        out.append(Subscription(email=f"reader{i}@example.org", webhook=None, name="", language=lang,
                                frequency="daily", entities=(), keywords=keywords, sections=SECTIONS,
                                max_stories=rng.randint(5, 15), line=0, watch=watch))
    return out


def run_backend(name: str, settings: Settings, store: Store, ids: list[str], subs: list[Subscription]) -> dict:
    settings = settings.replace(index_backend=name, elasticsearch_index_prefix=f"kabarchy-bench-{uuid.uuid4().hex[:8]}")
    index = make_index(settings)
    index.open()
    try:
        for i in range(0, len(ids), 500):
            docs = build_documents(store, ids[i:i + 500])
            index.index(docs.articles, docs.statements)
        index.refresh()
        directory = build_directory(settings, store)
        links = Links("https://kabarchy.example.org", "bench-secret")

        def one(sub: Subscription, pool: object | None) -> None:
            content = select_digest(index, store, directory, DAY, language=sub.language, watch=sub.watch,
                                    max_stories=sub.max_stories, pool=pool)  # type: ignore[arg-type]
            rendered = render(content, sections=sub.sections, links=links, recipient=sub.label)
            build_email(rendered, to=sub.label, from_address="Kabarchy <digest@example.org>",
                        msg_id=f"<{sub.label}>", links=links, lang=sub.language)

        t0 = time.perf_counter()
        pool = day_pool(index, store, directory, DAY)
        t_pool = time.perf_counter() - t0
        half = len(subs) // 2
        t1 = time.perf_counter()
        for sub in subs[:half]:
            one(sub, pool)
        t_half = time.perf_counter() - t1
        for sub in subs[half:]:
            one(sub, pool)
        t_all = time.perf_counter() - t1
        sample = subs[:10]
        t2 = time.perf_counter()
        for sub in sample:
            one(sub, None)
        t_unshared = (time.perf_counter() - t2) / len(sample)
        return {"backend": name, "stories": len(pool.stories), "statements": len(pool.statements),
                "spikes": len(pool.spikes), "pool_s": t_pool, "all_s": t_pool + t_all,
                "per_subscriber_ms": 1000 * (t_all - t_half) / (len(subs) - half),
                "unshared_per_subscriber_ms": 1000 * t_unshared}
    finally:
        index.drop()
        index.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=5000, help="articles on the digest day")
    parser.add_argument("--subscribers", type=int, default=200)
    parser.add_argument("--backend", choices=("sqlite", "elasticsearch", "both"), default="both")
    args = parser.parse_args()
    rng = random.Random(12)
    base = load_settings(REPO / "config" / "settings.toml", env={})
    gen = CorpusGenerator(base.entities)
    with tempfile.TemporaryDirectory() as tmp:
        settings = base.replace(data_dir=Path(tmp))
        with Store.open(settings.store_path) as store:
            t0 = time.perf_counter()
            ids = fill(store, gen, args.n, rng)
            print(f"corpus: {len(ids)} articles ({args.n} on {DAY}), stories assigned in "
                  f"{time.perf_counter() - t0:.1f} s (not part of the digest timing)")
            subs = subscribers(gen, args.subscribers, rng)
            backends = ["sqlite", "elasticsearch"] if args.backend == "both" else [args.backend]
            print(f"{'backend':<14}{'stories':>8}{'stmts':>7}{'spikes':>7}{'day pool s':>11}"
                  f"{'all digests s':>14}{'ms/extra sub':>13}{'ms/sub unshared':>16}")
            for name in backends:
                r = run_backend(name, settings, store, ids, subs)
                print(f"{r['backend']:<14}{r['stories']:>8}{r['statements']:>7}{r['spikes']:>7}{r['pool_s']:>11.2f}"
                      f"{r['all_s']:>14.2f}{r['per_subscriber_ms']:>13.1f}{r['unshared_per_subscriber_ms']:>16.1f}")


if __name__ == "__main__":
    main()
