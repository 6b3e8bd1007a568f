"""Meaning vectors (navec, shipped in the natasha wheel): tellings of one event in other words
lie close, different events apart, and Kyrgyz counts through the glossary."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import numpy as np
import pytest

from pipeline.stories import meaning as meaning_module
from pipeline.stories.features import make_features
from pipeline.stories.meaning import meaning

B = timezone(timedelta(hours=6))
MOMENT = datetime(2024, 9, 3, 10, 0, tzinfo=B)


def _vector(text: str, language: str = "ru") -> np.ndarray:
    f = make_features("x", "s", language, MOMENT, "", text, frozenset())
    found = meaning({t: float(c) for t, c in f.terms.items()}, language)
    assert found is not None
    return found


def test_other_words_for_one_event_lie_closer_than_another_event() -> None:
    fire = _vector("Пожарные тушили возгорание на складе, дым поднимался над кварталом.")
    blaze = _vector("Огонь охватил ангар с товаром, очевидцы снимали пламя на телефоны.")
    law = _vector("Депутаты одобрили поправки в Налоговый кодекс во втором чтении.")
    first = make_features("a", "s", "ru", MOMENT, "", "Пожарные тушили возгорание на складе", frozenset())
    second = make_features("b", "s", "ru", MOMENT, "", "Огонь охватил ангар с товаром", frozenset())
    assert not set(first.terms) & set(second.terms)  # no lemma in common
    assert float(fire @ blaze) > float(fire @ law) + 0.1


def test_kyrgyz_counts_through_the_glossary_and_long_stems() -> None:
    ky_fire = _vector("Бишкектеги кампада өрт чыгып, өрт өчүрүүчүлөр эки саат күрөштү.", "ky")
    ru_fire = _vector("В Бишкеке на складе произошел пожар, пожарные боролись с огнем два часа.")
    ru_law = _vector("Депутаты одобрили поправки в Налоговый кодекс во втором чтении.")
    assert float(ky_fire @ ru_fire) > float(ky_fire @ ru_law)


def test_short_kyrgyz_stems_and_unknown_words_give_nothing() -> None:
    assert meaning({"бала": 1.0}, "ky") is None  # a Russian word form by accident, not "child"
    assert meaning({"бала": 1.0}, "ru") is not None
    assert meaning({"zzzxq": 1.0}, "ru") is None and meaning({}, "ru") is None
    unit = meaning({"=пожар": 2.0, "президент": 1.0}, "ky")
    assert unit is not None and abs(float(np.linalg.norm(unit)) - 1.0) < 1e-5



def test_prefixed_terms_and_a_cache_started_afresh_give_the_same_vectors(monkeypatch: pytest.MonkeyPatch) -> None:
    """The window names its terms with their language ("ky:=пожар"); the row cache starts afresh
    past its limit without changing any vector, even mid-way through one article's terms."""
    plain = {"=пожар": 2.0, "президент": 1.0, "бишкек": 0.5}
    before = meaning(plain, "ky")
    monkeypatch.setattr(meaning_module, "_CACHE_LIMIT", 2)
    monkeypatch.setattr(meaning_module, "_VECTORS", meaning_module._Vectors())
    for _ in range(3):
        again = meaning({f"ky:{t}": w for t, w in plain.items()}, "ky")
        assert again is not None and np.allclose(again, before, atol=1e-6)
    assert meaning_module._VECTORS.known <= 2 + len(plain)
