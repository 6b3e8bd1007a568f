"""The v3 gold set (whole news articles, issue #7): built from its sources, sized, split and sound.

What makes it usable as evidence: the shipped JSONL is exactly what the sources build, the set
has the size the issue asks for, dev and held-out are disjoint and about half each per language,
every offset points at its text and every id is in the shipped registry. The markup and the
scoring are v2's and are tested in test_gold_v2.py.
"""

from __future__ import annotations

import importlib.util
import json
import sys
from collections import Counter
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
V3 = ROOT / "bench" / "gold" / "v3"


def _load(name: str, path: Path):  # type: ignore[no-untyped-def]
    spec = importlib.util.spec_from_file_location(name, path)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


gold_build = _load("kabarchy_gold_v2_build_for_v3", ROOT / "bench" / "gold" / "v2" / "build.py")
v3_build = _load("kabarchy_gold_v3_build", V3 / "build.py")


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


def test_offsets_point_at_the_annotated_text_and_ids_exist() -> None:
    known = gold_build.registry_ids(ROOT / "config" / "entities.yaml")
    for lang in ("ru", "ky"):
        items = shipped(lang, "dev") + shipped(lang, "heldout")
        assert gold_build.problems(items, known) == []
        for item in items:
            text = str(item["text"])
            for e in item["entities"]:  # type: ignore[attr-defined]
                assert text[e["start"]:e["end"]] == e["surface"] and e["surface"].strip() == e["surface"]
            for s in item["statements"]:  # type: ignore[attr-defined]
                assert text[s["start"]:s["end"]] == s["text"] and s["text"]


def test_split_balances_each_category_counting_articles_already_split(tmp_path: Path) -> None:
    line = "2024-01-{d:02d} | {cat} | Фермер [[Азамат Орозов|~person]] сказал, что {{{{~person@Орозов|indirect|урожай вырос на {d} процентов}}}}."
    for folder, rows in (("dev", [(1, "gender"), (2, "gender"), (3, "titles")]), ("new", [(4, "gender"), (5, "gender"), (6, "titles"), (7, "titles")])):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "ru_x.txt").write_text("\n".join(line.format(d=d, cat=c) for d, c in rows) + "\n", encoding="utf-8")
    assert gold_build.split_new("ru", tmp_path, 0.5) == (0, 4)  # ties go to held-out
    held = Counter(i["tags"][0] for i in gold_build.build("ru", "heldout", tmp_path))
    dev = Counter(i["tags"][0] for i in gold_build.build("ru", "dev", tmp_path))
    assert (dev["gender"], held["gender"], dev["titles"], held["titles"]) == (2, 2, 1, 2)
