"""Kyrgyz stemmer quality and speed on the UD Kyrgyz-KTMU treebank (nouns and proper nouns).

A stem counts as right when it equals the gold lemma, both lower-cased and folded (ө→о ...),
which is how the indexes compare them. The first half of the sentences was used while writing
the rules and the stem list; the second half is the held-out number.

    python bench/ky_stemmer.py [--conllu PATH] [--errors 25]
"""

from __future__ import annotations

import argparse
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from pipeline.ky_stem import normalise_spelling, stem  # noqa: E402
from pipeline.morph import fold, ky_lemma  # noqa: E402

DEFAULT = ROOT.parent / "shared" / "data" / "ud-kyrgyz-ktmu" / "ky_ktmu-ud-train.conllu"
POS = ("NOUN", "PROPN")
TARGET = 0.90


def read_sentences(path: Path) -> list[list[tuple[str, str, str]]]:
    """(form, lemma, upos) of every NOUN/PROPN word, one list per sentence."""
    sentences: list[list[tuple[str, str, str]]] = [[]]
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            if sentences[-1]:
                sentences.append([])
            continue
        cols = line.split("\t")
        if len(cols) == 10 and cols[0].isdigit() and cols[3] in POS:
            sentences[-1].append((cols[1], cols[2], cols[3]))
    return [s for s in sentences if s]


Scores = dict[str, tuple[int, int, int]]


def score(words: list[tuple[str, str, str]]) -> tuple[Scores, Counter[tuple[str, str, str]]]:
    """Per-POS (right, right after spelling normalisation, total) and the wrong (form, stem, gold) triples.

    The stemmer spells every stem with a final б/г devoiced and a final ь dropped (so that куб and
    кубу, апрель and апрелге meet); the second count forgives exactly that difference."""
    right: Counter[str] = Counter()
    spelled: Counter[str] = Counter()
    total: Counter[str] = Counter()
    errors: Counter[tuple[str, str, str]] = Counter()
    for form, gold, pos in words:
        got = fold(stem(form))
        total[pos] += 1
        if got == fold(gold):
            right[pos] += 1
        else:
            errors[(form.lower(), got, fold(gold))] += 1
        spelled[pos] += got == fold(normalise_spelling(gold.lower()))
    return {pos: (right[pos], spelled[pos], total[pos]) for pos in total}, errors


def error_pattern(form: str, got: str, gold: str) -> str:
    """A coarse label for why a stem is wrong, to see which rule to fix."""
    if got == fold(form) and gold != got:
        return "not stripped"
    if gold.startswith(got):
        return "over-stripped"
    if got.startswith(gold):
        return "under-stripped"
    return "different stem (alternation, irregular)"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--conllu", type=Path, default=DEFAULT)
    parser.add_argument("--errors", type=int, default=25, help="how many frequent errors to list")
    args = parser.parse_args()
    if not args.conllu.exists():
        print(f"skipped: {args.conllu} is absent (reference data is not part of the repository)")
        return 0
    sentences = read_sentences(args.conllu)
    half = len(sentences) // 2
    splits = {"dev (1st half)": sentences[:half], "test (2nd half)": sentences[half:], "all": sentences}
    print(f"{'split':<16} {'POS':<6} {'right':>6} {'total':>6} {'accuracy':>8} {'spelling-normalised':>20}")
    all_errors: Counter[tuple[str, str, str]] = Counter()
    held_out = 0.0
    for name, part in splits.items():
        words = [w for s in part for w in s]
        per_pos, errors = score(words)
        both = tuple(sum(v[i] for v in per_pos.values()) for i in range(3))
        rows = [*sorted(per_pos.items()), ("both", both)]
        for pos, (right, spelled, total) in rows:
            print(f"{name:<16} {pos:<6} {right:>6} {total:>6} {right / total:>8.3f} {spelled / total:>20.3f}")
        held_out = rows[-1][1][0] / rows[-1][1][2] if name.startswith("test") else held_out
        if name == "all":
            all_errors = errors
    verdict = "meets" if held_out >= TARGET else "is BELOW"
    print(f"\nheld-out accuracy {held_out:.3f} {verdict} the target {TARGET:.2f}")
    patterns: Counter[str] = Counter()
    for (form, got, gold), n in all_errors.items():
        patterns[error_pattern(form, got, gold)] += n
    print("\nerror patterns (all):")
    for pattern, n in patterns.most_common():
        print(f"  {n:>5}  {pattern}")
    print(f"\ntop {args.errors} errors (form → stem, gold):")
    for (form, got, gold), n in all_errors.most_common(args.errors):
        print(f"  {n:>3}  {form} → {got}  (gold {gold})")
    forms = [form for s in sentences for form, _, _ in s]
    runs = 3
    started = time.perf_counter()
    for _ in range(runs):
        for form in forms:
            stem.__wrapped__(form)  # the uncached function
    elapsed = time.perf_counter() - started
    rate = runs * len(forms) / elapsed
    print(f"\nspeed: stem() {rate:,.0f} words/s uncached ({len(forms)} words × {runs})")
    ky_lemma.cache_clear()
    for label in ("cold cache", "warm cache"):
        started = time.perf_counter()
        for form in forms:
            ky_lemma(form)
        print(f"       morph.ky_lemma {len(forms) / (time.perf_counter() - started):,.0f} words/s ({label})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
