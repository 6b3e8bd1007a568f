"""Entity linking: registry names in any case form and language, namesakes told apart by role
and date, provisional ids for people the registry does not know.

The sentences are written for these tests; they report no real event."""

from __future__ import annotations

from datetime import datetime, timezone

import pytest

from pipeline.analysis.provisional import person_key
from pipeline.analysis.stage import Analyzer
from pipeline.records import Mention

SADYR = "person:sadyr-japarov"
AKYLBEK = "person:akylbek-japarov"


def on(year: int, month: int, day: int) -> datetime:
    return datetime(year, month, day, 9, 0, tzinfo=timezone.utc)


def ids(analyzer: Analyzer, text: str, lang: str, when: datetime | None = None) -> list[str]:
    return [m.entity_id for m in analyzer.analyze(text, lang, when).mentions]


def mention(analyzer: Analyzer, text: str, lang: str, surface: str, when: datetime | None = None) -> Mention:
    found = [m for m in analyzer.analyze(text, lang, when).mentions if m.surface == surface]
    assert found, f"no mention «{surface}» in {analyzer.analyze(text, lang, when).mentions}"
    return found[-1]


@pytest.mark.parametrize(
    ("text", "lang", "when", "expected"),
    [
        ("Председатель Кабинета министров Жапаров провёл заседание по бюджету.", "ru", on(2023, 3, 1), AKYLBEK),
        ("Президент Жапаров провёл заседание по бюджету.", "ru", on(2023, 3, 1), SADYR),
        ("Глава государства Жапаров подписал закон о бюджете.", "ru", on(2022, 6, 10), SADYR),
        ("Премьер Жапаров, выступая в парламенте, назвал цифры роста.", "ru", on(2022, 6, 10), AKYLBEK),
        # past post: on this day Akylbek Japarov no longer chairs the cabinet, the role word still names him
        ("Бывший председатель кабмина Жапаров дал интервью.", "ru", on(2025, 6, 1), AKYLBEK),
        ("Министрлер Кабинетинин төрагасы Жапаров жыйын өткөрдү.", "ky", on(2022, 6, 10), AKYLBEK),
        ("Президент Жапаров жарлыкка кол койду.", "ky", on(2022, 6, 10), SADYR),
        # no role word, nobody named in full: the most senior post holder that day
        ("Жапаров посетил Ошскую область.", "ru", on(2023, 3, 1), SADYR),
    ],
)
def test_bare_surname_is_resolved_by_role_and_date(analyzer: Analyzer, text: str, lang: str,
                                                    when: datetime, expected: str) -> None:
    assert mention(analyzer, text, lang, "Жапаров", when).entity_id == expected


def test_bare_surname_prefers_the_namesake_named_in_full_earlier(analyzer: Analyzer) -> None:
    text = ("Акылбек Жапаров посетил строительство школы в Нарыне. "
            "По итогам поездки Жапаров поручил ускорить работы.")
    found = analyzer.analyze(text, "ru", on(2023, 9, 1)).mentions
    assert [m.entity_id for m in found if m.entity_type == "person"] == [AKYLBEK, AKYLBEK]


def test_full_names_in_any_case_and_initials(analyzer: Analyzer) -> None:
    text = ("Встреча Садыра Жапарова и Акылбека Жапарова прошла в Бишкеке. "
            "С. Жапаров и А.Жапаров обсудили бюджет; Жапаров А.У. доложил о расходах.")
    people = [(m.surface, m.entity_id) for m in analyzer.analyze(text, "ru", on(2023, 2, 1)).mentions
              if m.entity_type == "person"]
    assert people == [("Садыра Жапарова", SADYR), ("Акылбека Жапарова", AKYLBEK), ("С. Жапаров", SADYR),
                      ("А.Жапаров", AKYLBEK), ("Жапаров А.У.", AKYLBEK)]


