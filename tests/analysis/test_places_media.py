"""Kyrgyz places (regions, districts, towns), the world's main cities and the media outlets we
follow are entities in both languages and their case forms. Shipped registry; sentences
written for these tests."""

from __future__ import annotations

import pytest

from pipeline.analysis.stage import Analyzer


def ids(analyzer: Analyzer, text: str, lang: str) -> list[tuple[str, str]]:
    return [(m.surface, m.entity_id) for m in analyzer.analyze(text, lang, None).mentions]


@pytest.mark.parametrize(("text", "lang", "surface", "expected"), [
    ("Бул тууралуу 24.kg агенттигине маалымат берди.", "ky", "24.kg агенттигине", "media:24-kg"),
    ("Об этом сообщает 24.kg.", "ru", "24.kg", "media:24-kg"),
    ("Как передает АКИpress, заседание перенесли.", "ru", "АКИpress", "media:akipress"),
    ("AKIpress агенттигинин маалыматы боюнча, жыйын кийинкиге жылды.", "ky", "AKIpress агенттигинин", "media:akipress"),
    ("Об этом пишет Kloop.", "ru", "Kloop", "media:kloop"),
    ("Kaktus.media сообщает о новых тарифах.", "ru", "Kaktus.media", "media:kaktus-media"),
    ("Как сообщил «Вечерний Бишкек», движение перекроют.", "ru", "Вечерний Бишкек", "media:vecherny-bishkek"),
    # Kyrgyz places and the world's main cities, in their case forms
    ("Сокулук районунда жаңы мектеп ачылды.", "ky", "Сокулук районунда", "place:sokuluk-district"),
    ("В Сокулукском районе открыли школу.", "ru", "Сокулукском районе", "place:sokuluk-district"),
    ("Өзгөндө базар жабылды.", "ky", "Өзгөндө", "place:uzgen"),
    ("В Узгене закрыли рынок.", "ru", "Узгене", "place:uzgen"),
    ("Каракол шаарында фестиваль өттү.", "ky", "Каракол", "place:karakol"),
    ("Кара-Балтадан келген айдоочу кармалды.", "ky", "Кара-Балтадан", "place:kara-balta"),
    ("Таш-Көмүрдө электр өчүрүлдү.", "ky", "Таш-Көмүрдө", "place:tash-kumyr"),
    ("Жети-Өгүз районунун тургундары чогулду.", "ky", "Жети-Өгүз районунун", "place:jeti-oguz-district"),
    ("Делегация Бээжинге барды.", "ky", "Бээжинге", "place:beijing"),
    ("Рейсы в Москву возобновят.", "ru", "Москву", "place:moscow"),
    ("Москвадан учак келди.", "ky", "Москвадан", "place:moscow"),
    ("Анжиянда жыйын болду.", "ky", "Анжиянда", "place:andijan"),
])
def test_media_and_places_link_in_both_languages_and_case_forms(shipped: Analyzer, text: str, lang: str,
                                                                 surface: str, expected: str) -> None:
    assert (surface, expected) in ids(shipped, text, lang), ids(shipped, text, lang)


def test_every_region_has_its_districts(shipped: Analyzer) -> None:
    districts = [e for e in shipped.registry.entities if e.id.endswith("-district")]
    assert len(districts) == 40
    assert all(e.names.get("ru", "").endswith("район") and e.names.get("ky", "").endswith("району") for e in districts)


@pytest.mark.parametrize(("text", "lang", "expected"), [
    ("Былтыр Ысык-Көл жана Талас облустарында күйүүчү май тартыш болгон.", "ky",
     [("Ысык-Көл", "place:issyk-kul-region"), ("Талас облустарында", "place:talas-region")]),
    ("Шектүүлөр Ысык-Ата жана Кемин райондорунан жылкы уурдашкан.", "ky",
     [("Ысык-Ата", "place:ysyk-ata-district"), ("Кемин райондорунан", "place:kemin-district")]),
    ("Снегопады в Чуйской и Джалал-Абадской областях продолжатся.", "ru",
     [("Чуйской", "place:chui-region"), ("Джалал-Абадской областях", "place:jalal-abad-region")]),
    ("Жалобы поступали из Аламудунского и Жайыльского районов.", "ru",
     [("Аламудунского", "place:alamudun-district"), ("Жайыльского районов", "place:jaiyl-district")]),
])
def test_regions_named_together_under_one_plural_head_are_regions(shipped: Analyzer, text: str, lang: str,
                                                                  expected: list[tuple[str, str]]) -> None:
    found = [(m.surface, m.entity_id) for m in shipped.analyze(text, lang, None).mentions if m.entity_type == "place"]
    assert found == expected


@pytest.mark.parametrize(("text", "lang"), [
    ("Өзбекстан Токтогул суу сактагычынан суу агызууну көбөйтүүнү суранды.", "ky"),
    ("Нарын дарыясынын деңгээли төмөндөдү.", "ky"),
    ("Уровень воды в реке Нарын снизился.", "ru"),
])
def test_a_river_or_reservoir_named_like_a_town_is_not_the_town(shipped: Analyzer, text: str, lang: str) -> None:
    towns = {"place:toktogul", "place:naryn"}
    assert not [m for m in shipped.analyze(text, lang, None).mentions if m.entity_id in towns]
