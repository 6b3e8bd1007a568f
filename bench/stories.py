"""Story assignment speed on a generated stream of news (default 100,000 articles over 60 days),
and how its cost grows with the window and the number of stories open in it.

The words are real: sentences of real Russian news (factRuEval-2016, in ../shared/data) and of
real Kyrgyz text (UD Kyrgyz-KTMU), else the gold set's own texts. Events are drawn with a
heavy tail (most are told once, a few by dozens of outlets); their articles are reprints
(with an attribution line, some lightly cut), rewrites (other sentences around the event's own,
the same numbers) and tellings in the other language (the same ids and numbers). One day holds
a burst of 500 reprints of one press release. Times are this process's CPU time (one core), so
other work on a shared machine does not count against it. Run from the repository root:
`python -m bench.stories [--n 100000] [--days 60] [--store 3000]`.
"""

from __future__ import annotations

import argparse
import random
import re
import statistics
import sys
import tempfile
import time
from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from pathlib import Path

import yaml

from bench.stories_gold import load_gold
from pipeline.records import Analysis, ExtractedArticle, FeedEntry, Mention, SourceConfig
from pipeline.store import Store
from pipeline.stories.attribution import Attributions
from pipeline.stories.features import Features, make_features
from pipeline.stories.matching import StoryParams
from pipeline.stories.stage import StoryStage, decide
from pipeline.stories.window import Window

REPO = Path(__file__).resolve().parent.parent
SHARED = REPO.parent / "shared" / "data"
START = datetime(2023, 1, 2, tzinfo=timezone.utc)
SOURCES = {"ru": ["24kg", "kaktus", "akipress", "kloop", "vesti-kg", "knews", "economist-kg", "sputnik-kg-ru", "kabar"],
           "ky": ["azattyk", "kabar", "akipress-ky", "sputnik-kg-ky"]}
ATTRIBUTION = {"ru": ["Об этом передает АКИpress.", "Об этом сообщает 24.kg.", "Об этом пишет Kaktus.media."],
               "ky": ["Кабар маалымат агенттигинин жазганына караганда,", "Азаттык кабарлагандай,"]}


@dataclass(frozen=True)
class Generated:
    id: str
    event: int
    source: str
    lang: str
    moment: datetime
    title: str
    text: str
    entities: frozenset[str]


def _sentences() -> dict[str, list[str]]:
    """Real sentences per language (shared data when present, else the gold set's texts)."""
    out: dict[str, list[str]] = {"ru": [], "ky": []}
    fact = SHARED / "factRuEval-2016-devset"
    if fact.is_dir():
        for path in sorted(fact.glob("*.txt")):
            out["ru"] += re.split(r"(?<=[.!?])\s+", " ".join(path.read_text(encoding="utf-8").split()))
    ud = SHARED / "ud-kyrgyz-ktmu" / "ky_ktmu-ud-train.conllu"
    if ud.is_file():
        out["ky"] += [line[len("# text = "):].strip() for line in ud.read_text(encoding="utf-8").splitlines()
                      if line.startswith("# text = ")]
    for a in load_gold():
        if not out[a.lang] or len(out[a.lang]) < 200:
            out[a.lang] += re.split(r"(?<=[.!?])\s+", a.text)
    return {lang: [s for s in found if 20 <= len(s) <= 400] for lang, found in out.items()}


def _entities() -> list[str]:
    data = yaml.safe_load((REPO / "config" / "entities.yaml").read_text(encoding="utf-8"))
    return [e["id"] for e in data["entities"]]


