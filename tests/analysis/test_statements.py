"""Statements (who said what) on hand-made mentions, so these tests do not depend on linking.

Each test names the mentions it hands over ({surface: entity id}); the helper finds every
occurrence and stretches it to the end of the word, as the linker does for case forms
(ЦИКа, УКМКнын). The sentences are test material, not quotes of the people named.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from pipeline.analysis.registry import Registry
from pipeline.analysis.statements import MAX_STATEMENT_CHARS, find_statements, quote_spans, split_sentences
from pipeline.records import Statement
from tests.analysis.test_statements_constructions import mentions

HERE = Path(__file__).parent
DAY = date(2023, 6, 1)


@pytest.fixture(scope="module")
def reg() -> Registry:
    return Registry.load(HERE / "test_statements_registry.yaml")


def run(text: str, lang: str, marks: dict[str, str], reg: Registry, day: date | None = DAY) -> list[Statement]:
    found = find_statements(text, lang, mentions(text, marks, reg), split_sentences(text), reg, day)
    for s in found:  # offsets are exact and never include the quote marks
        assert text[s.start : s.end] == s.text
        assert s.text and s.text[0] not in "«»\"„“ " and s.text[-1] not in "«»\"„“” "
    return found


def only(found: list[Statement]) -> Statement:
    assert len(found) == 1, found
    return found[0]


SADYR = {"Садыр Жапаров": "person:sadyr-japarov"}
TASHIEV = {"Камчыбек Ташиев": "person:kamchybek-tashiev", "Ташиев": "person:kamchybek-tashiev"}


# --- Russian: direct quotes ------------------------------------------------------------------


@pytest.mark.parametrize("cue", ["заявил", "сказал", "подчеркнул", "отметил", "добавил", "сообщил",
                                 "написал", "пояснил", "заявила", "заявили"])
def test_ru_quote_then_cue(reg: Registry, cue: str) -> None:
    text = f"«Выборы пройдут честно и открыто», — {cue} Садыр Жапаров."
    s = only(run(text, "ru", SADYR, reg))
    assert (s.speaker_id, s.kind, s.cue, s.text) == ("person:sadyr-japarov", "direct", cue, "Выборы пройдут честно и открыто")
    assert s.speaker_post == "Президент Кыргызской Республики"


@pytest.mark.parametrize("quoted", ['"Граница открыта"', "„Граница открыта“", "“Граница открыта”"])
def test_ru_other_quote_marks(reg: Registry, quoted: str) -> None:
    s = only(run(f"{quoted}, — сказал председатель ГКНБ Камчыбек Ташиев.", "ru", {**TASHIEV, "ГКНБ": "body:gknb"}, reg))
    assert (s.speaker_id, s.text) == ("person:kamchybek-tashiev", "Граница открыта")  # the person, not the body


def test_ru_colon_before_quote(reg: Registry) -> None:
    text = "Садыр Жапаров: «Бюджет будет принят вовремя». Камчыбек Ташиев заявил: «Граница под контролем»."
    first, second = run(text, "ru", {**SADYR, **TASHIEV}, reg)
    assert (first.speaker_id, first.cue, first.text) == ("person:sadyr-japarov", ":", "Бюджет будет принят вовремя")
    assert (second.speaker_id, second.cue, second.text) == ("person:kamchybek-tashiev", "заявил", "Граница под контролем")


def test_ru_colon_alone_without_a_name_is_not_speech(reg: Registry) -> None:
    assert run("Тема дня: «Выборы в местные кенеши».", "ru", {}, reg) == []


def test_ru_document_marker_names_the_body(reg: Registry) -> None:
    s = only(run("«Прием документов завершен», — говорится в сообщении ЦИК.", "ru", {"ЦИК": "body:cec"}, reg))
    assert (s.speaker_id, s.speaker_surface, s.cue) == ("body:cec", "ЦИК", "говорится")


def test_ru_multi_sentence_quote_closed_by_pronoun(reg: Registry) -> None:
    text = ("Как сообщил Камчыбек Ташиев, на границе открыт новый пост. «Сейчас все спрашивают о границе. "
            "Мы проверили каждый участок. Посты работают», — подчеркнул он, добавив, что проверка продолжится.")
    found = run(text, "ru", TASHIEV, reg)
    assert [(s.kind, s.cue, s.speaker_id) for s in found] == [
        ("indirect", "как сообщил", "person:kamchybek-tashiev"),
        ("direct", "подчеркнул", "person:kamchybek-tashiev"),
        ("indirect", "добавив", "person:kamchybek-tashiev"),
    ]
    assert found[1].text.startswith("Сейчас все спрашивают") and found[1].text.endswith("Посты работают")
    assert found[2].text == "проверка продолжится"


def test_ru_his_statement_is_the_last_person_named(reg: Registry) -> None:
    text = "Садыр Жапаров опубликовал заявление. «Если выяснится фальсификация со стороны ЦИК, виновные ответят», — говорится в его заявлении."
    s = only(run(text, "ru", {**SADYR, "ЦИК": "body:cec"}, reg))
    assert (s.speaker_id, s.speaker_surface) == ("person:sadyr-japarov", "Садыр Жапаров")


def test_ru_pronoun_skips_names_inside_the_quote(reg: Registry) -> None:
    text = "Садыр Жапаров прокомментировал работу спецслужб. «Ташиев работает добросовестно», — сказал он."
    assert only(run(text, "ru", {**SADYR, **TASHIEV}, reg)).speaker_id == "person:sadyr-japarov"


def test_ru_she_picks_the_woman(reg: Registry) -> None:
    text = "Нуржан Шайлдабекова встретилась с Камчыбеком Ташиевым. Она сообщила, что подготовка идет по плану."
    marks = {"Нуржан Шайлдабекова": "person:nurzhan-shaildabekova", "Камчыбеком Ташиевым": "person:kamchybek-tashiev"}
    s = only(run(text, "ru", marks, reg))
    assert (s.speaker_id, s.text, s.speaker_post) == ("person:nurzhan-shaildabekova", "подготовка идет по плану",
                                                      "Председатель ЦИК Кыргызской Республики")


def test_ru_interrupted_quote(reg: Registry) -> None:
    text = "«Выборы прошли спокойно, — сказал Садыр Жапаров. — Я благодарю наблюдателей»."
    found = run(text, "ru", SADYR, reg)
    assert [(s.text, s.speaker_id) for s in found] == [("Выборы прошли спокойно", "person:sadyr-japarov"),
                                                       ("Я благодарю наблюдателей", "person:sadyr-japarov")]


def test_ru_dialogue_dash_without_quote_marks(reg: Registry) -> None:
    s = only(run("— Мы не будем повышать налоги, — сказал Садыр Жапаров.", "ru", SADYR, reg))
    assert (s.kind, s.text, s.speaker_id) == ("direct", "Мы не будем повышать налоги", "person:sadyr-japarov")


# --- Russian: reported speech ----------------------------------------------------------------


@pytest.mark.parametrize(("lead", "cue"), [("По словам Камчыбека Ташиева", "по словам"),
                                            ("Как сообщил Камчыбек Ташиев", "как сообщил"),
                                            ("Как заявил глава ГКНБ Камчыбек Ташиев", "как заявил")])
def test_ru_lead_ins(reg: Registry, lead: str, cue: str) -> None:
    marks = {"Камчыбека Ташиева": "person:kamchybek-tashiev", **TASHIEV, "ГКНБ": "body:gknb"}
    s = only(run(f"{lead}, работы на границе начнутся весной.", "ru", marks, reg))
    assert (s.kind, s.cue, s.speaker_id, s.text) == ("indirect", cue, "person:kamchybek-tashiev", "работы на границе начнутся весной")


def test_ru_according_to_statement(reg: Registry) -> None:
    s = only(run("Согласно заявлению ГКНБ, в операции участвовали спецподразделения.", "ru", {"ГКНБ": "body:gknb"}, reg))
    assert (s.speaker_id, s.text) == ("body:gknb", "в операции участвовали спецподразделения")


@pytest.mark.parametrize("verb", ["заявил", "сообщил", "написал", "подчеркнул", "отметил"])
def test_ru_verb_that(reg: Registry, verb: str) -> None:
    text = f"Президент Садыр Жапаров на странице в Facebook {verb}, что итоги выборов будут проверены."
    s = only(run(text, "ru", SADYR, reg))
    assert (s.kind, s.cue, s.speaker_id, s.text) == ("indirect", verb, "person:sadyr-japarov", "итоги выборов будут проверены")


def test_ru_press_service_is_the_body(reg: Registry) -> None:
    text = "Пресс-служба ГКНБ сообщила, что задержаны двое подозреваемых. В ЦИКе сообщили, что бюллетени напечатаны."
    first, second = run(text, "ru", {"ГКНБ": "body:gknb", "ЦИК": "body:cec"}, reg)
    assert (first.speaker_id, first.speaker_surface, first.speaker_post) == ("body:gknb", "ГКНБ", "")
    assert (second.speaker_id, second.speaker_surface) == ("body:cec", "ЦИКе")


def test_ru_collective_speaker_keeps_surface(reg: Registry) -> None:
    text = ("Однако представители партий «Ата Мекен», «Социал-демократы» и «Азаттык» заявили, "
            "что не согласны с результатами выборов.")
    marks = {"Ата Мекен": "party:ata-meken", "Социал-демократы": "party:social-democrats", "Азаттык": "party:azattyk"}
    s = only(run(text, "ru", marks, reg))
    assert s.speaker_id is None
    assert s.speaker_surface == "представители партий «Ата Мекен», «Социал-демократы» и «Азаттык»"
    assert s.text == "не согласны с результатами выборов"


def test_ru_one_party_speaks_for_itself(reg: Registry) -> None:
    s = only(run("«Мы требуем пересчета», — заявили в партии «Ата Мекен».", "ru", {"Ата Мекен": "party:ata-meken"}, reg))
    assert s.speaker_id == "party:ata-meken"


def test_ru_namesakes_keep_their_own_posts(reg: Registry) -> None:
    text = "Акылбек Жапаров заявил, что налоги не вырастут, а Садыр Жапаров добавил, что зарплаты вырастут."
    first, second = run(text, "ru", {"Акылбек Жапаров": "person:akylbek-japarov", **SADYR}, reg, day=date(2023, 3, 1))
    assert (first.speaker_id, first.text) == ("person:akylbek-japarov", "налоги не вырастут")
    assert first.speaker_post == "Председатель Кабинета министров Кыргызской Республики"
    assert (second.speaker_id, second.text, second.speaker_post) == ("person:sadyr-japarov", "зарплаты вырастут",
                                                                     "Президент Кыргызской Республики")
    later = only(run("Акылбек Жапаров заявил, что уходит в отставку.", "ru",
                     {"Акылбек Жапаров": "person:akylbek-japarov"}, reg, day=date(2025, 3, 1)))
    assert later.speaker_post == ""  # no post on that day


def test_ru_about_this_is_the_sentence_before(reg: Registry) -> None:
    text = "В Бишкеке задержана группа квартирных воров. Об этом сообщила пресс-служба ГКНБ."
    s = only(run(text, "ru", {"ГКНБ": "body:gknb", "Бишкек": "place:bishkek"}, reg))
    assert (s.speaker_id, s.text, s.cue) == ("body:gknb", "В Бишкеке задержана группа квартирных воров", "сообщила")


def test_ru_no_statement(reg: Registry) -> None:
    text = ("Партия «Ата Мекен» провела съезд в Бишкеке. Сообщается, что движение восстановлено. "
            "Ранее сообщалось, что площадь отремонтируют. Фильм «Курманжан датка» покажут вечером.")
    assert run(text, "ru", {"Ата Мекен": "party:ata-meken", "Бишкек": "place:bishkek"}, reg) == []


def test_unnamed_speaker_is_kept_as_written(reg: Registry) -> None:
    s = only(run("«Решение приняли без обсуждения», — сказал собеседник издания.", "ru", {}, reg))
    assert (s.speaker_id, s.speaker_surface, s.speaker_post) == (None, "собеседник издания", "")


# --- robustness -------------------------------------------------------------------------------


@pytest.mark.parametrize("text", ["", "   \n  ", "«", "»", '"', "— сказал он."])
def test_empty_and_degenerate_texts(reg: Registry, text: str) -> None:
    assert run(text, "ru", {}, reg) == []
    assert run(text, "ky", {}, reg) == []


def test_unbalanced_quote_stops_at_the_paragraph(reg: Registry) -> None:
    text = ("«Это начало без закрывающей кавычки, и тут нет речи.\n"
            "Садыр Жапаров заявил, что работы продолжатся. «Мы успеем», — сказал он.")
    found = run(text, "ru", SADYR, reg)
    assert [(s.text, s.speaker_id) for s in found] == [("работы продолжатся", "person:sadyr-japarov"),
                                                       ("Мы успеем", "person:sadyr-japarov")]


def test_giant_quote_is_not_a_statement(reg: Registry) -> None:
    text = "«" + "Очень длинный текст без конца. " * (MAX_STATEMENT_CHARS // 20) + "», — сказал Садыр Жапаров."
    assert run(text, "ru", SADYR, reg) == []


def test_quote_spans_nest_straight_quotes() -> None:
    text = 'Он сказал: "Итоги "честных" выборов не пересмотрят", — и ушел. «Ата Мекен»'
    assert [text[s:e] for s, e in quote_spans(text)] == ['Итоги "честных" выборов не пересмотрят', "Ата Мекен"]


def test_offsets_follow_the_text_not_the_sentences(reg: Registry) -> None:
    text = "Вступление.\n\n«Первое предложение. Второе предложение», — сказал Садыр Жапаров."
    s = only(find_statements(text, "ru", mentions(text, SADYR, reg), [], reg, None))  # no sentences given
    assert (s.start, s.end) == (text.index("Первое"), text.index("», —"))
    assert s.speaker_post == ""  # no date, no post


# --- Kyrgyz -------------------------------------------------------------------------------------


def test_ky_quote_then_dedi(reg: Registry) -> None:
    text = "«Шайлоо ачык жана адилет өтөт», — деди Садыр Жапаров."
    s = only(run(text, "ky", SADYR, reg))
    assert (s.speaker_id, s.kind, s.cue, s.text) == ("person:sadyr-japarov", "direct", "деди", "Шайлоо ачык жана адилет өтөт")
    assert s.speaker_post == "Кыргыз Республикасынын Президенти"


@pytest.mark.parametrize("verb", ["билдирди", "белгиледи", "жазды", "айтты", "кошумчалады"])
def test_ky_quote_then_dep_verb(reg: Registry, verb: str) -> None:
    s = only(run(f"«Чек ара жазга чейин ачылат», — деп {verb} Камчыбек Ташиев.", "ky", TASHIEV, reg))
    assert (s.speaker_id, s.cue, s.text) == ("person:kamchybek-tashiev", verb, "Чек ара жазга чейин ачылат")


def test_ky_speaker_before_quote_and_colon(reg: Registry) -> None:
    text = "Ташиев журналисттерге «Коррупционерлер жооп берет» деп айтты. Садыр Жапаров: «Ар бир добуш эсептелет»."
    first, second = run(text, "ky", {**SADYR, **TASHIEV}, reg)
    assert (first.speaker_id, first.cue, first.text) == ("person:kamchybek-tashiev", "айтты", "Коррупционерлер жооп берет")
    assert (second.speaker_id, second.cue) == ("person:sadyr-japarov", ":")


def test_ky_reported_dep(reg: Registry) -> None:
    text = "БШКнын төрагасы Нуржан Шайлдабекова шайлоочулардын тизмеси такталды деп билдирди."
    marks = {"БШК": "body:cec", "Нуржан Шайлдабекова": "person:nurzhan-shaildabekova"}
    s = only(run(text, "ky", marks, reg))
    assert (s.speaker_id, s.kind, s.cue, s.text) == ("person:nurzhan-shaildabekova", "indirect", "билдирди",
                                                     "шайлоочулардын тизмеси такталды")
    assert s.speaker_post == "Кыргыз Республикасынын БШКнын төрагасы"


@pytest.mark.parametrize(("clause", "verb"), [("чек арадагы абал туруктуу экенин", "айтты"),
                                               ("чек ара маселеси чечилгенин", "билдирди"),
                                               ("иштер жазында башталарын", "белгиледи")])
def test_ky_that_clause(reg: Registry, clause: str, verb: str) -> None:
    s = only(run(f"Камчыбек Ташиев {clause} {verb}.", "ky", TASHIEV, reg))
    assert (s.speaker_id, s.cue, s.text) == ("person:kamchybek-tashiev", verb, clause)


def test_ky_press_service_is_the_body(reg: Registry) -> None:
    s = only(run("УКМКнын басма сөз кызматы шайлоо учурунда тартип бузулбаганын билдирди.", "ky", {"УКМК": "body:gknb"}, reg))
    assert (s.speaker_id, s.speaker_surface, s.text) == ("body:gknb", "УКМКнын", "шайлоо учурунда тартип бузулбаганын")


@pytest.mark.parametrize(("lead", "marks", "speaker"), [
    ("БШК билдиргендей", {"БШК": "body:cec"}, "body:cec"),
    ("УКМКнын маалымат кызматы маалымдагандай", {"УКМК": "body:gknb"}, "body:gknb"),
    ("УКМК тарабынан билдирилгендей", {"УКМК": "body:gknb"}, "body:gknb"),
    ("Камчыбек Ташиевдин айтымында", TASHIEV, "person:kamchybek-tashiev"),
])
def test_ky_lead_ins(reg: Registry, lead: str, marks: dict[str, str], speaker: str) -> None:
    s = only(run(f"{lead}, шектүү Бишкекте кармалды.", "ky", marks, reg))
    assert (s.kind, s.speaker_id, s.text) == ("indirect", speaker, "шектүү Бишкекте кармалды")


def test_ky_pronoun_al_is_the_subject_named_before(reg: Registry) -> None:
    text = ("Нуржан Шайлдабекова Камчыбек Ташиев менен жолукту. «Шайлоого даярбыз», — деди ал. "
            "Ал ошондой эле байкоочулар бардык участкаларга кире аларын билдирди.")
    marks = {"Нуржан Шайлдабекова": "person:nurzhan-shaildabekova", **TASHIEV}
    direct, reported = run(text, "ky", marks, reg)
    assert direct.speaker_id == reported.speaker_id == "person:nurzhan-shaildabekova"
    assert reported.text == "ошондой эле байкоочулар бардык участкаларга кире аларын"


def test_ky_collective(reg: Registry) -> None:
    text = "«Ата Мекен» жана «Социал-демократтар» партияларынын өкүлдөрү шайлоонун жыйынтыгына макул эмес деп билдиришти."
    s = only(run(text, "ky", {"Ата Мекен": "party:ata-meken", "Социал-демократтар": "party:social-democrats"}, reg))
    assert s.speaker_id is None
    assert s.speaker_surface == "«Ата Мекен» жана «Социал-демократтар» партияларынын өкүлдөрү"
    assert s.text == "шайлоонун жыйынтыгына макул эмес"


def test_ky_about_this(reg: Registry) -> None:
    text = "Шайлоо участкалары саат сегизде ачылат. Бул тууралуу БШК маалымдады."
    s = only(run(text, "ky", {"БШК": "body:cec"}, reg))
    assert (s.speaker_id, s.text, s.cue) == ("body:cec", "Шайлоо участкалары саат сегизде ачылат", "маалымдады")


def test_ky_two_speakers_in_one_sentence(reg: Registry) -> None:
    text = "Садыр Жапаров шайлоо өз убагында өтөт деп билдирди, ал эми Камчыбек Ташиев коопсуздук камсыз кылынат деп кошумчалады."
    first, second = run(text, "ky", {**SADYR, **TASHIEV}, reg)
    assert (first.speaker_id, first.text) == ("person:sadyr-japarov", "шайлоо өз убагында өтөт")
    assert (second.speaker_id, second.text) == ("person:kamchybek-tashiev", "коопсуздук камсыз кылынат")


def test_ky_no_statement(reg: Registry) -> None:
    text = "УКМКнын кызматкерлери мурдагы аткаминерди кармашты. Маалымдалгандай, жолдо кыймыл калыбына келди."
    assert run(text, "ky", {"УКМК": "body:gknb"}, reg) == []
