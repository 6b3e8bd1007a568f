"""Story quality on the gold set (`bench/gold/stories/*.yaml`): pairwise precision and
recall for same-language and cross-language pairs, and B-cubed F1, on each part (tuning, held
out, the fresh parts written blind) and all; `--fit PARTS` fits the weights on the parts named
(`bench/stories_fit.py`) and reports with them.

The gold articles go through the real pipeline pieces: a real store, the real analysis (entity
ids from the registry), the real story stage. Run from the repository root:
`python -m bench.stories_eval [--fit tune,held,fresh,fresh2] [--sweep] [--errors]`.
"""

from __future__ import annotations

import argparse
import dataclasses
import itertools
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import Iterable
from pathlib import Path

from bench.stories_fit import best_thresholds, collect, fitted, show
from bench.stories_gold import GoldArticle, load_gold
from pipeline.analysis.stage import Analyzer
from pipeline.records import ExtractedArticle, FeedEntry
from pipeline.sources import load_sources
from pipeline.store import Store
from pipeline.store.stories import moment_of
from pipeline.stories.attribution import Attributions
from pipeline.stories.features import Features
from pipeline.stories.matching import StoryParams
from pipeline.stories.stage import StoryStage, decide
from pipeline.stories.window import Window

REPO = Path(__file__).resolve().parent.parent
TARGETS = {"same": (0.95, 0.90), "cross": (0.90, 0.75)}


def gold_features(gold: list[GoldArticle], folder: Path) -> list[Features]:
    """The gold articles stored and analysed for real; their features in store order."""
    sources = load_sources(REPO / "config" / "sources.yaml").sources
    stage = StoryStage(StoryParams(), Attributions.from_sources(sources))
    analyzer = Analyzer.load(REPO / "config" / "entities.yaml")
    with Store.open(folder / "gold.sqlite") as store:
        store.sync_sources(sources)
        for a in gold:
            store.discover(a.id, FeedEntry(source_id=a.source, url=f"https://gold.example/{a.id}", found_in="gold"))
            store.save_extracted(a.id, ExtractedArticle(title=a.title, text=a.text, published=a.published,
                                                        language=a.lang, content_hash=a.id), a.title.lower())
            store.save_analysis(a.id, analyzer.analyze(a.text, a.lang, a.published))
        return [stage.features(store, row, moment_of(row["moment"])) for row in store.story_pending()]


def assign(features: Iterable[Features], params: StoryParams) -> dict[str, tuple[str, str]]:
    """article id -> (story id, relation), as the stage decides in store order."""
    window, out = Window(params), {}
    for f in features:
        story, relation, _, _ = decide(window, f)
        out[f.article_id] = (story, relation)
        window.add(f, story)
    return out


@dataclasses.dataclass
class Scores:
    pairs: dict[str, list[int]]  # same|cross -> [tp, fp, fn]
    bcubed: dict[str, float]  # ru | ky | all -> F1

    def pr(self, kind: str) -> tuple[float, float]:
        tp, fp, fn = self.pairs[kind]
        return (tp / (tp + fp) if tp + fp else 1.0), (tp / (tp + fn) if tp + fn else 1.0)


def score(gold: list[GoldArticle], predicted: dict[str, str], split: str | None) -> Scores:
    """Pairs with at least one article in `split` (all with None); B-cubed over its articles."""
    pairs = {"same": [0, 0, 0], "cross": [0, 0, 0]}
    for a, b in itertools.combinations(gold, 2):
        if split and split not in (a.split, b.split):
            continue
        kind = "same" if a.lang == b.lang else "cross"
        same_gold, same_pred = a.story == b.story, predicted[a.id] == predicted[b.id]
        if same_gold and same_pred:
            pairs[kind][0] += 1
        elif same_pred:
            pairs[kind][1] += 1
        elif same_gold:
            pairs[kind][2] += 1
    bcubed = {}
    for name, keep in (("ru", lambda a: a.lang == "ru"), ("ky", lambda a: a.lang == "ky"), ("all", lambda a: True)):
        items = [a for a in gold if keep(a)]
        gold_groups, pred_groups = defaultdict(set), defaultdict(set)
        for a in items:
            gold_groups[a.story].add(a.id)
            pred_groups[predicted[a.id]].add(a.id)
        scored = [a for a in items if not split or a.split == split]
        p = sum(len(pred_groups[predicted[a.id]] & gold_groups[a.story]) / len(pred_groups[predicted[a.id]])
                for a in scored) / len(scored)
        r = sum(len(pred_groups[predicted[a.id]] & gold_groups[a.story]) / len(gold_groups[a.story])
                for a in scored) / len(scored)
        bcubed[name] = 2 * p * r / (p + r) if p + r else 0.0
    return Scores(pairs, bcubed)


