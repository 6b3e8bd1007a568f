"""Entity linking and statement attribution measured on the gold set in `bench/gold/`.

    python bench/analysis_eval.py                  # the real Analyzer (spaCy + slovnet + linker)
    python bench/analysis_eval.py --mentions gold  # statements alone, fed the gold mentions
    python bench/analysis_eval.py --misses 40      # print up to 40 misses per kind and language
    python bench/analysis_eval.py --seed           # also list what the Analyzer finds in the real
                                                   # seed article (../shared/data, when present)

Counting rules:
- entities: a predicted mention with a registry id counts when it overlaps a gold span with the
  same id (one-to-one). Mentions with provisional ids (not in the registry) are not scored: the
  gold set only annotates registry entities. Also reported: per-item id-set F1.
- statements: a prediction matches a gold statement when their spans overlap (one-to-one, the
  largest overlap first). Speaker accuracy is over matched gold statements: speaker ids equal,
  a provisional speaker id counting as "no registry speaker" (None).
Gold ids missing from `config/entities.yaml` are an error (exit status 2).
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from pipeline.analysis.registry import Registry  # noqa: E402
from pipeline.analysis.statements import find_statements, split_sentences  # noqa: E402
from pipeline.records import Analysis, Mention  # noqa: E402

GOLD = ROOT / "bench" / "gold"
SEED = ROOT.parent / "shared" / "data" / "seed-article.txt"  # reference material, never shipped
TARGETS = {"ru": {"entity_f1": 0.90, "speaker_acc": 0.85}, "ky": {"entity_f1": 0.85, "speaker_acc": 0.85}}

Item = dict[str, object]
Analyse = Callable[[Item], Analysis]


@dataclass
class Counts:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    def prf(self) -> tuple[float, float, float]:
        p = self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0
        r = self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0
        return p, r, (2 * p * r / (p + r) if p + r else 0.0)


@dataclass
class Report:
    entities: Counts = field(default_factory=Counts)
    ids: Counts = field(default_factory=Counts)
    statements: Counts = field(default_factory=Counts)
    seconds: float = 0.0  # time spent analysing (mentions + statements, or statements alone)
    chars: int = 0
    speaker_ok: int = 0
    speaker_total: int = 0
    kind_ok: int = 0
    misses: dict[str, list[str]] = field(default_factory=lambda: {"entity": [], "statement": [], "speaker": []})


def load_gold(lang: str) -> list[Item]:
    path = GOLD / f"{lang}.jsonl"
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def unknown_ids(items: Iterable[Item], registry: Registry) -> list[str]:
    bad = []
    for item in items:
        ids = [e["id"] for e in item["entities"]]  # type: ignore[attr-defined]
        ids += [s["speaker_id"] for s in item["statements"] if s["speaker_id"]]  # type: ignore[attr-defined]
        bad += [f"{item['id']}: {i}" for i in ids if registry.get(i) is None]
    return bad


def gold_mentions(item: Item, registry: Registry) -> list[Mention]:
    """The gold entities as the linker would hand them over (for --mentions gold)."""
    text = str(item["text"])
    sentences = split_sentences(text)
    out = []
    for e in item["entities"]:  # type: ignore[attr-defined]
        entity = registry.get(e["id"])
        index = next((i for i, (s, t) in enumerate(sentences) if s <= e["start"] < t), 0)
        out.append(Mention(e["id"], entity.type if entity else "organisation", entity.name(str(item["lang"])) if entity else e["surface"],
                           e["surface"], e["start"], e["end"], index, "gold"))
    return out


def _overlap(a: tuple[int, int], b: tuple[int, int]) -> int:
    return max(0, min(a[1], b[1]) - max(a[0], b[0]))


def _pairs(gold: Sequence[dict[str, object]], pred: Sequence[object], same: Callable[[dict[str, object], object], bool],
           span: Callable[[object], tuple[int, int]]) -> list[tuple[int, int]]:
    """One-to-one matches (gold index, pred index), largest overlap first."""
    candidates = sorted(
        ((_overlap((int(g["start"]), int(g["end"])), span(p)), gi, pi)  # type: ignore[call-overload]
         for gi, g in enumerate(gold) for pi, p in enumerate(pred) if same(g, p)),
        reverse=True,
    )
    used_g: set[int] = set()
    used_p: set[int] = set()
    pairs = []
    for ov, gi, pi in candidates:
        if ov > 0 and gi not in used_g and pi not in used_p:
            used_g.add(gi)
            used_p.add(pi)
            pairs.append((gi, pi))
    return pairs


def _tally(counts: Counts, misses: list[str], gold: Sequence[dict[str, object]], pred: Sequence[object],
           pairs: list[tuple[int, int]], missed: Callable[[dict[str, object]], str],
           extra: Callable[[object], str]) -> None:
    """Count matched pairs as true positives and note every unmatched gold or predicted item."""
    counts.tp += len(pairs)
    counts.fn += len(gold) - len(pairs)
    counts.fp += len(pred) - len(pairs)
    hit_g = {g for g, _ in pairs}
    hit_p = {p for _, p in pairs}
    misses.extend(missed(g) for gi, g in enumerate(gold) if gi not in hit_g)
    misses.extend(extra(p) for pi, p in enumerate(pred) if pi not in hit_p)


def score(items: list[Item], analyse: Analyse, registry: Registry) -> Report:
    rep = Report()
    for item in items:
        text = str(item["text"])
        started = time.perf_counter()
        analysis = analyse(item)
        rep.seconds += time.perf_counter() - started
        rep.chars += len(text)
        gold_e: list[dict[str, object]] = item["entities"]  # type: ignore[assignment]
        pred_e = [m for m in analysis.mentions if registry.get(m.entity_id) is not None]
        _tally(rep.entities, rep.misses["entity"], gold_e, pred_e,
               _pairs(gold_e, pred_e, lambda g, p: g["id"] == p.entity_id, lambda p: (p.start, p.end)),  # type: ignore[attr-defined]
               lambda g: f"{item['id']} MISSED {g['surface']!r} {g['id']}  | {text[:90]}",
               lambda p: f"{item['id']} EXTRA  {p.surface!r} {p.entity_id}  | {text[:90]}")  # type: ignore[attr-defined]
        gold_ids = {str(g["id"]) for g in gold_e}
        pred_ids = {m.entity_id for m in pred_e}
        rep.ids.tp += len(gold_ids & pred_ids)
        rep.ids.fn += len(gold_ids - pred_ids)
        rep.ids.fp += len(pred_ids - gold_ids)

        gold_s: list[dict[str, object]] = item["statements"]  # type: ignore[assignment]
        pred_s = list(analysis.statements)
        spairs = _pairs(gold_s, pred_s, lambda g, p: True, lambda p: (p.start, p.end))  # type: ignore[attr-defined]
        _tally(rep.statements, rep.misses["statement"], gold_s, pred_s, spairs,
               lambda g: f"{item['id']} MISSED [{g['kind']}] {g['text']!r}  | {text[:120]}",
               lambda p: f"{item['id']} EXTRA  [{p.kind} {p.cue}] {p.text!r} by {p.speaker_surface!r}  | {text[:120]}")  # type: ignore[attr-defined]
        for gi, pi in spairs:
            g, p = gold_s[gi], pred_s[pi]
            predicted = p.speaker_id if p.speaker_id and registry.get(p.speaker_id) else None
            rep.speaker_total += 1
            rep.kind_ok += g["kind"] == p.kind
            if predicted == g["speaker_id"]:
                rep.speaker_ok += 1
            else:
                rep.misses["speaker"].append(
                    f"{item['id']} gold={g['speaker_id'] or g['speaker_surface']!r} got={p.speaker_id!r} "
                    f"({p.speaker_surface!r}, cue {p.cue!r})  | {text[:120]}")
    return rep


def statements_only(registry: Registry) -> Analyse:
    def analyse(item: Item) -> Analysis:
        text = str(item["text"])
        mentions = gold_mentions(item, registry)
        day = date.fromisoformat(str(item["date"]))
        found = find_statements(text, str(item["lang"]), mentions, split_sentences(text), registry, day)
        return Analysis(tuple(mentions), tuple(found), "gold-mentions")
    return analyse


def full_analyzer(registry_path: Path) -> Analyse:
    from pipeline.analysis.stage import Analyzer

    analyzer = Analyzer.load(registry_path)
    for lang in ("ru", "ky"):  # warm up lazily loaded parts so the speed column is the steady state
        analyzer.analyze("Садыр Жапаров заявил, что работа продолжится.", lang, None)

    def analyse(item: Item) -> Analysis:
        published = datetime.fromisoformat(str(item["date"])).replace(hour=9, tzinfo=timezone.utc)
        return analyzer.analyze(str(item["text"]), str(item["lang"]), published)
    return analyse


def show_seed(registry_path: Path) -> None:
    """The statements the Analyzer finds in a real article (no gold: read them)."""
    if not SEED.exists():
        print(f"(seed article not found at {SEED}; skipped)")
        return
    from pipeline.analysis.stage import Analyzer

    text = SEED.read_text(encoding="utf-8")
    analysis = Analyzer.load(registry_path).analyze(text, "ru", datetime(2021, 11, 30, tzinfo=timezone.utc))
    print(f"--- seed article: {len(analysis.statements)} statements")
    for s in analysis.statements:
        print(f"[{s.kind} {s.cue!r}] {s.speaker_id} ({s.speaker_surface!r}, {s.speaker_post!r}): {s.text[:90]!r}")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--mentions", choices=("analyzer", "gold"), default="analyzer",
                        help="where mentions come from: the real Analyzer, or the gold entities")
    parser.add_argument("--registry", type=Path, default=ROOT / "config" / "entities.yaml")
    parser.add_argument("--lang", choices=("ru", "ky"), action="append", help="only this language (repeatable)")
    parser.add_argument("--misses", type=int, default=15, help="misses to print per kind and language")
    parser.add_argument("--seed", action="store_true", help="list the statements found in the seed article")
    args = parser.parse_args(argv)

    registry = Registry.load(args.registry)
    langs = args.lang or ["ru", "ky"]
    golds = {lang: load_gold(lang) for lang in langs}
    bad = [b for lang in langs for b in unknown_ids(golds[lang], registry)]
    if bad:
        print("ERROR: gold ids missing from the registry:", *bad, sep="\n  ")
        return 2
    analyse = statements_only(registry) if args.mentions == "gold" else full_analyzer(args.registry)

    if args.seed:
        show_seed(args.registry)
    rows = []
    for lang in langs:
        rep = score(golds[lang], analyse, registry)
        for kind, lines in rep.misses.items():
            if lines and args.misses:
                print(f"\n--- {lang} {kind} misses ({len(lines)}):")
                print("\n".join(lines[: args.misses]))
        rows.append((lang, len(golds[lang]), rep))

    print(f"\nmentions from: {args.mentions}")
    print(f"{'lang':4} {'items':>5} | {'ent P':>6} {'ent R':>6} {'ent F1':>6} | {'id F1':>6} | "
          f"{'st P':>6} {'st R':>6} {'st F1':>6} | {'speaker':>7} {'kind':>6} | {'kchar/s':>7} | targets")
    status = 0
    for lang, n, rep in rows:
        ep, er, ef = rep.entities.prf()
        _, _, idf = rep.ids.prf()
        sp, sr, sf = rep.statements.prf()
        acc = rep.speaker_ok / rep.speaker_total if rep.speaker_total else 0.0
        kind = rep.kind_ok / rep.speaker_total if rep.speaker_total else 0.0
        target = TARGETS[lang]
        met = (ef >= target["entity_f1"] or args.mentions == "gold") and acc >= target["speaker_acc"]
        status |= not met
        print(f"{lang:4} {n:5d} | {ep:6.3f} {er:6.3f} {ef:6.3f} | {idf:6.3f} | {sp:6.3f} {sr:6.3f} {sf:6.3f} | "
              f"{acc:7.3f} {kind:6.3f} | {rep.chars / rep.seconds / 1000 if rep.seconds else 0:7.0f} | entity F1 ≥ {target['entity_f1']}, speaker ≥ {target['speaker_acc']}: "
              f"{'met' if met else 'NOT met'}")
    return status


if __name__ == "__main__":
    sys.exit(main())
