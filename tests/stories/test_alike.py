"""The batched cosines give what a pair-by-pair cosine gives, across vocabulary renewals too, and
keep languages apart."""

from __future__ import annotations

import math
import random
from datetime import datetime, timezone

import numpy as np
import pytest

from pipeline.stories import alike
from pipeline.stories.alike import Rows, Vocabulary
from pipeline.stories.features import make_features
from pipeline.stories.matching import StoryParams, unit
from pipeline.stories.window import Window


def _pairwise(a: dict[str, float], b: dict[str, float]) -> float:
    return sum(a[t] * b[t] for t in a.keys() & b.keys())


def _random_vector(rng: random.Random, words: list[str]) -> dict[str, float]:
    return unit({w: rng.random() for w in rng.sample(words, rng.randint(1, 12))})


def test_dots_match_pairwise_cosines() -> None:
    rng = random.Random(3)
    words = [f"слово{i}" for i in range(40)]
    vocabulary = Vocabulary()
    query = _random_vector(rng, words)
    others = [_random_vector(rng, words) for _ in range(15)] + [{}]
    found = vocabulary.dots(vocabulary.vector(query), [vocabulary.vector(o) for o in others])
    assert found == pytest.approx([_pairwise(query, o) for o in others], abs=1e-12)
    assert found[-1] == 0.0 and max(found) > 0.1


def test_one_spelling_in_two_languages_is_two_terms() -> None:
    """The window keys a lemma by its language: the Russian lemma «парламент» and the Kyrgyz stem
    «парламент» are not one term (the lemma cosine is within a language only; keys and meaning
    cross), so their lemma cosine is 0; within a language it is 1."""
    moment = datetime(2024, 7, 5, 9, tzinfo=timezone.utc)
    window = Window(StoryParams())
    ru, ky = (make_features(lang, "s", lang, moment, "", "Парламент парламент.", frozenset()) for lang in ("ru", "ky"))
    assert ru.terms == ky.terms == {"парламент": 2}
    window.add(ky, "ky")
    profile = window._asked(ru)[0]
    assert window.signals(ru, profile, window.members["ky"]).cosine == 0.0
    again = make_features("ky2", "s", "ky", moment, "", "Парламент парламент.", frozenset())
    assert window.signals(again, window._asked(again)[0], window.members["ky"]).cosine == pytest.approx(1.0)


def test_renewal_keeps_the_vectors_in_use(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(alike, "LIMIT", 5)
    vocabulary = Vocabulary()
    kept = vocabulary.vector(unit({"a": 1.0, "b": 2.0}))
    stale = vocabulary.vector({"b": 1.0})  # not among those renewed: encoded again when used
    for i in range(10):
        vocabulary.vector({f"w{i}": 1.0})
    vocabulary.renew([kept])
    assert vocabulary.generation == 1 and len(vocabulary.ids) == 2
    fresh = vocabulary.vector({"c": 1.0, "a": 1.0})
    assert vocabulary.dots(stale, [kept, fresh]) == pytest.approx([2 / math.sqrt(5), 0.0])
    assert stale.generation == 1


def test_dense_rows_leave_missing_vectors_at_zero_and_forget_a_slots_old_vector() -> None:
    q = np.array([0.6, 0.8], dtype=np.float32)
    rows = Rows(2)
    rows.put(0, np.array([1.0, 0.0], dtype=np.float32))
    rows.put(1, None)
    rows.put(3000, q)  # past the first rows: they grow
    assert rows.cosines(q, [0, 1, 3000]) == pytest.approx([0.6, 0.0, 1.0])
    rows.put(3000, None)  # the slot's member left and another without a vector took it
    assert rows.cosines(q, [3000, 0]) == pytest.approx([0.0, 0.6])
    assert rows.cosines(None, [0]) == [0.0] and rows.cosines(q, []) == []
