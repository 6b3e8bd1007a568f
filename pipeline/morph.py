"""Words, lemmas and folding for Russian and Kyrgyz — the one place both the analysis and
the indexes get them from, so a document and a query are always analysed the same way.

- `tokens(text)`: word tokens with character offsets.
- `lemma(word, lang)`: Russian via pymorphy3's best parse; Kyrgyz via `pipeline.ky_stem`.
- `fold(s)`: lower-case, ё→е, and for matching ө→о, ү→у, ң→н (people type Kyrgyz without them).
"""

from __future__ import annotations

import re
from functools import lru_cache

WORD_RE = re.compile(r"[0-9A-Za-zА-Яа-яЁёӨөҮүҢңӘәҒғҚқҰұҺһІі]+(?:[-'’][0-9A-Za-zА-Яа-яЁёӨөҮүҢңӘәҒғҚқҰұҺһІі]+)*")
_FOLD = str.maketrans({"ё": "е", "ө": "о", "ү": "у", "ң": "н"})
KY_LETTERS = frozenset("өүңӨҮҢ")


def fold(s: str) -> str:
    return s.lower().translate(_FOLD)


def tokens(text: str) -> list[tuple[str, int, int]]:
    return [(m.group(), m.start(), m.end()) for m in WORD_RE.finditer(text)]


@lru_cache(maxsize=1)
def _morph():  # type: ignore[no-untyped-def]
    import pymorphy3

    return pymorphy3.MorphAnalyzer(lang="ru")


@lru_cache(maxsize=200_000)
def ru_lemma(word: str) -> str:
    """pymorphy3's best parse, lower-cased (spaCy's blank-ru lemmatizer gives up on ambiguity)."""
    low = word.lower().replace("ё", "е")
    if not re.search(r"[а-я]", low):
        return low
    return _morph().parse(low)[0].normal_form.replace("ё", "е")


@lru_cache(maxsize=200_000)
def ky_lemma(word: str) -> str:
    from pipeline.ky_stem import stem

    return stem(word.lower())


def lemma(word: str, lang: str) -> str:
    if lang == "ky":
        return ky_lemma(word)
    if lang == "ru":
        return ru_lemma(word)
    return word.lower()


def lemmas(text: str, lang: str) -> list[str]:
    return [lemma(w, lang) for w, _, _ in tokens(text)]
