"""Foreign bodies and countries: another country's ministry, court or election commission is
never the Kyrgyz one, and it keeps an id of its own; every country is a place in both
languages and its case forms. Shipped registry. Sentences are written for these tests."""

from __future__ import annotations

from datetime import datetime, timezone

import pytest

from pipeline.analysis.countries import countries
from pipeline.analysis.provisional import is_provisional
from pipeline.analysis.stage import Analyzer
from pipeline.records import Mention

DAY = datetime(2024, 3, 5, 9, 0, tzinfo=timezone.utc)
KYRGYZ_BODIES = {"body:mfa", "body:cec", "body:ministry-of-finance", "body:supreme-court", "body:mvd",
                 "body:ministry-of-defence", "body:gknb", "body:ministry-of-health"}


def mentions(analyzer: Analyzer, text: str, lang: str) -> list[Mention]:
    return list(analyzer.analyze(text, lang, DAY).mentions)


def mentions_as(analyzer: Analyzer, text: str, lang: str, surface: str) -> list[Mention]:
    """The mentions written `surface`; fails, showing all mentions, when there is none."""
    every = mentions(analyzer, text, lang)
    found = [m for m in every if m.surface == surface]
    assert found, every
    return found


@pytest.mark.parametrize(("text", "lang", "surface", "country"), [
    ("В МИД Азербайджана заявили, что переговоры продолжатся.", "ru", "МИД", "Азербайджан"),
    ("Представитель российского МИДа прокомментировал ситуацию.", "ru", "МИДа", "Россия"),
    ("ЦИК Монголии объявил предварительные итоги выборов.", "ru", "ЦИК", "Монголия"),
    ("Минфин РФ разместил облигации.", "ru", "Минфин", "Россия"),
    ("Министерство обороны Китая провело учения.", "ru", "Министерство обороны", "Китай"),
    ("Казахстанский Минздрав продлил карантин.", "ru", "Минздрав", "Казахстан"),
    ("Казакстандын Тышкы иштер министрлиги нота жөнөттү.", "ky", "Тышкы иштер министрлиги", "Казакстан"),
    ("Орусиянын ИИМи мигранттарга эскертүү берди.", "ky", "ИИМи", "Россия"),
    ("Өзбекстандын БШКсы шайлоонун жыйынтыгын жарыялады.", "ky", "БШКсы", "Өзбекстан"),
])
def test_another_countrys_body_is_not_the_kyrgyz_one(shipped: Analyzer, text: str, lang: str,
                                                     surface: str, country: str) -> None:
    found = mentions_as(shipped, text, lang, surface)
    m = found[0]
    assert m.entity_id not in KYRGYZ_BODIES and is_provisional(m.entity_id), m
    assert m.entity_type == "organisation" and country in m.name


def test_the_country_word_means_the_country_last_named(shipped: Analyzer) -> None:
    text = ("В Таджикистане прошли аресты оппозиционеров. "
            "Верховный суд страны отклонил жалобы адвокатов.")
    court = next(m for m in mentions(shipped, text, "ru") if m.surface == "Верховный суд")
    assert court.entity_id != "body:supreme-court" and "Таджикистан" in court.name
    home = ("В Бишкеке обсудили судебную реформу. Верховный суд страны опубликовал отчет.")
    court = next(m for m in mentions(shipped, home, "ru") if m.surface == "Верховный суд")
    assert court.entity_id == "body:supreme-court"


def test_one_foreign_body_has_one_id_in_both_languages(shipped: Analyzer) -> None:
    ru = next(m for m in mentions(shipped, "МИД России выразил протест.", "ru") if m.surface == "МИД")
    ru2 = next(m for m in mentions(shipped, "Министерство иностранных дел РФ выразило протест.", "ru")
               if m.entity_type == "organisation")
    ky = next(m for m in mentions(shipped, "Орусиянын Тышкы иштер министрлиги нааразылык билдирди.", "ky")
              if m.entity_type == "organisation")
    assert ru.entity_id == ru2.entity_id == ky.entity_id


@pytest.mark.parametrize(("text", "lang", "surface", "expected"), [
    ("МИД Кыргызстана вручил ноту послу.", "ru", "МИД", "body:mfa"),
    ("МИД КР сообщил о визите.", "ru", "МИД КР", "body:mfa"),
    ("ЦИК подвел итоги выборов в Бишкеке.", "ru", "ЦИК", "body:cec"),
    ("Кыргызстандын Тышкы иштер министрлиги билдирүү таратты.", "ky", "Тышкы иштер министрлиги", "body:mfa"),
])
def test_kyrgyz_bodies_stay_kyrgyz(shipped: Analyzer, text: str, lang: str, surface: str, expected: str) -> None:
    assert next(m for m in mentions(shipped, text, lang) if m.surface == surface).entity_id == expected


