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
_VECTORS: dict[tuple[str, str], np.ndarray | None] = {}  # (language, term) -> its vector or None
_CACHE_LIMIT = 300_000


def _vector(term: str, language: str) -> np.ndarray | None:
    key = (language, term)
    found = _VECTORS.get(key, False)
    if found is not False:
        return found  # type: ignore[return-value]
    if len(_VECTORS) > _CACHE_LIMIT:
        _VECTORS.clear()
    word = term[1:] if term.startswith("=") else term  # a glossary concept is named by its Russian lemma
    usable = term.startswith("=") or language == "ru" or len(term) >= MIN_KY_STEM
    vectors = navec()
    vector = vectors[word] if usable and word in vectors else None
    _VECTORS[key] = vector
    return vector


def meaning(weights: dict[str, float], language: str) -> np.ndarray | None:
    """The unit vector of an article's weighted terms (`weights`: term -> TF-IDF weight), or None
    when navec knows none of them."""
    found = [(w, v) for t, w in weights.items() if (v := _vector(t, language)) is not None]
    if not found:
        return None
    total = np.asarray([w for w, _ in found], dtype=np.float32) @ np.stack([v for _, v in found])
    length = float(np.linalg.norm(total))
    return total / length if length else None