@pytest.mark.parametrize(
    ("text", "lang", "surface"),
    [
        ("ЦИК утвердил итоги голосования.", "ru", "ЦИК"),
        ("Представители ЦИКа ответили на вопросы.", "ru", "ЦИКа"),
        ("Жалобу направили в адрес Центризбиркома.", "ru", "Центризбиркома"),
        ("Заседание Центральной избирательной комиссии прошло в среду.", "ru", "Центральной избирательной комиссии"),
        ("БШКнын мүчөлөрү шайлоонун жыйынтыгын бекитишти.", "ky", "БШКнын"),
        ("Бул маселе боюнча БШКга кайрылышты.", "ky", "БШКга"),
        ("The CEC announced the results.", "en", "CEC"),
        ("Отчёт CEC опубликован.", "ru", "CEC"),
    ],
)
def test_the_cec_in_every_form_is_one_entity(analyzer: Analyzer, text: str, lang: str, surface: str) -> None:
    assert mention(analyzer, text, lang, surface).entity_id == "body:cec"


@pytest.mark.parametrize(
    ("text", "lang", "surface"),
    [
        ("Сотрудники ГКНБ провели обыски.", "ru", "ГКНБ"),
        ("Пресс-служба Государственного комитета национальной безопасности сообщила об этом.", "ru",
         "Государственного комитета национальной безопасности"),
        ("Шектүү адам УКМКга жеткирилди.", "ky", "УКМКга"),
        ("УКМКнын маалыматы боюнча иш козголду.", "ky", "УКМКнын"),
    ],
)
def test_the_gknb_in_every_form_is_one_entity(analyzer: Analyzer, text: str, lang: str, surface: str) -> None:
    assert mention(analyzer, text, lang, surface).entity_id == "body:gknb"


def test_a_kyrgyz_paragraph(analyzer: Analyzer) -> None:
    text = ("Жогорку Кеңештин жыйынында депутаттар шайлоо мыйзамын талкуулашты. "
            "БШКнын өкүлү Ата-Журт Кыргызстандын сунуштарын айтып берди. "
            "Президент Садыр Жапаровдун жарлыгы боюнча УКМКга кошумча ыйгарым укук берилди. "
            "Депутат Нурлан Мамытбек уулу жана Айгүл Токтосунова сөз сүйлөштү.")
    found = analyzer.analyze(text, "ky", on(2024, 4, 2)).mentions
    registry = [(m.surface, m.entity_id) for m in found if m.method == "registry"]
    assert registry == [("Жогорку Кеңештин", "body:jogorku-kenesh"), ("БШКнын", "body:cec"),
                        ("Ата-Журт Кыргызстандын", "party:ata-zhurt"), ("Садыр Жапаровдун", SADYR),
                        ("УКМКга", "body:gknb")]
    people = [(m.surface, m.entity_id.split(":")[0]) for m in found if m.method == "rule"]
    assert people == [("Нурлан Мамытбек уулу", "prov-person"), ("Айгүл Токтосунова", "prov-person")]
    assert [m.sentence for m in found] == sorted(m.sentence for m in found)
    assert all(text[m.start:m.end] == m.surface for m in found)


def test_the_russian_model_never_runs_on_kyrgyz(analyzer: Analyzer) -> None:
    assert "kabarchy_slovnet_ner" in analyzer.pipeline("ru").pipe_names
    assert "kabarchy_slovnet_ner" not in analyzer.pipeline("ky").pipe_names
    assert "kabarchy_slovnet_ner" not in analyzer.pipeline("kk").pipe_names
    found = analyzer.analyze("Бүгүн Бишкекте жаан жаады, шаардын көчөлөрүндө суу көп.", "ky", None).mentions
    assert found == ()


def test_lower_case_words_are_not_capitalised_names(analyzer: Analyzer) -> None:
    found = analyzer.analyze("Решения кабмина обсуждали в кабинете министров района.", "ru", None).mentions
    assert "body:cabinet" not in [m.entity_id for m in found]
    found = analyzer.analyze("Решения Кабмина обсуждали в Кабинете министров.", "ru", None).mentions
    assert [m.entity_id for m in found] == ["body:cabinet", "body:cabinet"]


def test_unknown_people_get_the_same_provisional_id_across_articles(analyzer: Analyzer) -> None:
    first = analyzer.analyze("Вчера Иван Петров открыл новую школу в Токмоке.", "ru", on(2024, 9, 1))
    second = analyzer.analyze("Школу, построенную при участии Ивана Петрова, осмотрели жители. "
                              "Петров пообещал построить ещё одну.", "ru", on(2024, 9, 5))
    [a] = [m for m in first.mentions if m.entity_type == "person"]
    b = [m for m in second.mentions if m.entity_type == "person"]
    assert a.entity_id.startswith("prov-person:")
    assert [m.entity_id for m in b] == [a.entity_id, a.entity_id]
    assert a.name == "Иван Петров" and b[0].name == "Иван Петров"
    other = analyzer.analyze("Мария Петрова возглавила школу.", "ru", None).mentions
    assert [m.entity_id for m in other if m.entity_type == "person"] != [a.entity_id]


