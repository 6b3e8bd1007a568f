"""Speech constructions of Russian and Kyrgyz news, on the shipped registry (config/entities.yaml).

Mentions are handed over by surface ({surface: entity id}) so these tests do not depend on the
NER model; each occurrence is stretched to the end of its word, as the linker does for case forms.
A `prov-…` id stands for a person or organisation the registry does not know. The sentences are
test material written in the style of Kyrgyz outlets, not quotes of the people named.
"""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest

from pipeline.analysis.registry import Registry
from pipeline.analysis.statements import find_statements, split_sentences
from pipeline.records import Mention, Statement

ROOT = Path(__file__).resolve().parents[2]
DAY = date(2023, 6, 1)
TASHIEV = "person:kamchybek-tashiev"
SADYR = "person:sadyr-japarov"
BAISALOV = "person:edil-baisalov"


@pytest.fixture(scope="module")
def reg() -> Registry:
    return Registry.load(ROOT / "config" / "entities.yaml")


def mentions(text: str, marks: dict[str, str], reg: Registry) -> list[Mention]:
    found: list[Mention] = []
    for surface, entity_id in sorted(marks.items(), key=lambda kv: -len(kv[0])):
        entity = reg.get(entity_id)
        if entity is None:
            assert entity_id.startswith("prov-"), entity_id
        kind = entity.type if entity else entity_id.split(":")[0].removeprefix("prov-")
        for m in re.finditer(r"(?<![\w-])" + re.escape(surface), text):
            end = m.end()
            while end < len(text) and text[end].isalnum():
                end += 1
            if any(f.start < end and m.start() < f.end for f in found):
                continue
            name = entity.name("ru") if entity else surface
            found.append(Mention(entity_id, kind, name, text[m.start() : end], m.start(), end, 0, "test"))
    return sorted(found, key=lambda f: f.start)


def run(text: str, lang: str, marks: dict[str, str], reg: Registry, day: date | None = DAY) -> list[Statement]:
    found = find_statements(text, lang, mentions(text, marks, reg), split_sentences(text), reg, day)
    for s in found:  # offsets are exact and never include the quote marks
        assert text[s.start : s.end] == s.text
        assert s.text and s.text[0] not in "«»\"„“ " and s.text[-1] not in "«»\"„“” "
        assert (s.speaker_id is None) == bool(s.speaker_reason), s
    return found


def only(found: list[Statement]) -> Statement:
    assert len(found) == 1, found
    return found[0]


def said(found: list[Statement]) -> list[tuple[str | None, str]]:
    return [(s.speaker_id, s.text) for s in found]


# --- Russian ------------------------------------------------------------------------------------


@pytest.mark.parametrize("cue", ["говорит", "поясняет", "подчеркивает", "подчёркивает", "отмечает", "уточняет",
                                 "уверяет", "считает", "рассказывает", "признается", "напоминает", "говорят"])
def test_ru_present_tense_after_a_quote(reg: Registry, cue: str) -> None:
    s = only(run(f"«Очереди на границе сократились вдвое», — {cue} глава ГКНБ Камчыбек Ташиев.", "ru",
                 {"ГКНБ": "body:gknb", "Камчыбек Ташиев": TASHIEV}, reg))
    assert (s.speaker_id, s.kind, s.cue, s.text) == (TASHIEV, "direct", cue, "Очереди на границе сократились вдвое")


def test_ru_present_tense_by_an_unknown_director(reg: Registry) -> None:
    text = "«Учеников в этом году на треть больше», — поясняет директор школы №5 Гульнара Асанова."
    s = only(run(text, "ru", {"Гульнара Асанова": "prov-person:asanova"}, reg))
    assert (s.speaker_id, s.speaker_surface, s.cue) == ("prov-person:asanova", "Гульнара Асанова", "поясняет")


@pytest.mark.parametrize("after", ["», говорит Камчыбек Ташиев.", "» — говорит Камчыбек Ташиев.",
                                   "», сказал Камчыбек Ташиев.", "» сказал Камчыбек Ташиев."])
