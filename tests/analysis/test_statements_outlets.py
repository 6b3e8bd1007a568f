"""An outlet is the source of a report, never the speaker: what it relays is its source's, what it
reports on its own is no statement, and an attribution line is cut off the statement before it.
Shipped registry, the whole Analyzer; sentences written for these tests."""

from __future__ import annotations

from datetime import datetime, timezone

import pytest

from pipeline.analysis.stage import Analyzer
from pipeline.records import Statement

DAY = datetime(2024, 3, 5, 9, 0, tzinfo=timezone.utc)
TASHIEV = "person:kamchybek-tashiev"


def said(analyzer: Analyzer, text: str, lang: str) -> list[Statement]:
    return list(analyzer.analyze(text, lang, DAY).statements)


@pytest.mark.parametrize(("text", "lang"), [
    ("AKIpress сообщает, что в Бишкеке выпал первый снег.", "ru"),
    ("Как сообщает Кабар, в Бишкеке открылся новый центр реабилитации.", "ru"),
    ("По сообщению Кабара, в Нарыне открыли новую школу.", "ru"),
    ("В Бишкеке выпал первый снег, передает АКИpress.", "ru"),
    ("Министерство иностранных дел Казахстана вызвало посла, сообщает Kaktus.media со ссылкой на казахстанские СМИ.",
     "ru"),
    ("Бишкекте аба булганышы кайрадан эң жогорку көрсөткүчтө турат, деп жазат Kaktus.media.", "ky"),
    ("Vesti.kg порталы Түштүк магистралын оңдоо июнда бүтөрүн жазды.", "ky"),
])
def test_an_outlets_own_report_is_no_statement(shipped: Analyzer, text: str, lang: str) -> None:
    assert said(shipped, text, lang) == []


@pytest.mark.parametrize(("text", "lang", "speaker", "words"), [
    ("Цены на хлеб выросли на 10 процентов, сообщает 24.kg со ссылкой на Нацстатком.", "ru",
     "body:national-statistical-committee", "Цены на хлеб выросли на 10 процентов"),
    ("В Бишкеке выпал первый снег. Об этом сообщает АКИpress со ссылкой на МЧС.", "ru",
     "body:ministry-of-emergency-situations", "В Бишкеке выпал первый снег"),
    ("«Очередей на границе больше нет», — сказал Камчыбек Ташиев, сообщает 24.kg.", "ru", TASHIEV,
     "Очередей на границе больше нет"),
    ("«Чек арада кезек жок», — деди Камчыбек Ташиев, деп кабарлады Кабар.", "ky", TASHIEV, "Чек арада кезек жок"),
    ("ИИМ кылмыш ачылганын билдирди, деп кабарлайт 24.kg.", "ky", "body:mvd", "кылмыш ачылганын"),
])
def test_what_an_outlet_relays_is_its_sources(shipped: Analyzer, text: str, lang: str, speaker: str,
                                             words: str) -> None:
    found = said(shipped, text, lang)
    assert [(s.speaker_id, s.text) for s in found] == [(speaker, words)]


def test_a_source_the_registry_does_not_know_speaks_unnamed(shipped: Analyzer) -> None:
    text = "В Бишкеке задержали двух мужчин. Об этом сообщает АКИpress со ссылкой на источник в правоохранительных органах."
    s = said(shipped, text, "ru")
    assert [(x.speaker_id, x.speaker_reason, x.speaker_surface) for x in s] == \
        [(None, "unnamed", "источник в правоохранительных органах")]
