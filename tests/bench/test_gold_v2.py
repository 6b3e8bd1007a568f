"""The v2 gold sets (issue #7) and the code that builds and scores them.

The shipped gold is checked for what makes it usable as evidence: offsets that point at the
annotated text, ids the registry has, a dev/held-out split that does not leak, every category on
both sides. The scoring is checked on small hand-made analyses, so a change in the counting rules
that would flatter the analyser fails here.
"""

from __future__ import annotations

import importlib.util
import json
import sys
from collections import Counter
from pathlib import Path
from types import SimpleNamespace

import pytest

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "bench"))  # the bench scripts import each other by plain name


def _load(name: str, path: Path):  # type: ignore[no-untyped-def]
    """A bench script as a module under a name of its own (`build` would clash with PyPI's)."""
    spec = importlib.util.spec_from_file_location(name, path)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


gold_build = _load("kabarchy_gold_v2_build", ROOT / "bench" / "gold" / "v2" / "build.py")
eval_v2 = _load("kabarchy_analysis_eval_v2", ROOT / "bench" / "analysis_eval_v2.py")
factrueval = _load("kabarchy_factrueval", ROOT / "bench" / "factrueval.py")

from pipeline.analysis.registry import Registry  # noqa: E402
from pipeline.records import Analysis, Mention, Statement  # noqa: E402

V2 = ROOT / "bench" / "gold" / "v2"
REGISTRY = ROOT / "config" / "entities.yaml"


def shipped(lang: str, part: str, gold: Path = V2) -> list[dict[str, object]]:
    return [json.loads(line) for line in (gold / f"{lang}.{part}.jsonl").read_text(encoding="utf-8").splitlines()]


# --- the shipped gold -------------------------------------------------------------------------

def test_jsonl_is_what_the_sources_build() -> None:
    for lang in ("ru", "ky"):
        for part in ("dev", "heldout"):
            assert gold_build.build(lang, part) == shipped(lang, part), f"{lang}.{part}: run bench/gold/v2/build.py"


@pytest.mark.parametrize("lang,minimum", [("ru", 300), ("ky", 200)])
def test_size_split_and_categories(lang: str, minimum: int) -> None:
    dev, held = shipped(lang, "dev"), shipped(lang, "heldout")
    assert len(dev) + len(held) >= minimum
    assert 0.3 <= len(held) / (len(dev) + len(held)) <= 0.5
    assert not {i["id"] for i in dev} & {i["id"] for i in held}
    assert not {i["text"] for i in dev} & {i["text"] for i in held}
    wanted = set(gold_build.CATEGORIES) - ({"places", "persons"} if lang == "ru" else {"plain"})
    for part in (dev, held):
        first = Counter(str(i["tags"][0]).split("/")[0] for i in part)  # type: ignore[index]
        assert wanted <= set(first), f"{lang}: categories missing on one side: {wanted - set(first)}"


@pytest.mark.parametrize("gold", [V2, V2.parent / "v3"], ids=["v2", "v3"])
def test_offsets_point_at_the_annotated_text_and_ids_exist(gold: Path) -> None:
    known = gold_build.registry_ids(REGISTRY)
    for lang in ("ru", "ky"):
        items = shipped(lang, "dev", gold) + shipped(lang, "heldout", gold)
        assert gold_build.problems(items, known) == []
        for item in items:
            text = str(item["text"])
            for e in item["entities"]:  # type: ignore[attr-defined]
                assert text[e["start"]:e["end"]] == e["surface"] and e["surface"].strip() == e["surface"]
                assert e["id"] or e["type"] or e["forbid"] or e["optional"]
            for s in item["statements"]:  # type: ignore[attr-defined]
                assert text[s["start"]:s["end"]] == s["text"] and s["text"]
                assert s["kind"] in ("direct", "indirect")


# --- markup ---------------------------------------------------------------------------------------

def test_entity_and_speaker_claims() -> None:
    e = gold_build.parse_entity("~person=A;!person:kamchybek-tashiev", "t")
    assert (e["id"], e["type"], e["label"], e["forbid"]) == (None, "person", "A", ["person:kamchybek-tashiev"])
    e = gold_build.parse_entity("body:mfa;?place:kyrgyzstan", "t")
    assert (e["id"], e["type"], e["optional"]) == ("body:mfa", "body", ["place:kyrgyzstan"])
    assert gold_build.parse_speaker("null:collective@Жители села", "t")["speaker_kind"] == "null"
    s = gold_build.parse_speaker("~person=B@Она", "t")
    assert (s["speaker_kind"], s["speaker_label"], s["speaker_surface"]) == ("provisional", "B", "Она")
    with pytest.raises(gold_build.GoldError):
        gold_build.parse_entity("~planet", "t")