def test_ru_attribution_without_a_dash(reg: Registry, after: str) -> None:
    s = only(run("«Граница будет открыта в мае" + after, "ru", {"Камчыбек Ташиев": TASHIEV}, reg))
    assert (s.speaker_id, s.text) == (TASHIEV, "Граница будет открыта в мае")


def test_ru_quote_interrupted_by_a_present_tense_cue(reg: Registry) -> None:
    text = "«Цены на муку стабильны, — говорит Садыр Жапаров, — и запасов хватит до весны»."
    assert said(run(text, "ru", {"Садыр Жапаров": SADYR}, reg)) == [
        (SADYR, "Цены на муку стабильны"), (SADYR, "и запасов хватит до весны")]


def test_ru_dialogue_interrupted_without_quote_marks(reg: Registry) -> None:
    text = "— Цены на муку стабильны, — говорит Садыр Жапаров, — но запасы надо пополнить."
    assert said(run(text, "ru", {"Садыр Жапаров": SADYR}, reg)) == [
        (SADYR, "Цены на муку стабильны"), (SADYR, "но запасы надо пополнить")]


def test_ru_speech_after_a_colon_without_quote_marks(reg: Registry) -> None:
    text = "Камчыбек Ташиев на брифинге заявил: граница с Таджикистаном будет открыта после демаркации."
    s = only(run(text, "ru", {"Камчыбек Ташиев": TASHIEV}, reg))
    assert (s.speaker_id, s.cue, s.text) == (TASHIEV, "заявил", "граница с Таджикистаном будет открыта после демаркации")


def test_ru_parenthetical_cue(reg: Registry) -> None:
    s = only(run("Рост цен на удобрения, говорят фермеры, продолжится до осени.", "ru", {}, reg))
    assert (s.speaker_id, s.speaker_surface, s.speaker_reason, s.cue) == (None, "фермеры", "unnamed", "говорят")
    assert s.text == "Рост цен на удобрения, говорят фермеры, продолжится до осени"


def test_ru_trailing_cue_after_a_comma(reg: Registry) -> None:
    s = only(run("Инфляция к концу года замедлится, считают в Нацбанке.", "ru", {"Нацбанке": "body:national-bank"}, reg))
    assert (s.speaker_id, s.text) == ("body:national-bank", "Инфляция к концу года замедлится")


@pytest.mark.parametrize(("lead", "cue"), [("По мнению Эдила Байсалова", "по мнению"),
                                            ("По словам Эдила Байсалова", "по словам"),
                                            ("Как считает Эдил Байсалов", "как считает"),
                                            ("Как пояснил вице-премьер Эдил Байсалов", "как пояснил")])
def test_ru_lead_ins(reg: Registry, lead: str, cue: str) -> None:
    s = only(run(f"{lead}, закон о государственном языке нужно принять в этом году.", "ru",
                 {"Эдила Байсалова": BAISALOV, "Эдил Байсалов": BAISALOV}, reg))
    assert (s.speaker_id, s.cue, s.text) == (BAISALOV, cue, "закон о государственном языке нужно принять в этом году")


def test_ru_as_he_says(reg: Registry) -> None:
    text = "Садыр Жапаров посетил Нарын. Как он говорит, дорогу до Торугарта закончат к осени."
    s = only(run(text, "ru", {"Садыр Жапаров": SADYR}, reg))
    assert (s.speaker_id, s.cue, s.text) == (SADYR, "как он говорит", "дорогу до Торугарта закончат к осени")


def test_ru_of_which_said(reg: Registry) -> None:
    text = "Движение по трассе Бишкек — Ош откроют в октябре, о чём заявил Садыр Жапаров."
    s = only(run(text, "ru", {"Садыр Жапаров": SADYR}, reg))
    assert (s.speaker_id, s.text) == (SADYR, "Движение по трассе Бишкек — Ош откроют в октябре")


