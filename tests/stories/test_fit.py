"""The weight fit (`bench/stories_fit.py`): a logistic regression finds the signal that decides,
and its weights and bias become StoryParams that decide the same way."""

from __future__ import annotations

import numpy as np

from bench.stories_fit import CROSS, PENALTIES, SAME, Pairs, fitted, logistic
from pipeline.stories.matching import Signals, other_language_score, same_language_score


def _pairs(kind: str, decisive: str, seed: int) -> Pairs:
    """Random signals where only `decisive` above 0.5 makes a pair one story (1 in 10 are)."""
    names, flags = (SAME if kind == "same" else CROSS), len(PENALTIES[kind])
    rng = np.random.default_rng(seed)
    x = rng.uniform(0, 1, size=(2000, len(names) + flags))
    x[:, len(names):] = rng.uniform(0, 1, (2000, flags)) < 0.2  # conflicts: noise here
    col = names.index(decisive)
    x[:, col] = np.where(rng.uniform(0, 1, 2000) < 0.1, rng.uniform(0.55, 1, 2000), rng.uniform(0, 0.45, 2000))
    return Pairs(x.tolist(), (x[:, col] > 0.5).astype(int).tolist())


def test_the_decisive_signal_gets_the_largest_coefficient() -> None:
    pairs = _pairs("same", "meaning", 1)
    coef, _ = logistic(pairs)
    assert int(np.argmax(coef[:-1])) == SAME.index("meaning")


def test_fitted_params_decide_as_the_model_does() -> None:
    params = fitted({"same": _pairs("same", "lead", 2), "cross": _pairs("cross", "numbers", 3)})
    weights = [getattr(params, "w_" + n) for n in SAME]
    assert abs(sum(weights) - 1.0) < 0.01 and max(weights) == params.w_lead
    for kind, names, score, threshold in (("same", SAME, same_language_score, params.rewrite_threshold),
                                          ("cross", CROSS, other_language_score, params.translation_threshold)):
        pairs = _pairs(kind, "lead" if kind == "same" else "numbers", 4)
        right = 0
        for row, label in zip(pairs.rows, pairs.labels, strict=True):
            flags = {name: bool(v) for name, v in zip(PENALTIES[kind], row[len(names):], strict=True)}
            signals = Signals(**{"cosine": 0.0, "keys": 0.0, "entities": 0.0, "numbers": 0.0, "time": 0.0,
                                 "date_conflict": False, **dict(zip(names, row, strict=False)), **flags})
            right += (score(signals, params) >= threshold) == bool(label)
        assert right / len(pairs.labels) > 0.97, kind