def test_split_moves_new_items_once_and_keeps_them(tmp_path: Path) -> None:
    new = tmp_path / "new"
    new.mkdir()
    lines = [f"2024-01-{d:02d} | verbs | Фермер [[Азамат Орозов|~person]] сказал, что {{{{~person@Орозов|indirect|урожай вырос на {d} процентов}}}}."
             for d in range(1, 11)]
    (new / "ru_x.txt").write_text("# header\n" + "\n".join(lines) + "\n", encoding="utf-8")
    dev, held = gold_build.split_new("ru", tmp_path)
    assert (dev, held) == (6, 4) and not (new / "ru_x.txt").exists()
    built_dev, built_held = gold_build.build("ru", "dev", tmp_path), gold_build.build("ru", "heldout", tmp_path)
    assert len(built_dev) == 6 and len(built_held) == 4
    (new / "ru_x.txt").write_text(lines[0].replace("1 процентов", "11 процентов") + "\n", encoding="utf-8")
    gold_build.split_new("ru", tmp_path)  # a later item joins one side; the earlier ten stay put
    assert {i["text"] for i in built_dev} <= {i["text"] for i in gold_build.build("ru", "dev", tmp_path)}
    assert {i["text"] for i in built_held} <= {i["text"] for i in gold_build.build("ru", "heldout", tmp_path)}


# --- scoring --------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def registry() -> Registry:
    return Registry.load(REGISTRY)


def item_from(marked: str, tags: str = "gender") -> dict[str, object]:
    text, entities, statements = gold_build.parse_line(marked, "test")
    return {"id": "t", "lang": "ru", "date": "2024-01-01", "tags": tags.split(), "categories": [tags.split("/")[0]], "text": text,
            "entities": [{**e, **gold_build.parse_entity(str(e["id"]), "t")} for e in entities],
            "statements": [{**gold_build.parse_speaker(str(s["speaker_id"]), "t"), "kind": s["kind"], "start": s["start"],
                            "end": s["end"], "text": s["text"]} for s in statements]}


def mention(text: str, surface: str, entity_id: str, kind: str, method: str = "registry") -> Mention:
    start = text.index(surface)
    return Mention(entity_id, kind, surface, surface, start, start + len(surface), 0, method)


def run(item: dict[str, object], analysis: Analysis, registry: Registry) -> eval_v2.Tally:
    return eval_v2.evaluate([item], lambda _: analysis, registry, [])["all"]


def test_wrong_link_and_feminine_surname(registry: Registry) -> None:
    item = item_from("Предприниматель [[Бермет Келдибекова|~person=A;!person:akhmatbek-keldibekov]] открыла цех.")
    text = str(item["text"])
    wrong = run(item, Analysis((mention(text, "Келдибекова", "person:akhmatbek-keldibekov", "person"),)), registry)
    assert (wrong.wrong_links.hit, wrong.wrong_links.total, wrong.links.fp, wrong.outside.hit) == (1, 1, 1, 0)
    right = run(item, Analysis((mention(text, "Бермет Келдибекова", "prov-person:abc", "person", "model"),)), registry)
    assert (right.wrong_links.hit, right.links.fp, right.outside.hit, right.outside.total) == (0, 0, 1, 1)


def test_each_kind_of_forbidden_link_counts(registry: Registry) -> None:
    item = item_from("В [[Джалал-Абаде|~place;!place:jalal-abad-region]] фермер [[Бакыт Ташиев|~person]] "
                     "живёт на [[улице Бейшеналиевой|!person]].", "not-person")
    text = str(item["text"])
    region = mention(text, "Джалал-Абаде", "place:jalal-abad-region", "place")  # `!id`
    namesake = mention(text, "Бакыт Ташиев", "person:kamchybek-tashiev", "person")  # `~person`, no `!id`
    street = mention(text, "Бейшеналиевой", "prov-person:x", "person", "model")  # `!person`, provisional
    for wrong in (region, namesake, street):
        t = run(item, Analysis((wrong,)), registry)
        assert (t.wrong_links.hit, t.wrong_links.total) == (1, 3), wrong.surface
    t = run(item, Analysis((mention(text, "Джалал-Абаде", "prov-place:j", "place", "model"),)), registry)
    assert t.wrong_links.hit == 0 and t.places.hit == 1