@pytest.mark.parametrize("between", ["«Вечернему Бишкеку»", "24.kg", "журналистам", "в интервью «Кабару»"])
def test_ru_words_between_the_cue_and_that(reg: Registry, between: str) -> None:
    text = f"Камчыбек Ташиев сообщил {between}, что проверка на таможне завершена."
    s = only(run(text, "ru", {"Камчыбек Ташиев": TASHIEV, "24.kg": "media:24-kg", "Кабару": "media:kabar"}, reg))
    assert (s.speaker_id, s.text) == (TASHIEV, "проверка на таможне завершена")


def test_ru_so_said_in_the_next_sentence(reg: Registry) -> None:
    text = "«Мы построим новую дорогу в обход Бишкека». Так Садыр Жапаров ответил на вопрос журналиста."
    s = only(run(text, "ru", {"Садыр Жапаров": SADYR}, reg))
    assert (s.speaker_id, s.kind, s.cue) == (SADYR, "direct", "ответил")


def test_ru_impersonal_and_quoted_names_are_not_statements(reg: Registry) -> None:
    text = ("Сообщается, что движение восстановлено. Фракция «Ата Мекен» провела заседание. "
            "Продолжается строительство школы, говорится в отчете.")
    found = run(text, "ru", {"Ата Мекен": "party:ata-meken"}, reg)
    assert [s.text for s in found if s.speaker_id is not None] == []
    assert "Ата Мекен" not in [s.text for s in found]


# --- Kyrgyz ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("cue", ["деп айтты", "деп билдирди", "деп белгиледи", "деп баса белгиледи",
                                 "деп жазды", "деп кошумчалады", "деп түшүндүрдү", "деп эскертти", "деп айтып жатат"])
def test_ky_quote_then_dep_verb_then_speaker(reg: Registry, cue: str) -> None:
    s = only(run(f"«Чек ара жазга чейин ачылат», — {cue} Камчыбек Ташиев.", "ky", {"Камчыбек Ташиев": TASHIEV}, reg))
    assert (s.speaker_id, s.kind, s.text) == (TASHIEV, "direct", "Чек ара жазга чейин ачылат")
    assert s.cue == " ".join(cue.split()[1:])


def test_ky_speaker_between_dep_and_the_verb(reg: Registry) -> None:
    s = only(run("«Чек ара жазга чейин ачылат», — деп Камчыбек Ташиев журналисттерге билдирди.", "ky",
                 {"Камчыбек Ташиев": TASHIEV}, reg))
    assert (s.speaker_id, s.cue) == (TASHIEV, "билдирди")


def test_ky_name_colon_quote(reg: Registry) -> None:
    s = only(run("Садыр Жапаров: «Ар бир добуш эсептелет».", "ky", {"Садыр Жапаров": SADYR}, reg))
    assert (s.speaker_id, s.cue) == (SADYR, ":")


def test_ky_colon_speech_without_quote_marks(reg: Registry) -> None:
    s = only(run("Садыр Жапаров мындай деди: жол күзгө чейин бүтөт.", "ky", {"Садыр Жапаров": SADYR}, reg))
    assert (s.speaker_id, s.speaker_surface, s.text) == (SADYR, "Садыр Жапаров", "жол күзгө чейин бүтөт")


@pytest.mark.parametrize("verb", ["билдирди", "билдирген", "айтып жатат", "белгилеп өттү", "жазды"])
def test_ky_subject_clause_dep_verb(reg: Registry, verb: str) -> None:
    text = f"Камчыбек Ташиев чек арадагы абал туруктуу деп {verb}."
    s = only(run(text, "ky", {"Камчыбек Ташиев": TASHIEV}, reg))
    assert (s.speaker_id, s.kind, s.text) == (TASHIEV, "indirect", "чек арадагы абал туруктуу")


def test_ky_that_clause_with_baса_belgiledi(reg: Registry) -> None:
    s = only(run("Садыр Жапаров реформа улана турганын баса белгиледи.", "ky", {"Садыр Жапаров": SADYR}, reg))
    assert (s.speaker_id, s.cue, s.text) == (SADYR, "баса белгиледи", "реформа улана турганын")


