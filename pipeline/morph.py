"""Words, lemmas and folding for Russian and Kyrgyz — the one place both the analysis and
the indexes get them from, so a document and a query are always analysed the same way.

- `tokens(text)`: word tokens with character offsets.
- `lemma(word, lang)`: Russian via pymorphy3's best parse; Kyrgyz via `pipeline.ky_stem`, folded.
- `query_lemmas(word)`: the lemmas a search word of unknown language may stand for.
- `fold(s)`: lower-case, ё→е, and for matching ө→о, ү→у, ң→н (people type Kyrgyz without them).
  Kyrgyz is folded only after stemming: vowel harmony needs the real letters.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

from pipeline.ky_stem import stem

WORD_RE = re.compile(r"[0-9A-Za-zА-Яа-яЁёӨөҮүҢңӘәҒғҚқҰұҺһІі]+(?:[-'’][0-9A-Za-zА-Яа-яЁёӨөҮүҢңӘәҒғҚқҰұҺһІі]+)*")
_FOLD = str.maketrans({"ё": "е", "ө": "о", "ү": "у", "ң": "н"})
KY_LETTERS = frozenset("өүңӨҮҢ")
CYRILLIC_RE = re.compile(r"[А-Яа-яЁё]")


def fold(s: str) -> str:
    return s.lower().translate(_FOLD)


def tokens(text: str) -> list[tuple[str, int, int]]:
    return [(m.group(), m.start(), m.end()) for m in WORD_RE.finditer(text)]


@lru_cache(maxsize=1)
def _morph():  # type: ignore[no-untyped-def]
    import pymorphy3

    return pymorphy3.MorphAnalyzer(lang="ru")


def ru_parses(word: str) -> list[Any]:
    """pymorphy3's readings of a word, best first (for tags such as Name, Surn, Geox)."""
    return list(_morph().parse(word))


@lru_cache(maxsize=200_000)
def ru_lemma(word: str) -> str:
    """pymorphy3's best parse, lower-cased (spaCy's blank-ru lemmatizer gives up on ambiguity)."""
    low = word.lower().replace("ё", "е")
    if not re.search(r"[а-я]", low):
        return low
    return _morph().parse(low)[0].normal_form.replace("ё", "е")


@lru_cache(maxsize=200_000)
def ky_lemma(word: str) -> str:
    """The folded stem; the word goes in as written, since capitals mark abbreviations (БШКнын → бшк)."""
    return fold(stem(word))


def lemma(word: str, lang: str) -> str:
    if lang == "ky":
        return ky_lemma(word)
    if lang == "ru":
        return ru_lemma(word)
    return word.lower()


def lemmas(text: str, lang: str) -> list[str]:
    return [lemma(w, lang) for w, _, _ in tokens(text)]


@lru_cache(maxsize=20_000)
def query_lemmas(word: str) -> tuple[str, ...]:
    """Lemmas a query word may stand for when its language is unknown: Kyrgyz letters mean Kyrgyz
    only, Latin words are just lower-cased, other Cyrillic gets the Russian lemma and the Kyrgyz
    stem when they differ (шайлоонун → шайлоо; выборов → выборы, выбор)."""
    if KY_LETTERS.intersection(word):
        return (ky_lemma(word),)
    if not CYRILLIC_RE.search(word):
        return (fold(word),)
    return tuple(dict.fromkeys((ru_lemma(word), ky_lemma(word))))