def test_country_inside_a_foreign_body_is_judged_by_its_own_span(registry: Registry) -> None:
    item = item_from("[[МИД [[Азербайджана|~place]]|~organisation;!body:mfa]] выразил соболезнования.", "foreign")
    text = str(item["text"])
    body = mention(text, "МИД Азербайджана", "prov-organisation:az-mfa", "organisation", "rule")
    country = mention(text, "Азербайджана", "place:kyrgyzstan", "place")  # any registry place is allowed by `~place`
    t = run(item, Analysis((body, country)), registry)
    assert (t.wrong_links.hit, t.links.fp, t.outside.hit, t.outside.total) == (0, 0, 2, 2)
    t = run(item, Analysis((mention(text, "МИД", "body:mfa", "body"), country)), registry)
    assert (t.wrong_links.hit, t.links.fp, t.outside.hit) == (1, 1, 1)


def test_optional_and_outside_links_are_neutral_not_false_positives(registry: Registry) -> None:
    item = item_from("[[МИД [[Кыргызстана|?place:kyrgyzstan]]|body:mfa]] и [[Каракол|~place]].", "foreign")
    text = str(item["text"])
    t = run(item, Analysis((mention(text, "МИД", "body:mfa", "body"), mention(text, "Кыргызстана", "place:kyrgyzstan", "place"),
                            mention(text, "Каракол", "place:bishkek", "place"))), registry)
    assert (t.links.tp, t.links.fp, t.links.fn) == (1, 0, 0)  # a place link on a `~place` is neutral
    assert t.places.hit == 1 and t.outside.hit == 1


def test_speaker_rules(registry: Registry) -> None:
    item = item_from("[[Айгуль Токтосунова|~person=A]] и [[Марат Токтосунов|~person=B]] держат пасеку. "
                     "«{{~person=A@Токтосунова|direct|Мёда меньше}}», — говорит она. "
                     "Жители считают, что {{null:collective@Жители|indirect|цены вырастут}}.", "speakers")
    text = str(item["text"])
    a = mention(text, "Айгуль Токтосунова", "prov-person:a", "person", "model")
    b = mention(text, "Марат Токтосунов", "prov-person:b", "person", "model")
    quote = text.index("Мёда меньше")
    reported = text.index("цены вырастут")
    good = Analysis((a, b), (Statement("prov-person:a", "она", "", "Мёда меньше", "direct", "говорит", quote, quote + 11),
                             Statement(None, "Жители", "", "цены вырастут", "indirect", "считают", reported, reported + 13)))
    t = run(item, good, registry)
    assert (t.attribution.tp, t.attribution.fp, t.attribution.fn) == (2, 0, 0)
    assert t.identity.hit == t.identity.total == 1 and t.null_right.hit == 1
    merged = Analysis((a, Mention("prov-person:a", "person", b.name, b.surface, b.start, b.end, 0, "model")),
                      (Statement("prov-person:b", "он", "", "Мёда меньше", "direct", "говорит", quote, quote + 11),
                       Statement("person:sadyr-japarov", "Жители", "", "цены вырастут", "indirect", "считают", reported, reported + 13)))
    t = run(item, merged, registry)
    assert t.attribution.tp == 0 and t.statements.tp == 2
    assert t.identity.hit == 0 and t.null_right.hit == 0


# --- factRuEval registry links -------------------------------------------------------------------

def test_factrueval_link_judgement(tmp_path: Path) -> None:
    text = "Глава японского МИДа прибыл в Москву. МИД Киргизии ответил."
    objects = [(text.index("японского"), text.index("МИДа") + 4), (text.index("МИД Киргизии"), text.index("МИД Киргизии") + 12)]
    first, second = text.index("МИДа"), text.index("МИД Киргизии")
    assert not factrueval.judge_link(text, first, first + 4, objects)
    assert factrueval.judge_link(text, second, second + 3, objects)
    moscow = SimpleNamespace(type="place", names={"ru": "Москва"}, aliases={}, abbreviations={})
    osh = SimpleNamespace(type="place", names={"ru": "Ош"}, aliases={}, abbreviations={})
    text = "Делегация прибыла в Москве и в Оше."
    assert factrueval.judge_link(text, text.index("Москве"), text.index("Москве") + 6, [], moscow)
    assert not factrueval.judge_link(text, text.index("Москве"), text.index("Москве") + 6, [], osh)
    assert factrueval.judge_link(text, text.index("Оше"), text.index("Оше") + 3, [], osh)
    china = SimpleNamespace(type="place", names={"ru": "Китай"}, aliases={}, abbreviations={})
    assert factrueval.names_place("Китая", china) and not factrueval.names_place("Кипра", china)
    table = tmp_path / "links.tsv"
    table.write_text("# comment\nbook_1\t3\t7\tbody:mfa\twrong\tяпонский МИД\n", encoding="utf-8")
    assert factrueval.read_verdicts(table) == {("book_1", 3, 7, "body:mfa"): False}