@pytest.mark.parametrize("lead", ["Эдил Байсаловдун айтымында", "Эдил Байсаловдун пикиринде", "Эдил Байсаловдун оюнча",
                                  "Эдил Байсалов билдиргендей", "Эдил Байсалов белгилегендей"])
def test_ky_lead_ins(reg: Registry, lead: str) -> None:
    s = only(run(f"{lead}, мамлекеттик тил жөнүндө мыйзам быйыл кабыл алынышы керек.", "ky",
                 {"Эдил Байсалов": BAISALOV}, reg))
    assert (s.speaker_id, s.kind, s.text) == (BAISALOV, "indirect", "мамлекеттик тил жөнүндө мыйзам быйыл кабыл алынышы керек")


def test_ky_passive_after_a_quote_names_the_body(reg: Registry) -> None:
    s = only(run("«Кармалган адам күнөөсүн мойнуна алды», — деп айтылат УКМКнын билдирүүсүндө.", "ky",
                 {"УКМК": "body:gknb"}, reg))
    assert (s.speaker_id, s.text) == ("body:gknb", "Кармалган адам күнөөсүн мойнуна алды")


def test_ky_unnamed_plural_subject(reg: Registry) -> None:
    s = only(run("Жергиликтүү тургундар айылда бир жумадан бери суу жок деп билдиришти.", "ky", {}, reg))
    assert (s.speaker_id, s.speaker_surface, s.speaker_reason) == (None, "Жергиликтүү тургундар", "unnamed")
    assert s.text == "айылда бир жумадан бери суу жок"


def test_ky_so_said_in_the_next_sentence(reg: Registry) -> None:
    text = "«Бишкекти айланып өтүүчү жаңы жол курабыз». Президент Садыр Жапаров журналисттин суроосуна ушинтип жооп берди."
    s = only(run(text, "ky", {"Садыр Жапаров": SADYR}, reg))
    assert (s.speaker_id, s.kind) == (SADYR, "direct")


def test_ky_impersonal_passive_is_not_a_statement(reg: Registry) -> None:
    assert run("Маалымдалгандай, жолдо кыймыл калыбына келди. Бул тууралуу айтылды.", "ky", {}, reg) == []


def test_ru_colon_opening_a_list_is_not_speech(reg: Registry) -> None:
    text = "Лидеры двух стран отметили три сферы для развития диалога: политическую, экономическую и гуманитарную."
    assert run(text, "ru", {}, reg) == []
    s = only(run("Камчыбек Ташиев заявил в интервью: граница будет открыта.", "ru", {"Камчыбек Ташиев": TASHIEV}, reg))
    assert (s.speaker_id, s.text) == (TASHIEV, "граница будет открыта")


@pytest.mark.parametrize(("text", "marks", "surface"), [
    ("ИИМдин басма сөз катчысы шектүү үч адам кармалганын билдирди.", {"ИИМ": "body:mvd"}, "ИИМдин басма сөз катчысы"),
    ("Айыл тургундарынын бири суу бир жумадан бери келбей жатканын айтты.", {}, "Айыл тургундарынын бири"),
    ("«Биринчи радионун» эфиринде депутат мыйзам долбоору кайра чакыртылып алынат деп билдирди.", {}, "депутат"),
    ("Социалдык тармактарда ашууда ондогон унаа кармалып калды деп жазышууда.", {}, "Социалдык тармактарда"),
])
def test_ky_subjects_the_registry_does_not_know(reg: Registry, text: str, marks: dict[str, str], surface: str) -> None:
    s = only(run(text, "ky", marks, reg))
    assert (s.speaker_id, s.speaker_surface, s.speaker_reason) == (None, surface, "unnamed")


def test_ky_just_so_after_a_quote_is_the_quote(reg: Registry) -> None:
    text = "«Суу жок, мал ичкенге да жетпейт». Талас облусунун тургуну Асылбек Ормонов ушундай деп нааразы болду."
    s = only(run(text, "ky", {"Асылбек Ормонов": "prov-person:ormonov"}, reg))
    assert (s.speaker_id, s.kind, s.text) == ("prov-person:ormonov", "direct", "Суу жок, мал ичкенге да жетпейт")