@pytest.mark.parametrize(("text", "lang", "surface", "code"), [
    ("Делегация вылетела в Азербайджан.", "ru", "Азербайджан", "az"),
    ("Переговоры с Монголией продолжатся.", "ru", "Монголией", "mn"),
    ("Товарооборот с Российской Федерацией вырос.", "ru", "Российской Федерацией", "ru"),
    ("Эксперты из Южной Кореи приехали в Ош.", "ru", "Южной Кореи", "kr"),
    ("Делегация Түркияга барды.", "ky", "Түркияга", "tr"),
    ("Казакстандан келген жүк текшерилди.", "ky", "Казакстандан", "kz"),
    ("Өзбекстан менен чек ара боюнча сүйлөшүүлөр уланды.", "ky", "Өзбекстан", "uz"),
    ("АКШнын элчиси Бишкекке келди.", "ky", "АКШнын", "us"),
])
def test_countries_are_places_in_their_case_forms(shipped: Analyzer, text: str, lang: str, surface: str,
                                                   code: str) -> None:
    assert mentions_as(shipped, text, lang, surface)[0].entity_id == f"place:country-{code}"


def test_every_country_has_russian_and_kyrgyz_names() -> None:
    table = countries()
    assert len(table) >= 240
    assert all(c.names.get("ru") and c.names.get("ky") and c.names.get("en") for c in table)


@pytest.mark.parametrize(("text", "lang", "surface"), [
    ("После беспорядков в Алматы Генпрокуратура страны возбудила дела.", "ru", "Генпрокуратура"),
    ("Алматыдагы башаламандыктан кийин өлкөнүн Башкы прокуратурасы иш козгоду.", "ky", "Башкы прокуратурасы"),
])
def test_a_city_abroad_makes_the_country_word_foreign(shipped: Analyzer, text: str, lang: str, surface: str) -> None:
    m = next(m for m in mentions(shipped, text, lang) if m.surface == surface)
    assert m.entity_id.startswith("prov-organisation:") and "Казахстан" in m.name or "Казакстан" in m.name


def test_an_unqualified_body_in_news_about_another_country_is_that_countrys(shipped: Analyzer) -> None:
    abroad = "В Новосибирске прошли обыски. МВД сообщило о задержании трех человек."
    mvd = next(m for m in mentions(shipped, abroad, "ru") if m.surface == "МВД")
    assert mvd.entity_id.startswith("prov-organisation:") and "Россия" in mvd.name
    home = "В Новосибирске задержали граждан Кыргызстана. МВД сообщило, что им помогут."
    assert next(m for m in mentions(shipped, home, "ru") if m.surface == "МВД").entity_id == "body:mvd"
    nowhere = "МВД сообщило о задержании трех человек."
    assert next(m for m in mentions(shipped, nowhere, "ru") if m.surface == "МВД").entity_id == "body:mvd"


@pytest.mark.parametrize(("text", "lang", "surface", "country"), [
    # a country before the body with words between: «тараптын», «Республикасынын»
    ("Өзбекстан тараптын ИИМи чек арадагы окуя боюнча билдирүү таратты.", "ky", "ИИМи", "Өзбекстан"),
    ("Бишкекте сүйлөшүүлөр болду. Казакстан Республикасынын ТИМи нота жөнөттү.", "ky", "ТИМи", "Казакстан"),
    # «коңшу өлкөнүн» / «соседней страны»: the foreign country named last, even after a Kyrgyz place
    ("Казакстан чек арада текшерүүнү күчөттү. Бишкекте жолугушуу болду. Коңшу өлкөнүн ИИМи жаңы эрежелерди "
     "жарыялады.", "ky", "ИИМи", "Казакстан"),
    ("Казахстан ужесточил проверки на границе. В Бишкеке прошла встреча. В МИД соседней страны заявили, что "
     "очередей не будет.", "ru", "МИД", "Казахстан"),
    # «анын» (its) after a foreign country
    ("Казакстанда референдум өттү. Анын БШКсы катышуу 60 пайыздан ашканын билдирди.", "ky", "БШКсы", "Казакстан"),
    # a Kyrgyz -лык adjective, an adjective between the body and its country
    ("Казакстандык Тышкы иштер министрлиги нота жөнөттү.", "ky", "Тышкы иштер министрлиги", "Казакстан"),
    ("В Бишкеке обсудили транзит. Минфин соседнего Казахстана предложил кредит.", "ru", "Минфин", "Казахстан"),
])
def test_a_country_named_around_or_before_the_body_makes_it_foreign(shipped: Analyzer, text: str, lang: str,
                                                                    surface: str, country: str) -> None:
    found = mentions_as(shipped, text, lang, surface)
    assert found[-1].entity_id not in KYRGYZ_BODIES and country in found[-1].name, found[-1]


