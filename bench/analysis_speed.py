"""Analysis speed on real text, next to the slovnet model alone on the same texts in the same run.

Russian: the 122 news texts of the factRuEval-2016 dev set; Kyrgyz: the sentences of UD
Kyrgyz-KTMU grouped into articles of 12 sentences (both read from ../shared/data; the script
skips cleanly without them). Real vocabularies, so caches help only as much as they would on
real news. Every measured pass starts with empty word caches (first sight of the corpus'
vocabulary, the worst case for a worker); a second, warm pass is shown too. The slovnet
baseline runs `NER.map` over the same Russian texts (its own batching), taking turns with our
analysis, and the median of the rounds is reported.

    python bench/analysis_speed.py [--rounds 3] [--registry config/entities.yaml] [--profile ru|ky]
"""

from __future__ import annotations

import argparse
import cProfile
import pstats
import statistics
import sys
import time
from collections.abc import Callable
from datetime import datetime, timezone
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

DATA = REPO.parent / "shared" / "data"
FACTRUEVAL = DATA / "factRuEval-2016-devset"
UD_KYRGYZ = DATA / "ud-kyrgyz-ktmu" / "ky_ktmu-ud-train.conllu"
KY_SENTENCES_PER_ARTICLE = 12
DAY = datetime(2016, 6, 1, 9, tzinfo=timezone.utc)


def russian_texts() -> list[str]:
    return [p.read_text(encoding="utf-8-sig") for p in sorted(FACTRUEVAL.glob("*.txt"))]


def kyrgyz_texts() -> list[str]:
    sentences = [line[len("# text = "):].strip() for line in UD_KYRGYZ.read_text(encoding="utf-8").splitlines()
                 if line.startswith("# text = ")]
    n = KY_SENTENCES_PER_ARTICLE
    return [" ".join(sentences[i:i + n]) for i in range(0, len(sentences), n)]


def words(texts: list[str]) -> int:
    from pipeline.morph import tokens

    return sum(len(tokens(t)) for t in texts)


def clear_caches(analyzer: object) -> None:
    """Forget every word cache of ours, so a pass sees the corpus' vocabulary for the first time
    (spaCy's own vocabulary stays: the first round's cold pass is the only one without it)."""
    for nlp in analyzer.pipelines.values():  # type: ignore[attr-defined]
        getattr(nlp.get_pipe("kabarchy_name_forms"), "_known", {}).clear()
    import pipeline.analysis.components as components
    import pipeline.analysis.gender as gender
    import pipeline.analysis.names as names
    import pipeline.ky_stem as ky_stem
    import pipeline.morph as morph

    for module in (morph, names, components, gender, ky_stem):
        for value in vars(module).values():
            if callable(getattr(value, "cache_clear", None)) and value not in (morph._morph, ky_stem.known_stems):
                value.cache_clear()


def dawg_reader() -> str:
    """Which DAWG implementation pymorphy3 uses: `dawg` (the C extension) or `dawg_python`."""
    from pipeline.morph import _morph

    words = _morph().dictionary.words
    return next(c.__module__ for c in type(words).__mro__ if c.__module__ in ("dawg", "dawg_python"))


def timed(run: Callable[[], object]) -> float:
    started = time.perf_counter()
    run()
    return time.perf_counter() - started


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--registry", type=Path, default=REPO / "config" / "entities.yaml")
    parser.add_argument("--profile", choices=("ru", "ky"), help="print a cProfile of one cold pass instead")
    args = parser.parse_args()
    if not FACTRUEVAL.is_dir() or not UD_KYRGYZ.is_file():
        print(f"skipped: the corpora are not in {DATA}")
        return 0
    from pipeline.analysis.ner_ru import RussianNER
    from pipeline.analysis.stage import ARTICLES_PER_TASK, Analyzer

    corpora = {"ru": russian_texts(), "ky": kyrgyz_texts()}
    counts = {lang: words(texts) for lang, texts in corpora.items()}
    started = time.perf_counter()
    analyzer = Analyzer.load(args.registry)
    print(f"Analyzer.load: {time.perf_counter() - started:.1f} s ({analyzer.version}); "
          f"pymorphy3 DAWG reader: {dawg_reader()}")
    for lang, texts in corpora.items():
        print(f"{lang}: {len(texts)} texts, {counts[lang]:,} words")

    def ours(lang: str) -> Callable[[], object]:
        """As a worker runs: tasks of ARTICLES_PER_TASK articles, each analysed in one batch."""
        texts, n = corpora[lang], ARTICLES_PER_TASK
        return lambda: [analyzer.analyze_many([(t, lang, DAY) for t in texts[i:i + n]])
                        for i in range(0, len(texts), n)]

    if args.profile:
        clear_caches(analyzer)
        profile = cProfile.Profile()
        profile.runcall(ours(args.profile))
        pstats.Stats(profile).sort_stats("cumulative").print_stats(35)
        return 0

    slovnet = RussianNER.load()._model  # the bare slovnet NER with navec, as its README runs it
    baseline = lambda: list(slovnet.map(corpora["ru"]))  # noqa: E731
    baseline()  # warm up (the first call builds the model's buffers)
    rows: dict[str, list[float]] = {"slovnet ru": [], "ru cold": [], "ru warm": [], "ky cold": [], "ky warm": []}
    for _ in range(args.rounds):
        rows["slovnet ru"].append(counts["ru"] / timed(baseline))
        for lang in ("ru", "ky"):
            clear_caches(analyzer)
            rows[f"{lang} cold"].append(counts[lang] / timed(ours(lang)))
            rows[f"{lang} warm"].append(counts[lang] / timed(ours(lang)))
    median = {k: statistics.median(v) for k, v in rows.items()}
    print(f"\n{'what':<28} {'words/s (median of ' + str(args.rounds) + ')':>26}  rounds")
    for key, label in (("slovnet ru", "slovnet NER alone, ru"), ("ru cold", "kabarchy ru, cold caches"),
                       ("ru warm", "kabarchy ru, warm caches"), ("ky cold", "kabarchy ky, cold caches"),
                       ("ky warm", "kabarchy ky, warm caches")):
        print(f"{label:<28} {median[key]:>26,.0f}  {', '.join(f'{v:,.0f}' for v in rows[key])}")
    print(f"\nru cold / slovnet = {median['ru cold'] / median['slovnet ru']:.2f} (target >= 0.8); "
          f"ru warm / slovnet = {median['ru warm'] / median['slovnet ru']:.2f}")
    print(f"ky cold / ru cold = {median['ky cold'] / median['ru cold']:.2f} (target >= 2); "
          f"ky warm / ru warm = {median['ky warm'] / median['ru warm']:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
