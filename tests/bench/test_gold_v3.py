"""The v3 gold set (whole news articles, issue #7): built from its sources, sized, split and sound.

What makes it usable as evidence: the shipped JSONL is exactly what the sources build, the set
has the size the issue asks for, dev and held-out are disjoint and about half each per language,
every offset points at its text and every id is in the shipped registry (that check, the markup
and the scoring are v2's and are tested in test_gold_v2.py, on both sets).
"""

from __future__ import annotations

import importlib.util
import json
from collections import Counter
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
V3 = ROOT / "bench" / "gold" / "v3"


_spec = importlib.util.spec_from_file_location("kabarchy_gold_v3_build", V3 / "build.py")
assert _spec and _spec.loader
v3_build = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(v3_build)
gold_build = v3_build._v2  # the v2 builder that v3 runs with its own folder, prefix and share


def shipped(lang: str, part: str) -> list[dict[str, object]]:
    return [json.loads(line) for line in (V3 / f"{lang}.{part}.jsonl").read_text(encoding="utf-8").splitlines()]


def test_jsonl_is_what_the_sources_build() -> None:
    for lang in ("ru", "ky"):
        for part in ("dev", "heldout"):
            assert gold_build.build(lang, part, V3 / "src", "3") == shipped(lang, part), f"{lang}.{part}: run bench/gold/v3/build.py"
    assert not list((V3 / "src" / "new").glob("*.txt")), "articles left unsplit in src/new"


@pytest.mark.parametrize("lang,minimum", [("ru", 40), ("ky", 30)])
def test_size_split_and_whole_articles(lang: str, minimum: int) -> None:
    dev, held = shipped(lang, "dev"), shipped(lang, "heldout")
    assert len(dev) + len(held) >= minimum
    assert abs(len(dev) - len(held)) <= 0.1 * (len(dev) + len(held))
    assert not {i["text"] for i in dev} & {i["text"] for i in held}
    assert v3_build.DEV_SHARE == 0.5
    for item in dev + held:
        text = str(item["text"])
        assert text.count(".") >= 5, f"{item['source']}: not a whole article"
        assert item["statements"] and item["entities"]
    for part in (dev, held):  # the main difficulties are on both sides
        first = Counter(str(i["tags"][0]).split("/")[0] for i in part)  # type: ignore[index]
        assert {"foreign", "titles", "gender", "not-person", "speakers"} <= set(first)


def test_split_balances_each_category_counting_articles_already_split(tmp_path: Path) -> None:
    line = "2024-01-{d:02d} | {cat} | Фермер [[Азамат Орозов|~person]] сказал, что {{{{~person@Орозов|indirect|урожай вырос на {d} процентов}}}}."
    for folder, rows in (("dev", [(1, "gender"), (2, "gender"), (3, "titles")]), ("new", [(4, "gender"), (5, "gender"), (6, "titles"), (7, "titles")])):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "ru_x.txt").write_text("\n".join(line.format(d=d, cat=c) for d, c in rows) + "\n", encoding="utf-8")
    assert gold_build.split_new("ru", tmp_path, 0.5) == (0, 4)  # ties go to held-out
    held = Counter(i["tags"][0] for i in gold_build.build("ru", "heldout", tmp_path))
    dev = Counter(i["tags"][0] for i in gold_build.build("ru", "dev", tmp_path))
    assert (dev["gender"], held["gender"], dev["titles"], held["titles"]) == (2, 2, 1, 2)
