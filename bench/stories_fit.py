"""Fit the story matcher's weights by logistic regression on gold pairs instead of searching a
grid by hand: every article against every earlier article of its window (as the stage meets
them, in store order), labelled by whether the gold puts them in one story. One model within a
language, one across; the weights are the model's coefficients, the threshold its bias, both
scaled so the weights sum to 1. The threshold is then moved to where the fitted parts' pairwise
objective is best, because the stage joins only an article's best match, not every pair above it.

`python -m bench.stories_eval --fit PARTS` fits, prints the parameters and reports with them.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable

import numpy as np
from scipy.optimize import minimize

from bench.stories_gold import GoldArticle
from pipeline.stories.features import Features
from pipeline.stories.matching import StoryParams
from pipeline.stories.stage import decide
from pipeline.stories.window import Window

SAME = ("cosine", "keys", "entities", "numbers", "time", "title", "meaning", "lead", "names")  # -> w_<name>
CROSS = ("keys", "entities", "numbers", "time", "title", "meaning", "lead", "names")  # -> x_<name>
PENALTIES = {"same": ("date_conflict", "own_outlet", "place_conflict"),  # flags, subtracted
             "cross": ("date_conflict", "place_conflict")}
# not fitted: `act_conflict` is a veto (two acts are two events), too rare in the gold for a fit to weigh
L2 = 1.0  # ridge on the coefficients: the gold is small, and a weight should not ride on one story


@dataclasses.dataclass
class Pairs:
    rows: list[list[float]] = dataclasses.field(default_factory=list)
    labels: list[int] = dataclasses.field(default_factory=list)


def collect(gold: list[GoldArticle], features: list[Features], params: StoryParams,
            parts: set[str]) -> dict[str, Pairs]:
    """Signals of every in-window pair whose newer article is in `parts`, by kind (same|cross)."""
    by_id = {a.id: a for a in gold}
    window, out = Window(params), {"same": Pairs(), "cross": Pairs()}
    for f in features:
        window.expire(f.moment)
        if by_id[f.article_id].split in parts:
            profile = window._asked(f)[0]
            for member in list(window.members.values()):
                if not window._in_time(f, member.features):
                    continue
                s = window.signals(f, profile, member)
                same = member.features.language == f.language
                kind = "same" if same else "cross"
                pairs = out[kind]
                pairs.rows.append([getattr(s, n) for n in (SAME if same else CROSS) + PENALTIES[kind]])
                pairs.labels.append(int(by_id[f.article_id].story == by_id[member.features.article_id].story))
        story = decide(window, f)[0]
        window.add(f, story)
    return out


def logistic(pairs: Pairs) -> tuple[np.ndarray, float]:
    """Coefficients and bias of an L2-regularised logistic regression (scipy's L-BFGS)."""
    x, y = np.asarray(pairs.rows), np.asarray(pairs.labels, dtype=float)
    positive = y.mean()
    weight = np.where(y == 1, 0.5 / positive, 0.5 / (1 - positive))  # both classes count alike

    def loss(theta: np.ndarray) -> tuple[float, np.ndarray]:
        z = x @ theta[:-1] + theta[-1]
        p = 1 / (1 + np.exp(-z))
        nll = np.sum(weight * (np.logaddexp(0, z) - y * z))
        grad_z = weight * (p - y)
        grad = np.append(x.T @ grad_z + L2 * theta[:-1], grad_z.sum())
        return nll + 0.5 * L2 * float(theta[:-1] @ theta[:-1]), grad

    theta = minimize(loss, np.zeros(x.shape[1] + 1), jac=True, method="L-BFGS-B").x
    return theta[:-1], float(theta[-1])


def fitted(pairs: dict[str, Pairs]) -> StoryParams:
    """StoryParams with both models' weights, each scaled to sum to 1 over its positive signals."""
    changes: dict[str, float] = {}
    penalties: dict[str, list[float]] = {}
    for kind, names, prefix, threshold in (("same", SAME, "w_", "rewrite_threshold"),
                                           ("cross", CROSS, "x_", "translation_threshold")):
        coef, bias = logistic(pairs[kind])
        weights, flags = coef[:len(names)], coef[len(names):]
        scale = float(np.clip(weights, 0, None).sum()) or 1.0
        for name, c in zip(names, weights, strict=True):
            changes[prefix + name] = round(max(0.0, float(c)) / scale, 3)  # a negative weight is noise here
        changes[threshold] = round(-bias / scale, 3)
        for name, c in zip(PENALTIES[kind], flags, strict=True):
            penalties.setdefault(name, []).append(max(0.0, -float(c)) / scale)
    changes.update({name: round(float(np.mean(v)), 3) for name, v in penalties.items()})  # one penalty for both kinds
    return dataclasses.replace(StoryParams(), **changes)


def best_thresholds(params: StoryParams, judge: Callable[[StoryParams], float]) -> StoryParams:
    """Each threshold moved in steps of 0.01 around the fitted one, to where `judge` is best
    (the nearer one on a tie)."""
    for name in ("rewrite_threshold", "translation_threshold"):
        start = getattr(params, name)
        trials = sorted((round(start + d / 100, 3) for d in range(-15, 16)), key=lambda v: abs(v - start))
        scored = [(judge(dataclasses.replace(params, **{name: v})), -abs(v - start), v) for v in trials]
        params = dataclasses.replace(params, **{name: max(scored)[2]})
    return params


def show(params: StoryParams) -> str:
    """The weights, thresholds and conflict penalty, as StoryParams takes them."""
    names = [f.name for f in dataclasses.fields(params)
             if f.name[:2] in ("w_", "x_") or f.name.endswith("threshold") or f.name in PENALTIES["same"]]
    return ", ".join(f"{n}={getattr(params, n)}" for n in names)

