"""Statements through the real Analyzer (spaCy pipelines, slovnet, linker): the wiring proof.

Uses the session fixtures of tests/analysis/conftest.py: `analyzer` (its small test registry) and
`shipped` (config/entities.yaml, the registry that ships).
"""

from __future__ import annotations

from datetime import datetime, timezone
from pathlib import Path

import pytest

from pipeline.analysis.stage import Analyzer


def test_russian_article_statements_are_attributed(analyzer: Analyzer) -> None:
    text = ("Председатель Кабинета министров Акылбек Жапаров провел совещание. «Бюджет будет социально "
            "ориентированным. Зарплаты вырастут», — подчеркнул он. Позже Садыр Жапаров заявил, что реформа продолжится.")
    analysis = analyzer.analyze(text, "ru", datetime(2023, 3, 1, 9, tzinfo=timezone.utc))
    got = [(s.kind, s.speaker_id, s.text) for s in analysis.statements]
    assert got == [
        ("direct", "person:akylbek-japarov", "Бюджет будет социально ориентированным. Зарплаты вырастут"),
        ("indirect", "person:sadyr-japarov", "реформа продолжится"),
    ]
    assert analysis.statements[0].speaker_post.startswith("Председатель Кабинета министров")


def test_kyrgyz_article_statements_are_attributed(analyzer: Analyzer) -> None:
    text = "«Шайлоо ачык өтөт», — деди Садыр Жапаров. Ал бюджет кабыл алынарын билдирди."
    analysis = analyzer.analyze(text, "ky", datetime(2023, 3, 1, 9, tzinfo=timezone.utc))
    got = [(s.kind, s.speaker_id, s.text) for s in analysis.statements]
    assert got == [("direct", "person:sadyr-japarov", "Шайлоо ачык өтөт"),
                   ("indirect", "person:sadyr-japarov", "бюджет кабыл алынарын")]
    assert analysis.statements[0].speaker_post == "Кыргыз Республикасынын Президенти"


# --- through the Analyzer over the shipped registry --------------------------------------------

SEED = Path(__file__).resolve().parents[3] / "shared" / "data" / "seed-article.txt"


@pytest.mark.skipif(not SEED.exists(), reason="reference seed article not present (../shared/data)")
def test_seed_article_all_seven_statements_with_their_speakers(shipped: Analyzer) -> None:
    """A real news article (nur.kz, 30 Nov 2021): four parties together, a quote by an unknown
    party member, «как сообщил» + a long quote closed by «подчеркнул он, добавив, что», the
    president's Facebook post and «говорится в его заявлении»."""
    text = SEED.read_text(encoding="utf-8")
    found = shipped.analyze(text, "ru", datetime(2021, 11, 30, tzinfo=timezone.utc)).statements
    got = [(s.kind, s.cue, s.speaker_id if not (s.speaker_id or "").startswith("prov-") else "prov") for s in found]
    assert got == [
        ("indirect", "заявили", None),
        ("direct", "сказал", "prov"),
        ("indirect", "как сообщил", "person:marat-imankulov"),
        ("direct", "подчеркнул", "person:marat-imankulov"),
        ("indirect", "добавив", "person:marat-imankulov"),
        ("indirect", "написал", "person:sadyr-japarov"),
        ("direct", "говорится", "person:sadyr-japarov"),
    ]
    assert found[0].speaker_reason == "collective" and "Азаттык" in found[0].speaker_surface
    assert found[1].speaker_surface == "Рыскелди Момбеков"


def test_she_is_the_woman_the_text_names(shipped: Analyzer) -> None:
    text = "Ташиев встретился с Асановой. Она сообщила, что дом восстановят к зиме."
    found = shipped.analyze(text, "ru", datetime(2023, 3, 1, 9, tzinfo=timezone.utc)).statements
    assert len(found) == 1 and found[0].text == "дом восстановят к зиме"
    assert found[0].speaker_id != "person:kamchybek-tashiev"
    assert found[0].speaker_surface == "Асановой" and (found[0].speaker_id or "").startswith("prov-person:")
    he = shipped.analyze(text.replace("Она сообщила", "Он сообщил"), "ru", datetime(2023, 3, 1, 9, tzinfo=timezone.utc))
    assert [s.speaker_id for s in he.statements] == ["person:kamchybek-tashiev"]


def test_kyrgyz_addressee_and_body_anaphora_end_to_end(shipped: Analyzer) -> None:
    text = ("Финансы министрлиги бюджеттин аткарылышы боюнча отчет жарыялады. "
            "Министрлик «24.kg» агенттигине тартыштык кыскарды деп билдирди.")
    found = shipped.analyze(text, "ky", datetime(2024, 5, 1, 9, tzinfo=timezone.utc)).statements
    assert [(s.speaker_id, s.text) for s in found] == [("body:ministry-of-finance", "тартыштык кыскарды")]