def test_provisional_key_joins_languages_and_cases() -> None:
    assert person_key("Дастан Бекешевдин", "ky")[0] == person_key("Дастана Бекешева", "ru")[0]
    assert person_key("Нурлан Мамытбек уулунун", "ky")[0] == person_key("Нурлан Мамытбек уулу", "ky")[0]
    assert person_key("Алексея Навального", "ru")[0] == person_key("Алексей Навальный", "ru")[0]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Партия «Реформа» провела съезд в Бишкеке.", ["party:reforma"]),
        ("На съезде «Реформы» выбрали нового председателя.", ["party:reforma"]),
        ("Реформа образования обсуждается второй год.", []),  # an everyday word opening a sentence
        ("Депутаты обсудили судебную реформу.", []),
        ("МИД сообщил о визите делегации.", ["body:mfa"]),
        ("МИД России сообщил о визите делегации.", []),  # another country's ministry
        ("Министерство иностранных дел Казахстана ответило на запрос.", []),
    ],
)
def test_ordinary_words_and_foreign_bodies_are_not_registry_entities(analyzer: Analyzer, text: str,
                                                                     expected: list[str]) -> None:
    found = [m.entity_id for m in analyzer.analyze(text, "ru", None).mentions
             if m.method == "registry" and not m.entity_id.startswith(("prov-", "place:"))]
    assert found == expected


def test_kyrgyz_name_rules_skip_sentence_openers_and_keep_titles_out(analyzer: Analyzer) -> None:
    text = ("Бүгүн Асанов шаарга келди. Министр Айбек Осмонов жыйынды ачты. "
            "Европа Биримдигинин өкүлү Эркин Ормоновдун сөзүн келтирди.")
    people = [m.surface for m in analyzer.analyze(text, "ky", None).mentions if m.entity_type == "person"]
    assert people == ["Асанов", "Айбек Осмонов", "Эркин Ормоновдун"]  # «Бүгүн» is not a given name


def test_unknown_places_are_named_in_the_nominative(analyzer: Analyzer) -> None:
    text = "Делегация прибыла в Бишкеке, затем в Москву и Токмок."
    places = [m.name for m in analyzer.analyze(text, "ru", None).mentions if m.entity_type == "place"]
    assert places == ["Бишкек", "Москва", "Токмок"]  # Токмок is not in pymorphy3's dictionary: as written


@pytest.mark.parametrize(
    ("text", "lang", "surface"),
    [
        ("Депутат Айбек Жапаров выступил на сессии.", "ru", "Айбек Жапаров"),
        ("Б. Жапаров выступил на сессии городского кенеша.", "ru", "Б. Жапаров"),
        ("Жыйында Бакыт Жапаров сөз сүйлөдү.", "ky", "Бакыт Жапаров"),
    ],
)
def test_a_namesake_with_another_given_name_is_not_the_registry_person(analyzer: Analyzer, text: str,
                                                                       lang: str, surface: str) -> None:
    [person] = [m for m in analyzer.analyze(text, lang, on(2023, 3, 1)).mentions if m.entity_type == "person"]
    assert person.surface == surface and person.entity_id.startswith("prov-person:")
    assert text[person.start:person.end] == surface


def test_a_place_before_a_bare_surname_is_not_a_given_name(analyzer: Analyzer) -> None:
    text = "Вчера в Таласе Жапаров открыл новую больницу."
    people = [m.entity_id for m in analyzer.analyze(text, "ru", on(2023, 3, 1)).mentions if m.entity_type == "person"]
    assert people == [SADYR]


def test_a_lower_cased_generic_head_still_names_the_body(analyzer) -> None:  # type: ignore[no-untyped-def]
    analysis = analyzer.analyze("Совещание прошло в мэрии Бишкека.", "ru", None)
    assert [m.entity_id for m in analysis.mentions] == ["body:bishkek-mayor-office"]
    reform = analyzer.analyze("Эксперты обсудили пенсионную реформу.", "ru", None)
    assert reform.mentions == ()
