"""The cosines of one new article with all its candidates at once: lemma and key TF-IDF vectors
(sparse) and meaning vectors (dense, in rows by member slot). One article meets up to
`max_candidates` members; a Python loop over each pair's shared terms was the largest single
cost of judging a candidate, so the products are taken in a few numpy calls per article instead.

Sparse vectors name their terms by integer ids from one vocabulary. The vocabulary grows with
the words the window meets; past `LIMIT` it is rebuilt from the vectors still in use.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np

LIMIT = 2_000_000  # distinct terms before the vocabulary is rebuilt


@dataclass(slots=True)
class Sparse:
    """A unit vector over named terms: `ids` index `Vocabulary`, `weights` go with them."""

    terms: tuple[str, ...]
    weights: np.ndarray
    ids: np.ndarray
    generation: int


class Vocabulary:
    """Term ids, and a dense scratch row the size of the vocabulary: the new article's weights
    are written there, read by every candidate's ids, and wiped again."""

    def __init__(self) -> None:
        self.ids: dict[str, int] = {}
        self.generation = 0
        self._scratch = np.zeros(1 << 16)

    def vector(self, weights: dict[str, float]) -> Sparse:
        """`weights` (term -> weight) as a sparse vector. The window's terms carry their language
        ("ru:…", "ky:…"): a Russian and a Kyrgyz lemma spelt alike are not one term."""
        terms = tuple(weights)
        return Sparse(terms, np.array(list(weights.values()), dtype=np.float64), self._encode(terms), self.generation)

    def _encode(self, terms: Sequence[str]) -> np.ndarray:
        ids = self.ids
        found = np.array([ids.setdefault(t, len(ids)) for t in terms], dtype=np.intp)
        if len(ids) > len(self._scratch):
            self._scratch = np.zeros(2 * len(ids))
        return found

    def renew(self, live: Iterable[Sparse]) -> None:
        """Past LIMIT terms: start the ids afresh from the vectors still in use."""
        if len(self.ids) <= LIMIT:
            return
        self.ids, self.generation = {}, self.generation + 1
        for vector in live:
            self.refresh(vector)

    def refresh(self, vector: Sparse) -> None:
        if vector.generation != self.generation:
            vector.ids, vector.generation = self._encode(vector.terms), self.generation

    def dots(self, query: Sparse, others: Sequence[Sparse]) -> list[float]:
        """The dot product of `query` with each of `others` (cosines, since all are unit)."""
        if not others or not len(query.ids):
            return [0.0] * len(others)
        generation = self.generation
        for vector in (query, *others):
            if vector.generation != generation:
                self.refresh(vector)
        scratch = self._scratch
        scratch[query.ids] = query.weights
        products = scratch[np.concatenate([o.ids for o in others])] * np.concatenate([o.weights for o in others])
        scratch[query.ids] = 0.0
        owner = np.repeat(np.arange(len(others)), [len(o.ids) for o in others])
        return np.bincount(owner, weights=products, minlength=len(others)).tolist()


class Rows:
    """Dense unit vectors (meaning vectors) by the postings' member slots: a batch of candidates'
    cosines is one gather and one product. A member without a vector has a row of zeros, so its
    cosine is 0."""

    def __init__(self, dimensions: int) -> None:
        self.matrix = np.zeros((1024, dimensions), dtype=np.float32)

    def put(self, slot: int, vector: np.ndarray | None) -> None:
        while slot >= len(self.matrix):
            self.matrix = np.concatenate([self.matrix, np.zeros_like(self.matrix)])
        self.matrix[slot] = 0.0 if vector is None else vector

    def cosines(self, query: np.ndarray | None, slots: Sequence[int]) -> list[float]:
        """The cosine of unit vector `query` with the vectors in `slots`; 0 where either is missing."""
        if query is None or not slots:
            return [0.0] * len(slots)
        return (self.matrix[list(slots)] @ query).tolist()
