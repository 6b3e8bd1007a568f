"""A surname inside the name of a street, school, village or award is not the person; the same
surname elsewhere in the sentence still is. Shipped registry; sentences written for the tests."""

from __future__ import annotations

from datetime import datetime, timezone

import pytest

from pipeline.analysis.stage import Analyzer

DAY = datetime(2024, 4, 2, 9, 0, tzinfo=timezone.utc)


def persons(analyzer: Analyzer, text: str, lang: str) -> list[str]:
    return [m.surface for m in analyzer.analyze(text, lang, DAY).mentions if m.entity_type == "person"]


@pytest.mark.parametrize(("text", "lang"), [
    ("ДТП произошло на пересечении улицы Бейшеналиева и проспекта Чуй.", "ru"),
    ("На ул. Бейшеналиева ремонтируют тротуары.", "ru"),
    ("Ученики школы имени Токтогула Сатылганова заняли первое место.", "ru"),
    ("Выпускники университета им. Ж. Баласагына получили дипломы.", "ru"),
    ("Бейшеналиева көчөсүндө жол оңдолуп жатат.", "ky"),
    ("Ж. Баласагын атындагы университеттин студенттери сынактан өттү.", "ky"),
    ("Токтогул Сатылганов атындагы филармонияда концерт болот.", "ky"),
])
def test_a_name_inside_a_street_or_school_name_is_not_a_person(shipped: Analyzer, text: str, lang: str) -> None:
    assert persons(shipped, text, lang) == []


def test_on_behalf_of_is_still_the_person(shipped: Analyzer) -> None:
    found = shipped.analyze("От имени Ташиева выступил его заместитель.", "ru", DAY).mentions
    assert [m.entity_id for m in found if m.entity_type == "person"][:1] == ["person:kamchybek-tashiev"]


def test_the_same_surname_outside_the_street_name_is_a_person(shipped: Analyzer) -> None:
    text = "Ташиев проехал по улице Бейшеналиева."
    assert persons(shipped, text, "ru") == ["Ташиев"]
