"""Kyrgyz persons beyond the registry and the stemmer's respect for names: … уулу / кызы,
Russian and Arabic given names, a bare surname after the full name, a sentence-opening common
noun that is not a given name, Айсулуу kept whole, бишкектиктер not the city. Shipped registry;
sentences written for these tests."""

from __future__ import annotations

import pytest

from pipeline.analysis.provisional import is_provisional
from pipeline.analysis.stage import Analyzer
from pipeline.ky_stem import name_stem, stem


def persons(analyzer: Analyzer, text: str) -> list[tuple[str, str]]:
    return [(m.surface, m.entity_id) for m in analyzer.analyze(text, "ky", None).mentions if m.entity_type == "person"]


@pytest.mark.parametrize(("text", "surface"), [
    ("Нурлан Мамытбек уулу маалымат жыйынында сүйлөдү.", "Нурлан Мамытбек уулу"),
    ("Айзада Асан кызы сыйлыкка ээ болду.", "Айзада Асан кызы"),
    ("Владимир Путин Бишкекке келди.", "Владимир Путин"),
    ("Мухаммед Али ринге чыкты.", "Мухаммед Али"),
    ("Айсулуу Маматова сыйлык алды.", "Айсулуу Маматова"),
])
def test_persons_without_a_registry_entry_are_found(shipped: Analyzer, text: str, surface: str) -> None:
    found = dict(persons(shipped, text))
    assert surface in found and is_provisional(found[surface]), persons(shipped, text)


def test_a_bare_surname_after_the_full_name_is_the_same_person(shipped: Analyzer) -> None:
    found = persons(shipped, "Бакыт Асанов жыйында сүйлөдү. Кийин Асанов журналисттерге жооп берди.")
    assert [s for s, _ in found] == ["Бакыт Асанов", "Асанов"] and found[0][1] == found[1][1]


@pytest.mark.parametrize("text", ["Сот Садыковду актады.", "Тергөө Маматовдун ишин карады.",
                                  "Тараптар Асановду колдошту."])
def test_a_sentence_opening_common_noun_is_not_a_given_name(shipped: Analyzer, text: str) -> None:
    found = persons(shipped, text)
    assert all(" " not in surface for surface, _ in found), found


def test_people_of_a_city_are_not_the_city(shipped: Analyzer) -> None:
    places = [m.entity_id for m in shipped.analyze("Бишкектиктер шайлоого катышты. Бишкекте жыйын болду.",
                                                   "ky", None).mentions]
    assert places == ["place:bishkek"]


@pytest.mark.parametrize(("word", "expected"), [
    ("Айсулуу", "айсулуу"), ("Айсулууга", "айсулуу"), ("Бишкекте", "бишкек"), ("мамлекеттик", "мамлекет"),
])
def test_the_stemmer_keeps_names_whole(word: str, expected: str) -> None:
    assert stem(word) == expected


@pytest.mark.parametrize(("word", "expected"), [
    ("Бишкектиктер", "бишкектик"), ("Нарындыктар", "нарындык"), ("Кыргызстандын", "кыргызстан"),
    ("БШКнын", "бшк"), ("Жогорку", "жогорку"),
])
def test_name_stems_keep_derivations(word: str, expected: str) -> None:
    assert name_stem(word) == expected


def test_a_town_inside_a_name_is_part_of_the_persons_name(shipped: Analyzer) -> None:
    text = ("Анын адвокаты Эрмек Токтогул уулу тергөө далилдерди туура эмес чогултканын белгиледи. "
            "Токтогул уулунун айтымында, Садыков ишке кайра орношууга укуктуу.")
    found = [m for m in shipped.analyze(text, "ky", None).mentions if m.surface.startswith(("Эрмек", "Токтогул"))]
    assert [m.surface for m in found] == ["Эрмек Токтогул уулу", "Токтогул уулунун"]
    assert found[0].entity_id == found[1].entity_id and found[0].entity_type == "person"
    said = shipped.analyze(text, "ky", None).statements
    assert [s.speaker_id for s in said] == [found[0].entity_id, found[0].entity_id]


def test_a_patronymic_alone_after_the_full_name_is_the_same_person(shipped: Analyzer) -> None:
    text = "Фермер Нурлан Асан уулу суу жетишпегенин айтты. Асан уулу буга чейин да даттанган."
    found = [m for m in shipped.analyze(text, "ky", None).mentions if m.entity_type == "person"]
    assert len(found) == 2 and found[0].entity_id == found[1].entity_id


def test_a_street_or_school_named_for_a_person_is_no_mention(shipped: Analyzer) -> None:
    text = "Токтогул Сатылганов атындагы мектепте жаңы спорт залы ачылды."
    assert [m for m in shipped.analyze(text, "ky", None).mentions if m.entity_type == "person"] == []
