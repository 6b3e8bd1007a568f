"""An article's meaning as one vector: the TF-IDF-weighted sum of navec word vectors (the news
embeddings that ship in the natasha wheel, already loaded for the Russian NER) over its
heaviest terms. Two tellings of one event in different words — «пожар» and «возгорание»,
«ДТП» and «авария», «налоговик» and «налоговая служба» — share no lemma but lie close here,
which the lemma cosine cannot see.

navec knows Russian words only. A Kyrgyz article counts through the glossary's concepts (each
named by its Russian lemma: өрт → пожар) and through stems navec knows that are long enough
not to be a Russian word by accident (президент, министр, бишкек); so Kyrgyz vectors are
sparser, and the weights for the other language are fitted apart from those within one.
"""

from __future__ import annotations

import numpy as np

from pipeline.analysis.ner_ru import navec

DIMENSIONS = 300
MIN_KY_STEM = 6  # a shorter Kyrgyz stem is too often some unrelated Russian word (бала, жол, эл)
_CACHE_LIMIT = 300_000


class _Vectors:
    """navec's vectors of the terms met so far, unpacked once into rows of one matrix, so an
    article's vector is one gather and one product rather than a stack of arrays."""

    def __init__(self) -> None:
        self._reset()

    def _reset(self) -> None:
        self.rows: dict[str, dict[str, int]] = {}  # language -> term -> its row, -1 when navec lacks it
        self.matrix = np.zeros((1024, DIMENSIONS), dtype=np.float32)
        self.used = 0
        self.known = 0  # terms in `rows`, all languages

    def known_in(self, language: str) -> dict[str, int]:
        """The rows of the terms of `language` met so far (`row` adds the others)."""
        if self.known > _CACHE_LIMIT:
            self._reset()  # news vocabulary repeats: starting afresh now and then bounds the memory
        return self.rows.setdefault(language, {})

    def row(self, term: str, language: str) -> int:
        """A term met for the first time: its row, -1 when navec lacks it."""
        lemma = term.removeprefix(f"{language}:")
        word = lemma[1:] if lemma.startswith("=") else lemma  # a glossary concept is named by its Russian lemma
        usable = lemma.startswith("=") or language == "ru" or len(lemma) >= MIN_KY_STEM
        vectors = navec()
        self.known += 1
        rows = self.rows[language]
        if not usable or word not in vectors:
            rows[term] = -1
            return -1
        if self.used == len(self.matrix):
            self.matrix = np.concatenate([self.matrix, np.zeros_like(self.matrix)])
        self.matrix[self.used] = vectors[word]
        rows[term] = self.used
        self.used += 1
        return self.used - 1


_VECTORS = _Vectors()


def meaning(weights: dict[str, float], language: str) -> np.ndarray | None:
    """The unit vector of an article's weighted terms (`weights`: term -> TF-IDF weight), or None
    when navec knows none of them. A term may carry its language ("ru:пожар"), as the window's do."""
    known = _VECTORS.known_in(language)
    rows = list(map(known.get, weights))
    if None in rows:  # terms met for the first time
        rows = [_VECTORS.row(t, language) if r is None else r for t, r in zip(weights, rows, strict=True)]
    found = np.array(rows, dtype=np.intp)
    kept = found >= 0
    if not kept.any():
        return None
    total = np.array(list(weights.values()), dtype=np.float32)[kept] @ _VECTORS.matrix[found[kept]]
    length = float(np.sqrt(total.dot(total)))  # what np.linalg.norm does, without its checks
    return total / length if length else None