@pytest.mark.parametrize(("text", "lang", "surface", "expected"), [
    # a meeting of Kyrgyz and foreign officials: our bodies stay ours
    ("Бишкекте Кыргызстан менен Казакстандын тышкы иштер министрлеринин жолугушуусу болду. Тышкы иштер "
     "министрлиги тараптар чек ара маселесин талкуулашканын билдирди.", "ky", "Тышкы иштер министрлиги", "body:mfa"),
    ("Кыргыз тараптын ТИМи нота тапшырды.", "ky", "ТИМи", "body:mfa"),
    ("В Бишкеке прошли переговоры делегаций Кыргызстана и Казахстана. В МИД сообщили, что стороны "
     "договорились о демаркации.", "ru", "МИД", "body:mfa"),
    ("Казахстанская делегация прибыла в Бишкек. Кыргызский МИД сообщил о переговорах.", "ru", "МИД", "body:mfa"),
    ("Кыргызстан чек араны ачты. Анын ИИМи жаңы эрежелерди жарыялады.", "ky", "ИИМи", "body:mvd"),
])
def test_kyrgyz_bodies_in_news_with_other_countries_stay_kyrgyz(shipped: Analyzer, text: str, lang: str,
                                                                surface: str, expected: str) -> None:
    assert mentions_as(shipped, text, lang, surface)[-1].entity_id == expected


@pytest.mark.parametrize(("text", "lang", "surface", "expected"), [
    # one of our officials named: a body named alone afterwards is ours, though a foreign country came last
    ("В Ташкенте прошли выборы. Садыр Жапаров поздравил победителя, сообщили в Администрации Президента.", "ru",
     "Администрации Президента", "body:presidential-administration"),
    # our body said to be ours
    ("В Москве задержали мигрантов. МИД Кыргызстана направил ноту. В МВД сообщили, что проверки плановые.", "ru",
     "МВД", "body:mvd"),
    # Kyrgyz news qualifies another country's body; one nothing qualifies is ours
    ("Кытай чек арадагы бекетти жапты. Мамлекеттик бажы кызматы айдоочуларга эскертти.", "ky",
     "Мамлекеттик бажы кызматы", "body:customs-service"),
])
def test_a_body_named_alone_after_something_of_ours_is_ours(shipped: Analyzer, text: str, lang: str,
                                                            surface: str, expected: str) -> None:
    assert mentions_as(shipped, text, lang, surface)[-1].entity_id == expected


def test_a_body_named_again_is_the_foreign_one_until_something_of_ours_is_named(shipped: Analyzer) -> None:
    text = ("Граждане России голосовали на участках в Бишкеке. Председатель ЦИК России объявила итоги. "
            "Глава ЦИК заявила, что явка стала рекордной.")
    cec = [m for m in mentions(shipped, text, "ru") if m.surface == "ЦИК"]
    assert len(cec) == 2 and all(m.entity_id != "body:cec" and "Россия" in m.name for m in cec), cec
    ours = ("Землетрясение в Турции унесло тысячи жизней. МЧС страны продолжает разбор завалов. "
            "Кыргызские спасатели вылетели в Турцию, сообщили в МЧС.")
    emergency = [m for m in mentions(shipped, ours, "ru") if m.surface == "МЧС"]
    assert "Турция" in emergency[0].name and emergency[1].entity_id == "body:ministry-of-emergency-situations"
    ky = ("Орусиянын БШКсы шайлоонун жыйынтыгын жарыялады. БШК катышуу 70 пайыздан ашканын билдирди.")
    cec = [m for m in mentions(shipped, ky, "ky") if m.surface.startswith("БШК")]
    assert len(cec) == 2 and all("Россия" in m.name for m in cec), cec


def test_a_country_after_a_kyrgyz_body_is_where_to_not_whose(shipped: Analyzer) -> None:
    text = ("Эмгек, социалдык камсыздоо жана миграция министрлиги Германияга мезгилдүү жумушка жиберүү "
            "программалары кеңейтилерин билдирди.")
    body = [m for m in mentions(shipped, text, "ky") if m.entity_type in ("body", "organisation")]
    assert [m.entity_id for m in body] == ["body:ministry-of-labour"]
