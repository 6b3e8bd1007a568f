"""Who the speaker is: addressees never speak, body anaphora, «они»/«алар», gender, clean
surfaces and a stated reason when nobody can be named. Shipped registry; hand-made mentions."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from pipeline.analysis.registry import Registry
from pipeline.records import Analysis, ExtractedArticle, FeedEntry, SourceConfig
from pipeline.store.store import Store
from tests.analysis.test_statements_constructions import SADYR, TASHIEV, only, run

ROOT = Path(__file__).resolve().parents[2]
SHAILDABEKOVA = "person:nurzhan-shaildabekova"


@pytest.fixture(scope="module")
def reg() -> Registry:
    return Registry.load(ROOT / "config" / "entities.yaml")


# --- addressees ------------------------------------------------------------------------------------


def test_ru_the_paper_told_is_not_the_speaker(reg: Registry) -> None:
    text = "Как рассказали «Вечернему Бишкеку» в мэрии Бишкека, ремонт дорог завершится в сентябре."
    marks = {"Вечернему Бишкеку": "prov-organisation:vecherny-bishkek", "мэрии Бишкека": "body:bishkek-mayor-office"}
    s = only(run(text, "ru", marks, reg))
    assert (s.speaker_id, s.text) == ("body:bishkek-mayor-office", "ремонт дорог завершится в сентябре")


def test_ru_unlinked_speaker_after_the_addressee(reg: Registry) -> None:
    s = only(run("Как рассказали «Вечернему Бишкеку» в управлении образования, занятия начнутся в срок.", "ru",
                 {"Вечернему Бишкеку": "prov-organisation:vecherny-bishkek"}, reg))
    assert (s.speaker_id, s.speaker_surface, s.speaker_reason) == (None, "управлении образования", "unnamed")


def test_ru_outlet_after_the_verb_is_told_not_speaking(reg: Registry) -> None:
    text = "«Очередей больше нет», — рассказал 24.kg Камчыбек Ташиев."
    s = only(run(text, "ru", {"24.kg": "media:24-kg", "Камчыбек Ташиев": TASHIEV}, reg))
    assert s.speaker_id == TASHIEV


def test_ru_dative_person_is_the_addressee(reg: Registry) -> None:
    text = "«Проверку надо закончить до конца месяца», — сказал Камчыбеку Ташиеву Садыр Жапаров."
    s = only(run(text, "ru", {"Камчыбеку Ташиеву": TASHIEV, "Садыр Жапаров": SADYR}, reg))
    assert s.speaker_id == SADYR


def test_ru_person_after_s_is_not_the_speaker(reg: Registry) -> None:
    text = "После встречи с Камчыбеком Ташиевым Садыр Жапаров заявил, что граница будет открыта."
    s = only(run(text, "ru", {"Камчыбеком Ташиевым": TASHIEV, "Садыр Жапаров": SADYR}, reg))
    assert s.speaker_id == SADYR


def test_ky_dative_court_is_not_the_speaker(reg: Registry) -> None:
    text = "Башкы прокуратура Жогорку сотко айыпталуучу күнөөлүү деп билдирген."
    s = only(run(text, "ky", {"Башкы прокуратура": "body:prosecutor-general-office", "Жогорку сот": "body:supreme-court"}, reg))
    assert (s.speaker_id, s.text) == ("body:prosecutor-general-office", "айыпталуучу күнөөлүү")


def test_ky_dative_first_then_the_speaker(reg: Registry) -> None:
    text = "«24.kg» агенттигине Камчыбек Ташиев чек ара ачылат деп билдирди."
    s = only(run(text, "ky", {"24.kg": "media:24-kg", "Камчыбек Ташиев": TASHIEV}, reg))
    assert s.speaker_id == TASHIEV


# --- anaphora ----------------------------------------------------------------------------------------


def test_ru_vedomstvo_is_the_body_named_before(reg: Registry) -> None:
    text = ("Министерство финансов опубликовало отчет об исполнении бюджета. Глава ГКНБ посетил Баткен. "
            "В министерстве отметили, что дефицит сократился.")
    s = only(run(text, "ru", {"Министерство финансов": "body:ministry-of-finance", "ГКНБ": "body:gknb"}, reg))
    assert (s.speaker_id, s.text) == ("body:ministry-of-finance", "дефицит сократился")


def test_ru_vedomstvo_without_a_kind_is_the_last_body(reg: Registry) -> None:
    text = "ГКНБ задержал двух чиновников. Как сообщили в ведомстве, ущерб превысил 10 млн сомов."
    s = only(run(text, "ru", {"ГКНБ": "body:gknb"}, reg))
    assert s.speaker_id == "body:gknb"


def test_ky_ministrlik_is_the_body_named_before(reg: Registry) -> None:
    text = "Финансы министрлиги бюджеттин аткарылышы боюнча отчет жарыялады. Министрлик тартыштык кыскарды деп билдирди."
    s = only(run(text, "ky", {"Финансы министрлиги": "body:ministry-of-finance"}, reg))
    assert (s.speaker_id, s.text) == ("body:ministry-of-finance", "тартыштык кыскарды")


def test_ky_mekeme_is_the_body_named_before(reg: Registry) -> None:
    text = "УКМК эки аткаминерди кармады. Мекеме келтирилген зыян 10 миллион сомдон ашат деп маалымдады."
    s = only(run(text, "ky", {"УКМК": "body:gknb"}, reg))
    assert s.speaker_id == "body:gknb"


def test_ru_they_are_the_persons_just_named_together(reg: Registry) -> None:
    text = ("Партия «Ата Мекен» провела съезд. Садыр Жапаров и Камчыбек Ташиев посетили Баткен. "
            "Они заявили, что граница будет открыта.")
    s = only(run(text, "ru", {"Ата Мекен": "party:ata-meken", "Садыр Жапаров": SADYR, "Камчыбек Ташиев": TASHIEV}, reg))
    assert (s.speaker_id, s.speaker_reason) == (None, "collective")
    assert "Жапаров" in s.speaker_surface and "Ташиев" in s.speaker_surface and "Ата Мекен" not in s.speaker_surface


def test_ky_alar_are_the_persons_just_named_together(reg: Registry) -> None:
    text = ("«Ата Мекен» партиясы съезд өткөрдү. Садыр Жапаров жана Камчыбек Ташиев Баткенге барышты. "
            "Алар чек ара ачылат деп билдиришти.")
    s = only(run(text, "ky", {"Ата Мекен": "party:ata-meken", "Садыр Жапаров": SADYR, "Камчыбек Ташиев": TASHIEV}, reg))
    assert (s.speaker_id, s.speaker_reason) == (None, "collective")
    assert "Ата Мекен" not in s.speaker_surface


@pytest.mark.parametrize("text", [
    "Ата-энелер мэрияга кайрылышты. Алар мектептин жанындагы жол коркунучтуу деп эсептешет.",
    "Ата-энелер УКМКны айыпташты. Алар тергөө жабык өтүп жатат деп билдиришти.",
])
def test_ky_alar_is_never_a_body_in_the_dative_or_accusative(reg: Registry, text: str) -> None:
    marks = {"мэрияга": "body:bishkek-mayor-office", "УКМКны": "body:gknb"}
    s = only(run(text, "ky", {k: v for k, v in marks.items() if k in text}, reg))
    assert (s.speaker_id, s.speaker_reason) == (None, "pronoun")


def test_ru_they_after_one_body_is_that_body(reg: Registry) -> None:
    text = "В ЦИК подвели итоги. Они сообщили, что явка составила 35 процентов."
    assert only(run(text, "ru", {"ЦИК": "body:cec"}, reg)).speaker_id == "body:cec"


def test_ru_she_after_a_man_and_a_woman(reg: Registry) -> None:
    text = "Камчыбек Ташиев встретился с Нуржан Шайлдабековой. Она сообщила, что бюллетени напечатаны."
    s = only(run(text, "ru", {"Камчыбек Ташиев": TASHIEV, "Нуржан Шайлдабековой": SHAILDABEKOVA}, reg))
    assert s.speaker_id == SHAILDABEKOVA
    he = only(run(text.replace("Она сообщила", "Он сообщил"), "ru",
                  {"Камчыбек Ташиев": TASHIEV, "Нуржан Шайлдабековой": SHAILDABEKOVA}, reg))
    assert he.speaker_id == TASHIEV


def test_ru_feminine_cue_picks_the_woman_among_names(reg: Registry) -> None:
    text = "«Бюллетени напечатаны», — сказала она. "
    before = "Нуржан Шайлдабекова и Камчыбек Ташиев приехали в Ош. "
    s = only(run(before + text, "ru", {"Камчыбек Ташиев": TASHIEV, "Нуржан Шайлдабекова": SHAILDABEKOVA}, reg))
    assert s.speaker_id == SHAILDABEKOVA


# --- surfaces and reasons ----------------------------------------------------------------------


@pytest.mark.parametrize("text", ["Хотя сейчас открыто говорят, что цены вырастут.",
                                  "Сейчас уже открыто заявили, что тарифы поднимут."])
def test_ru_adverbs_are_never_a_speaker(reg: Registry, text: str) -> None:
    assert all(s.speaker_surface.lower() not in ("хотя", "сейчас", "открыто", "хотя сейчас открыто", "сейчас уже открыто")
               for s in run(text, "ru", {}, reg))


def test_ru_unnamed_speaker_is_the_noun_phrase(reg: Registry) -> None:
    s = only(run("Хотя эксперты заявили, что цены вырастут, рынок спокоен.", "ru", {}, reg))
    assert (s.speaker_surface, s.speaker_reason) == ("эксперты", "unnamed")


def test_ky_adverb_is_not_a_speaker(reg: Registry) -> None:
    s = only(run("«Жол күзгө чейин бүтөт», — деди ал азыр.", "ky", {}, reg))
    assert (s.speaker_id, s.speaker_reason) == (None, "pronoun")


def test_pronoun_with_nobody_before_says_so(reg: Registry) -> None:
    s = only(run("«Мы не отступим», — сказал он.", "ru", {}, reg))
    assert (s.speaker_id, s.speaker_surface, s.speaker_reason) == (None, "он", "pronoun")


def test_she_with_only_a_man_before_is_unresolved(reg: Registry) -> None:
    text = "Камчыбек Ташиев прибыл в Баткен. «Мы готовы», — сказала она."
    s = only(run(text, "ru", {"Камчыбек Ташиев": TASHIEV}, reg))
    assert (s.speaker_id, s.speaker_reason) == (None, "pronoun")


def test_resolved_speaker_has_no_reason(reg: Registry) -> None:
    s = only(run("«Мы готовы», — сказал Камчыбек Ташиев.", "ru", {"Камчыбек Ташиев": TASHIEV}, reg))
    assert (s.speaker_id, s.speaker_reason) == (TASHIEV, "")


def test_store_keeps_the_reason(reg: Registry, tmp_path: Path) -> None:
    found = run("«Мы не отступим», — сказал он. «Мы готовы», — сказал Камчыбек Ташиев.", "ru",
                {"Камчыбек Ташиев": TASHIEV}, reg)
    store = Store.open(tmp_path / "store.db")
    try:
        store.sync_sources([SourceConfig(id="s1", name="Test", homepage="http://127.0.0.1/", languages=("ru",),
                                         kind="outlet", feeds=("http://127.0.0.1/feed",), allow_private=True)])
        store.discover("a1", FeedEntry(source_id="s1", url="http://127.0.0.1/a1", found_in="http://127.0.0.1/feed"))
        store.save_extracted("a1", ExtractedArticle(title="t", text="x"), "t")
        store.save_analysis("a1", Analysis(statements=tuple(found), analyzer_version="t"))
        assert [(s.speaker_id, s.speaker_reason) for s in store.statements("a1")] == [(None, "pronoun"), (TASHIEV, "")]
    finally:
        store.close()


# --- heads of bodies, genitive modifiers, unknown subjects ----------------------------------------


def test_ru_head_of_a_body_is_whoever_headed_it_that_day(reg: Registry) -> None:
    """«Глава ГКНБ» is the GKNB's chairman on the article's day, never the GKNB itself."""
    text = "Глава ГКНБ пообещал, что дорогу закончат к осени."
    s = only(run(text, "ru", {"ГКНБ": "body:gknb"}, reg))  # 1 June 2023
    assert (s.speaker_id, s.speaker_surface, s.speaker_post) == (TASHIEV, "Глава ГКНБ",
                                                         "Председатель Государственного комитета национальной безопасности Кыргызской Республики")
    later = only(run(text, "ru", {"ГКНБ": "body:gknb"}, reg, day=date(2026, 3, 1)))
    assert later.speaker_id == "person:jumgalbek-shabdanbekov"
    undated = only(run(text, "ru", {"ГКНБ": "body:gknb"}, reg, day=None))
    assert (undated.speaker_id, undated.speaker_surface, undated.speaker_reason) == (None, "Глава ГКНБ", "unnamed")
    press = only(run("Пресс-служба ГКНБ сообщила, что дорогу закончат к осени.", "ru", {"ГКНБ": "body:gknb"}, reg))
    assert press.speaker_id == "body:gknb"


def test_head_named_earlier_wins_over_the_registry(reg: Registry) -> None:
    text = ("Председатель ЦИК Нуржан Шайлдабекова провела брифинг. «Явка составила 31,5 процента», — "
            "сказала глава комиссии.")
    s = only(run(text, "ru", {"ЦИК": "body:cec", "Нуржан Шайлдабекова": SHAILDABEKOVA}, reg, day=date(2026, 1, 1)))
    assert s.speaker_id == SHAILDABEKOVA


def test_ky_head_of_a_body_is_whoever_headed_it_that_day(reg: Registry) -> None:
    text = "БШКнын төрагасы жаңы шайлоо кутуларына 400 млн сом керектелерин билдирди."
    s = only(run(text, "ky", {"БШК": "body:cec"}, reg))
    assert (s.speaker_id, s.speaker_surface) == (SHAILDABEKOVA, "БШКнын төрагасы")
    assert only(run(text, "ky", {"БШК": "body:cec"}, reg, day=date(2025, 6, 1))).speaker_id == "person:tynchtykbek-shainazarov"


def test_ky_genitive_modifier_is_not_the_subject(reg: Registry) -> None:
    s = only(run("Министр КТРКнын эфиринде мектеп формасы сатылып алынбай турганын айтты.", "ky", {"КТРК": "media:ktrk"}, reg))
    assert s.speaker_id is None and s.speaker_surface == "Министр"


def test_ky_capitalised_unknown_subject(reg: Registry) -> None:
    s = only(run("Студент Алина Ким жатаканага эми айына 7 миң сом сурашат деп билдирди.", "ky", {}, reg))
    assert (s.speaker_id, s.speaker_surface, s.text) == (None, "Студент Алина Ким", "жатаканага эми айына 7 миң сом сурашат")


def test_ru_they_skip_a_body_in_object_position(reg: Registry) -> None:
    text = "В споре с ГНС предприниматели стояли на своём. Они уверены, что новые правила невыполнимы."
    s = only(run(text, "ru", {"ГНС": "body:state-tax-service"}, reg))
    assert (s.speaker_id, s.speaker_reason) == (None, "pronoun")


def test_opening_pronoun_names_its_person_in_the_next_sentence(reg: Registry) -> None:
    text = "«Я не верю, что дорогу построят в этом году», — говорит она. Гульнара Матисакова живёт в этом селе сорок лет."
    s = only(run(text, "ru", {"Гульнара Матисакова": "prov-person:matisakova"}, reg))
    assert (s.speaker_id, s.speaker_surface) == ("prov-person:matisakova", "Гульнара Матисакова")
    other = "«Мы не отступим», — сказал он. «Мы готовы», — сказал Камчыбек Ташиев."
    first = run(other, "ru", {"Камчыбек Ташиев": TASHIEV}, reg)[0]
    assert (first.speaker_id, first.speaker_reason) == (None, "pronoun")


@pytest.mark.parametrize(("text", "surface"), [
    ("В тот же день Южная Корея заявила, что ввоз свинины приостановлен.", "Южная Корея"),
    ("Губернатору прочат скорую отставку Эксперты считают, что позиции губернатора пошатнулись.", "Эксперты"),
    ("Директор школы №5 заявила, что ремонт закончат к сентябрю.", "Директор школы №5"),
    ("В мэрии сообщили, что ремонт закончат к сентябрю.", "мэрии"),
])
def test_ru_unnamed_subject_is_the_phrase_next_to_the_verb(reg: Registry, text: str, surface: str) -> None:
    s = only(run(text, "ru", {}, reg))
    assert (s.speaker_id, s.speaker_surface, s.speaker_reason) == (None, surface, "unnamed")


def test_ru_subject_of_coordinated_verbs(reg: Registry) -> None:
    text = "Директор компании назвал ситуацию «критической» и сказал, что без кредита предприятие закроется."
    s = only(run(text, "ru", {}, reg))
    assert (s.speaker_surface, s.text) == ("Директор компании", "без кредита предприятие закроется")


@pytest.mark.parametrize(("text", "surface"), [("Министр также заявил, что пенсии проиндексируют.", "Министр"),
                                               ("При этом сенатор подчеркнул, что пенсии проиндексируют.", "сенатор")])
def test_ru_adverbs_and_pronouns_next_to_the_verb_stay_out(reg: Registry, text: str, surface: str) -> None:
    assert only(run(text, "ru", {}, reg)).speaker_surface == surface


@pytest.mark.parametrize("text", ["В ноябре ФАО, предупредила мировое сообщество о тяжелых последствиях засухи.",
                                  "Республиканцы, победившие на выборах, обещают отменить реформу здравоохранения."])
def test_ru_comma_before_a_verb_with_its_object_is_no_parenthetical(reg: Registry, text: str) -> None:
    assert run(text, "ru", {}, reg) == []


@pytest.mark.parametrize(("text", "marks", "surface"), [
    ("Адвокат Жээнбековой заявил, что обжалует приговор.", {"Жээнбековой": "prov-person:jeenbekova"}, "Адвокат Жээнбековой"),
    ("Источник в ГКНБ рассказал, что задержанный дал показания.", {"ГКНБ": "body:gknb"}, "Источник в ГКНБ"),
    ("УКМКдагы булак кармалган аткаминер күнөөсүн мойнуна алганын айтты.", {"УКМК": "body:gknb"}, "УКМКдагы булак"),
])
def test_someone_of_a_person_or_body_is_not_them(reg: Registry, text: str, marks: dict[str, str], surface: str) -> None:
    lang = "ky" if "УКМК" in text else "ru"
    s = only(run(text, lang, marks, reg))
    assert (s.speaker_id, s.speaker_surface, s.speaker_reason) == (None, surface, "unnamed")


def test_ru_role_before_an_unknown_name_keeps_the_name(reg: Registry) -> None:
    s = only(run("Юрист Бекмырза Токтоналиев заявил, что иск подан.", "ru", {"Бекмырза Токтоналиев": "prov-person:t"}, reg))
    assert s.speaker_id == "prov-person:t"


def test_ky_dropped_subject_is_the_one_named_before(reg: Registry) -> None:
    text = "Өзгөчө кырдаалдар министрлиги көчкү боюнча маалымат берди. Жабыркагандар жок деп кабарлашты."
    s = only(run(text, "ky", {"Өзгөчө кырдаалдар министрлиги": "body:ministry-of-emergency-situations"}, reg))
    assert s.speaker_id == "body:ministry-of-emergency-situations"
    person = "Камчыбек Ташиев Баткенге барды. Тургундар суу жок деп билдиришти."
    assert only(run(person, "ky", {"Камчыбек Ташиев": TASHIEV}, reg)).speaker_surface == "Тургундар"


def test_ky_body_named_after_the_verb(reg: Registry) -> None:
    text = "УКМК мыйзамсыз казылып жаткан кенди тапты. Иш боюнча үч адам кармалды деп маалымдады комитет."
    s = only(run(text, "ky", {"УКМК": "body:gknb"}, reg))
    assert (s.speaker_id, s.text) == ("body:gknb", "Иш боюнча үч адам кармалды")
