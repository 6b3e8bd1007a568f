"""Statements through the real Analyzer (spaCy pipelines, slovnet, linker): the wiring proof.

Uses the session `analyzer` fixture of tests/analysis/conftest.py (its small test registry).
"""

from __future__ import annotations

from datetime import datetime, timezone

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
