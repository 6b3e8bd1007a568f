"""How alike two articles are, in three strengths: reprint, same event in own words, same event
in the other language. Signals are computed once per pair; `StoryParams` turns them into a
decision, so the weights can be tuned on the gold set (`bench/stories_eval.py`) without
touching the code.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from itertools import repeat
from operator import mul, truediv

import numpy as np

from pipeline.stories.features import Features


@dataclass(frozen=True)
class StoryParams:
    """Weights and thresholds. The weights are a logistic regression's on gold pairs
    (`bench/stories_fit.py`), fitted on the parts tune, held and fresh to fresh7; the blind
    parts fresh8 to fresh16 were written after them and never fitted on.
    `act_conflict` is a veto set by hand (two acts are two events), not fitted."""

    window_days: float = 3.0  # how far back (and forward) an article looks for its story
    reprint_jaccard: float = 0.5  # estimated Jaccard of 3-lemma shingles for a reprint
    # same language, own words: a weighted sum against a threshold
    w_cosine: float = 0.069
    w_entities: float = 0.022  # little of their own once meaning, names and time count
    w_numbers: float = 0.116
    w_time: float = 0.181
    w_title: float = 0.133
    w_keys: float = 0.122
    w_meaning: float = 0.146
    w_lead: float = 0.121
    w_names: float = 0.09
    rewrite_threshold: float = 0.474
    # other language: no translation, only what crosses languages as it is
    x_entities: float = 0.046
    x_numbers: float = 0.149
    x_keys: float = 0.107
    x_time: float = 0.175
    x_title: float = 0.146
    x_meaning: float = 0.154
    x_lead: float = 0.102
    x_names: float = 0.12
    translation_threshold: float = 0.42
    date_conflict: float = 0.025  # subtracted when both name dates and share none
    act_conflict: float = 1.0  # subtracted when the story's acts and the article's differ (`acts.py`)
    place_conflict: float = 0.04  # subtracted when the leads name different places (Osh, not Bishkek)
    own_outlet: float = 0.06  # subtracted when the story already has a text of this outlet in this language
    max_candidates: int = 20  # pairs scored in full per article, best rough matches first


@dataclass(slots=True)
class Signals:
    """What two articles share; `Window.signals` computes them with the window's frequencies.
    Not frozen: the judge fills in the title evidence last, only where the rest leaves a chance."""

    cosine: float  # TF-IDF cosine of lemmas (same language only)
    keys: float  # TF-IDF cosine of five-letter keys (names, international words)
    entities: float  # shared entity ids, by their rarity in the window (1 = two uncommon ids or more)
    numbers: float  # rarity-weighted Jaccard of numbers and dates
    date_conflict: bool  # both name dates, none shared
    time: float  # 1 at the same moment, 0 at the window's edge
    title: float = 0.0  # the larger share of one title's rare words (or keys) found in the other text
    meaning: float = 0.0  # cosine of the two meaning vectors (navec, `meaning.py`); 0 without one
    names: float = 0.0  # shared names the registry does not know (streets, villages), by rarity in the window
    act_conflict: bool = False  # the article and the story's texts in its language name acts, none alike
    place_conflict: bool = False  # the article's lead and the story's leads name places, none the same
    own_outlet: bool = False  # the story holds a text of this outlet in this language: seldom the same event twice
    lead: float = 0.0  # the same of the titles and leads: what each says it is about, in any words


def jaccards(signature: np.ndarray, others: list[np.ndarray]) -> list[float]:
    """The Jaccard estimates of one MinHash signature with each of `others` (the share of equal
    values), in one comparison."""
    return ((np.stack(others) == signature).sum(axis=1) / len(signature)).tolist()


def unit(vector: dict[str, float]) -> dict[str, float]:
    """The vector scaled to length 1 (empty stays empty), so a cosine is a dot product."""
    weights = vector.values()
    length = math.sqrt(sum(map(mul, weights, weights)))
    return dict(zip(vector, map(truediv, weights, repeat(length)))) if length else {}


def time_closeness(a: Features, b: Features, window_days: float) -> float:
    return max(0.0, 1.0 - abs(a.moment - b.moment) / (window_days * 86400.0))


def same_language_score(s: Signals, p: StoryParams) -> float:
    return (p.w_cosine * s.cosine + p.w_entities * s.entities + p.w_numbers * s.numbers + p.w_time * s.time + p.w_title * s.title
            + p.w_keys * s.keys + p.w_meaning * s.meaning + p.w_lead * s.lead + p.w_names * s.names
            - (p.date_conflict if s.date_conflict else 0.0) - (p.own_outlet if s.own_outlet else 0.0)
            - _conflicts(s, p))


def other_language_score(s: Signals, p: StoryParams) -> float:
    return (p.x_entities * s.entities + p.x_numbers * s.numbers + p.x_keys * s.keys + p.x_time * s.time + p.x_title * s.title
            + p.x_meaning * s.meaning + p.x_lead * s.lead + p.x_names * s.names
            - (p.date_conflict if s.date_conflict else 0.0) - _conflicts(s, p))


def _conflicts(s: Signals, p: StoryParams) -> float:
    """What the story-wide conflicts subtract, in either language: another act, another place."""
    return (p.act_conflict if s.act_conflict else 0.0) + (p.place_conflict if s.place_conflict else 0.0)