def generate(n: int, days: int, seed: int = 7) -> list[Generated]:
    """The stream, in time order."""
    rng = random.Random(seed)
    pool, entities = _sentences(), _entities()
    out: list[Generated] = []
    event = 0
    burst_day = days // 2
    while len(out) < n:
        event += 1
        lang = "ru" if rng.random() < 0.7 else "ky"
        size = 500 if event == 1 else min(40, int(rng.paretovariate(1.6)))  # most events told once
        day = burst_day if event == 1 else rng.randrange(days)
        start = START + timedelta(days=day, hours=rng.gauss(7, 3) % 24)
        core = {lg: rng.sample(pool[lg], 4) for lg in pool}
        numbers = [f"{rng.randint(2, 999)} {rng.choice(['тысяч', 'млн', 'процентов', 'сом'])}" for _ in range(2)]
        ids = frozenset(rng.sample(entities, rng.randint(1, 3)))
        fact = {"ru": f"По данным ведомства, показатель составил {numbers[0]}, а в прошлом году — {numbers[1]}.",
                "ky": f"Маалымат боюнча, көрсөткүч {numbers[0]} түздү, былтыр {numbers[1]} болгон."}
        base = {lg: " ".join([core[lg][0], fact[lg], *core[lg][1:]]) for lg in pool}
        for i in range(size):
            kind = "first" if i == 0 else ("reprint" if event == 1 else rng.choices(
                ["reprint", "rewrite", "other"], weights=[5, 3, 2])[0])
            lg = lang if kind != "other" else ("ky" if lang == "ru" else "ru")
            if kind == "rewrite":
                body = " ".join([*rng.sample(pool[lg], 2), fact[lg], core[lg][2], *rng.sample(pool[lg], 2)])
            elif kind == "reprint":
                body = base[lg] if rng.random() < 0.7 else base[lg].rsplit(". ", 1)[0] + "."
                note = rng.choice(ATTRIBUTION[lg])
                body = f"{note} {body}" if note.endswith(",") else f"{body} {note}"
            else:
                body = base[lg]
            when = start + timedelta(minutes=0 if i == 0 else rng.expovariate(1 / 240))
            out.append(Generated(f"{event}-{i}", event, rng.choice(SOURCES[lg]), lg, when, core[lg][0][:80], body, ids))
    out = out[:n]
    out.sort(key=lambda g: (g.moment, g.id))
    return out


def features_of(stream: list[Generated]) -> tuple[list[Features], float]:
    started = time.process_time()
    feats = [make_features(g.id, g.source, g.lang, g.moment, g.title, g.text, g.entities) for g in stream]
    return feats, time.process_time() - started


def run(feats: list[Features], params: StoryParams, sample_every: int = 1000) -> dict[str, object]:
    """Assign every article; the cost and the window's size as the stream goes on."""
    window, story_of = Window(params), {}
    sizes, stories, costs = [], [], []
    started = time.process_time()
    for i, f in enumerate(feats):
        t0 = time.process_time()
        story, _, _, _ = decide(window, f)
        window.add(f, story)
        costs.append(time.process_time() - t0)
        story_of[f.article_id] = story
        if i % sample_every == 0:
            sizes.append(len(window.members))
            stories.append(len({m.story_id for m in window.members.values()}))
    total = time.process_time() - started
    return {"seconds": total, "per_s": len(feats) / total, "window": statistics.mean(sizes),
            "open_stories": statistics.mean(stories), "p99_ms": 1000 * sorted(costs)[int(0.99 * len(costs))],
            "story_of": story_of, "costs": costs}