def test_ru_according_to_a_report_and_so_describes(reg: Registry) -> None:
    text = "По сообщению Минобразования, в Нарыне открыли новую школу."
    s = only(run(text, "ru", {"Минобразования": "body:ministry-of-education-and-science"}, reg))
    assert (s.speaker_id, s.cue, s.text) == ("body:ministry-of-education-and-science", "по сообщению",
                                             "в Нарыне открыли новую школу")
    # an outlet's own report is none (tests/analysis/test_statements_outlets.py)
    assert run("По сообщению Кабара, в Нарыне открыли новую школу.", "ru", {"Кабара": "media:kabar"}, reg) == []
    text = "«Воды нет, даже скот поить нечем». Так описывает ситуацию житель Таласской области Асылбек Ормонов."
    quote = only(run(text, "ru", {"Асылбек Ормонов": "prov-person:ormonov"}, reg))
    assert (quote.speaker_id, quote.kind) == ("prov-person:ormonov", "direct")


def test_ru_role_before_a_mans_name_is_apposition(reg: Registry) -> None:
    s = only(run("Эксперт Тимур Исмаилов подчёркивает, что без реформы тарифов энергетика не выйдет из кризиса.", "ru",
                 {"Тимур Исмаилов": "prov-person:ismailov"}, reg))
    assert s.speaker_id == "prov-person:ismailov"


# --- constructions of whole articles (v3 dev) ------------------------------------------------------


@pytest.mark.parametrize(("text", "marks", "expected"), [
    # a pronoun after a trailing cue
    ("Экономист Бакыт Турсунов ждёт роста цен. Цены стабилизируются не раньше весны, полагает он.",
     {"Бакыт Турсунов": "prov-person:tursunov"}, ("prov-person:tursunov", "Цены стабилизируются не раньше весны")),
    # «там»: at the body named before
    ("Министерство финансов выделило на индексацию 4,5 миллиарда сомов. Там заверили, что средства заложены в бюджет.",
     {"Министерство финансов": "body:ministry-of-finance"}, ("body:ministry-of-finance", "средства заложены в бюджет")),
    ("Движение ограничат до 20 сентября, сообщили в мэрии Бишкека. Объезд организован по соседним улицам, уточнили там.",
     {"мэрии Бишкека": "body:bishkek-mayor-office"}, ("body:bishkek-mayor-office", "Объезд организован по соседним улицам")),
])
def test_ru_pronoun_and_there_in_the_speaker_slot(reg: Registry, text: str, marks: dict[str, str],
                                                  expected: tuple[str, str]) -> None:
    assert (said(run(text, "ru", marks, reg)) or [None])[-1] == expected


@pytest.mark.parametrize(("text", "marks", "expected"), [
    # -лык + accusative after керек / эмес: what is needed, what is not so
    ("Дарыгер Мээрим Асанова балдарды сыртка көп чыгарбоо керектигин эскертти.",
     {"Мээрим Асанова": "prov-person:asanova"}, ("prov-person:asanova", "балдарды сыртка көп чыгарбоо керектигин")),
    ("Укук коргоочу Айнагүл Маматова жазалар катаалдатылышы керектигин белгиледи.",
     {"Айнагүл Маматова": "prov-person:mamatova"}, ("prov-person:mamatova", "жазалар катаалдатылышы керектигин")),
    # a body's own head word opens the sentence: it speaks, unnamed
    ("Райондук прокуратура өкүмгө нааразычылык билдирерин кабарлады.", {},
     (None, "өкүмгө нааразычылык билдирерин")),
])
def test_ky_necessity_clauses_and_bodies_described(reg: Registry, text: str, marks: dict[str, str],
                                                   expected: tuple[str | None, str]) -> None:
    assert said(run(text, "ky", marks, reg)) == [expected]


def test_ky_a_noun_in_the_accusative_is_not_a_reported_clause(reg: Registry) -> None:
    text = "Орусиянын БШКсы президенттик шайлоонун жыйынтыгын жарыялады."
    assert run(text, "ky", {}, reg) == []
