"""Russian person and organisation recognition on the factRuEval-2016 dev set.

Reads `../shared/data/factRuEval-2016-devset/` relative to the repository root (skips cleanly
when it is absent; the data is never copied into the repository). A gold mention is an object
of the *.objects layer (Person, Org) spanning its *.spans from the first character to the last.
Scores: exact span match, and overlap match (a prediction counts when it overlaps a gold
mention of the same type, each gold mention matched once).

    python bench/factrueval.py [--registry config/entities.yaml] [--limit N]
"""

from __future__ import annotations

import argparse
import sys
import time
from collections import defaultdict
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

DATA = REPO.parent / "shared" / "data" / "factRuEval-2016-devset"
GOLD_TYPES = {"Person": "PER", "Org": "ORG"}
OUR_TYPES = {"person": "PER", "organisation": "ORG", "body": "ORG", "party": "ORG", "media": "ORG"}
Spans = dict[str, set[tuple[int, int]]]


def gold(doc: Path) -> Spans:
    spans: dict[str, tuple[int, int]] = {}
    for line in doc.with_suffix(".spans").read_text(encoding="utf-8").splitlines():
        fields = line.split("#")[0].split()
        if len(fields) >= 4:
            spans[fields[0]] = (int(fields[2]), int(fields[2]) + int(fields[3]))
    out: Spans = defaultdict(set)
    for line in doc.with_suffix(".objects").read_text(encoding="utf-8").splitlines():
        fields = line.split("#")[0].split()
        if len(fields) >= 3 and fields[1] in GOLD_TYPES:
            parts = [spans[s] for s in fields[2:] if s in spans]
            if parts:
                out[GOLD_TYPES[fields[1]]].add((min(a for a, _ in parts), max(b for _, b in parts)))
    return out


def score(pred: Spans, true: Spans, counts: dict[str, list[int]]) -> None:
    """Accumulate [exact tp, overlap tp, predicted, gold] per type."""
    for label in GOLD_TYPES.values():
        p, g = pred.get(label, set()), true.get(label, set())
        c = counts[label]
        c[0] += len(p & g)
        unmatched = set(g)
        for a, b in sorted(p):
            hit = next((x for x in sorted(unmatched) if x[0] < b and a < x[1]), None)
            if hit:
                unmatched.discard(hit)
                c[1] += 1
        c[2] += len(p)
        c[3] += len(g)


def f1(tp: int, predicted: int, gold_n: int) -> tuple[float, float, float]:
    p = tp / predicted if predicted else 0.0
    r = tp / gold_n if gold_n else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--registry", type=Path, default=REPO / "config" / "entities.yaml")
    parser.add_argument("--limit", type=int, default=0, help="only the first N documents")
    args = parser.parse_args()
    if not DATA.is_dir():
        print(f"skipped: {DATA} is absent")
        return 0
    from pipeline.analysis.ner_ru import RussianNER
    from pipeline.analysis.stage import Analyzer

    docs = sorted(DATA.glob("*.txt"))[: args.limit or None]
    analyzer = Analyzer.load(args.registry)
    model = RussianNER.load()
    counts: dict[str, dict[str, list[int]]] = {"slovnet alone": defaultdict(lambda: [0, 0, 0, 0]),
                                              "kabarchy pipeline": defaultdict(lambda: [0, 0, 0, 0])}
    words = 0
    seconds = {"slovnet alone": 0.0, "kabarchy pipeline": 0.0}
    for doc in docs:
        text = doc.read_text(encoding="utf-8")
        words += len(text.split())
        true = gold(doc)
        started = time.perf_counter()
        raw: Spans = defaultdict(set)
        for s in model.spans([(0, text)]):
            raw[s.label].add((s.start, s.end))
        seconds["slovnet alone"] += time.perf_counter() - started
        score(raw, true, counts["slovnet alone"])
        started = time.perf_counter()
        ours: Spans = defaultdict(set)
        for m in analyzer.analyze(text, "ru", None).mentions:
            if m.entity_type in OUR_TYPES:
                ours[OUR_TYPES[m.entity_type]].add((m.start, m.end))
        seconds["kabarchy pipeline"] += time.perf_counter() - started
        score(ours, true, counts["kabarchy pipeline"])
    print(f"factRuEval-2016 dev: {len(docs)} documents, {words} words; "
          + ", ".join(f"{k} {words / v:,.0f} words/s" for k, v in seconds.items()))
    print(f"{'system':<18} {'type':<4} {'gold':>5} {'pred':>5}  {'exact P/R/F1':<20} {'overlap P/R/F1':<20}")
    for system, by_type in counts.items():
        for label in GOLD_TYPES.values():
            exact_tp, overlap_tp, predicted, gold_n = by_type[label]
            e = f1(exact_tp, predicted, gold_n)
            o = f1(overlap_tp, predicted, gold_n)
            print(f"{system:<18} {label:<4} {gold_n:>5} {predicted:>5}  "
                  f"{e[0]:.3f}/{e[1]:.3f}/{e[2]:.3f}    {o[0]:.3f}/{o[1]:.3f}/{o[2]:.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