def store_run(stream: list[Generated], folder: Path) -> tuple[float, int]:
    """The whole stage with a real store: the articles are written first (not timed), then the
    stage reads each text and its ids, decides and writes membership and summary, one
    transaction per article. Returns articles/s of CPU and the largest story's size."""
    sources = [SourceConfig(id=sid, name=sid, homepage=f"https://{sid}.example/", languages=("ru", "ky"),
                            kind="outlet") for sid in sorted({g.source for g in stream})]
    with Store.open(folder / "stories-bench.sqlite") as store:
        store.sync_sources(sources)
        for g in stream:
            store.discover(g.id, FeedEntry(source_id=g.source, url=f"https://{g.source}.example/{g.id}",
                                           found_in="bench"))
            store.save_extracted(g.id, ExtractedArticle(title=g.title, text=g.text, published=g.moment,
                                                        language=g.lang, content_hash=g.id), g.title.lower())
            mentions = tuple(Mention(e, e.split(":")[0], e, e, 0, 1, 0, "registry") for e in sorted(g.entities))
            store.save_analysis(g.id, Analysis(mentions, (), "bench"))
        stage = StoryStage(StoryParams(), Attributions.from_sources(sources))
        started = time.process_time()
        report = stage.run(store)
        seconds = time.process_time() - started
        largest = store.conn.execute("SELECT MAX(articles) FROM stories").fetchone()[0]
    return report.assigned / seconds, largest


def bcubed(stream: list[Generated], story_of: dict[str, str]) -> float:
    gold, pred = defaultdict(set), defaultdict(set)
    for g in stream:
        gold[g.event].add(g.id)
        pred[story_of[g.id]].add(g.id)
    p = statistics.mean(len(pred[story_of[g.id]] & gold[g.event]) / len(pred[story_of[g.id]]) for g in stream)
    r = statistics.mean(len(pred[story_of[g.id]] & gold[g.event]) / len(gold[g.event]) for g in stream)
    return 2 * p * r / (p + r)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=100_000, help="articles in the stream")
    parser.add_argument("--days", type=int, default=60, help="days the stream covers")
    parser.add_argument("--windows", default="1,3,7", help="window sizes (days) to compare on the first third")
    parser.add_argument("--store", type=int, default=3000, metavar="N",
                        help="articles (around the burst of reprints) for the run with a real store; 0: none")
    args = parser.parse_args()
    stream = generate(args.n, args.days)
    burst = sum(1 for g in stream if g.event == 1)
    print(f"stream: {len(stream)} articles over {args.days} days, {len({g.event for g in stream})} events, "
          f"{sum(g.lang == 'ky' for g in stream)} Kyrgyz; one burst of {burst} reprints in a day")
    feats, seconds = features_of(stream)
    print(f"features (lemmas, shingles, MinHash, numbers, keys): {len(feats) / seconds:,.0f} articles/s "
          f"({seconds:.1f} s)")
    result = run(feats, StoryParams())
    print(f"assignment, window 3 days: {result['per_s']:,.0f} articles/s ({result['seconds']:.1f} s); "
          f"p99 {result['p99_ms']:.2f} ms; window holds {result['window']:,.0f} articles in "
          f"{result['open_stories']:,.0f} open stories on average; B-cubed F1 on the generated events "
          f"{bcubed(stream, result['story_of']):.3f}")
    print(f"features + assignment: {len(feats) / (seconds + result['seconds']):,.0f} articles/s")
    burst_ids = [i for i, g in enumerate(stream) if g.event == 1]
    costs = result["costs"]
    print(f"the burst's {burst} reprints: one story: "
          f"{len({result['story_of'][stream[i].id] for i in burst_ids}) == 1}; "
          f"{1000 * statistics.mean(costs[i] for i in burst_ids):.2f} ms each on average")
    if args.store:
        begin = max(0, min(burst_ids) - args.store // 2)
        with tempfile.TemporaryDirectory() as tmp:
            per_s, largest = store_run(stream[begin:begin + args.store], Path(tmp))
        print(f"with the store ({args.store} articles around the burst, largest story {largest} articles): "
              f"{per_s:,.0f} articles/s")
    third = feats[: len(feats) // 3]
    print("| window (days) | articles/s | articles in window | open stories | p99 per article |")
    print("| --- | --- | --- | --- | --- |")
    for days in (float(d) for d in args.windows.split(",")):
        r = run(third, StoryParams(window_days=days))
        print(f"| {days:g} | {r['per_s']:,.0f} | {r['window']:,.0f} | {r['open_stories']:,.0f} | {r['p99_ms']:.2f} ms |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