def objective(s: Scores) -> float:
    """F1 of both kinds, with precision under its target costing more than recall."""
    total = 0.0
    for kind, (p_goal, _) in TARGETS.items():
        p, r = s.pr(kind)
        total += (2 * p * r / (p + r) if p + r else 0.0) - 3 * max(0.0, p_goal - p)
    return total


def sweep(gold: list[GoldArticle], features: list[Features], params: StoryParams) -> None:
    """How far each threshold can move before the tuning part gets worse: the margins."""
    best = objective(score(gold, _stories(assign(features, params)), "tune"))
    for name in ("reprint_jaccard", "rewrite_threshold", "translation_threshold"):
        keep = [v / 100 for v in range(10, 95, 5)
                if objective(score(gold, _stories(assign(features, dataclasses.replace(params, **{name: v / 100}))),
                                   "tune")) >= best - 1e-9]
        print(f"{name} = {getattr(params, name)}: tuning part stays at its best for "
              f"{min(keep) if keep else '-'} … {max(keep) if keep else '-'}")


def _stories(assigned: dict[str, tuple[str, str]]) -> dict[str, str]:
    return {k: v[0] for k, v in assigned.items()}


def report(gold: list[GoldArticle], assigned: dict[str, tuple[str, str]], out=sys.stdout) -> None:
    predicted = _stories(assigned)
    print("| part | same-language pairs P / R | cross-language pairs P / R | B-cubed F1 ru / ky / all |", file=out)
    print("| --- | --- | --- | --- |", file=out)
    for split in [*dict.fromkeys(a.split for a in gold), None]:
        s = score(gold, predicted, split)
        (sp, sr), (cp, cr) = s.pr("same"), s.pr("cross")
        n = sum(1 for a in gold if not split or a.split == split)
        print(f"| {split or 'all'} ({n} articles) | {sp:.3f} / {sr:.3f} | {cp:.3f} / {cr:.3f} | "
              f"{s.bcubed['ru']:.3f} / {s.bcubed['ky']:.3f} / {s.bcubed['all']:.3f} |", file=out)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--fit", metavar="PARTS",
                        help="fit the weights by logistic regression on these parts (e.g. tune,held,fresh)")
    parser.add_argument("--errors", action="store_true", help="list the wrongly joined and missed pairs")
    parser.add_argument("--sweep", action="store_true",
                        help="for each threshold, the values that keep the tuning part at its best")
    args = parser.parse_args()
    gold = load_gold()
    stories = {a.story for a in gold}
    print(f"gold: {len(gold)} articles ({sum(a.lang == 'ky' for a in gold)} Kyrgyz), {len(stories)} stories; "
          f"tuning part {sum(a.split == 'tune' for a in gold)} articles, held out {sum(a.split == 'held' for a in gold)}")
    with tempfile.TemporaryDirectory() as tmp:
        started = time.perf_counter()
        features = gold_features(gold, Path(tmp))
        print(f"stored and analysed in {time.perf_counter() - started:.1f} s")
    params = StoryParams()
    if args.fit:
        parts = set(args.fit.split(","))
        params = fitted(collect(gold, features, StoryParams(), parts))
        chosen = [a for a in gold if a.split in parts]
        params = best_thresholds(params, lambda p: objective(score(chosen, _stories(assign(features, p)), None)))
        print(f"fitted on {sorted(parts)}: {show(params)}")
    if args.sweep:
        sweep(gold, features, params)
    assigned = assign(features, params)
    report(gold, assigned)
    if args.errors:
        by_id = {a.id: a for a in gold}
        for a, b in itertools.combinations(gold, 2):
            joined = assigned[a.id][0] == assigned[b.id][0]
            if joined != (a.story == b.story):
                what = "JOINED" if joined else "MISSED"
                print(f"{what} {a.id}/{b.id} ({a.lang}/{b.lang}, {by_id[b.id].kind}): {a.title[:50]} | {b.title[:50]}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
