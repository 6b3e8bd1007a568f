"""Words, lemmas and folding for Russian and Kyrgyz — the one place both the analysis and
the indexes get them from, so a document and a query are always analysed the same way.

- `tokens(text)`: word tokens with character offsets.
- `lemma(word, lang)`: Russian via pymorphy3's best parse; Kyrgyz via `pipeline.ky_stem`, folded.
- `query_lemmas(word)`: the lemmas a search word of unknown language may stand for.
- `search_key(word, lang)` / `query_keys(word)`: the search side's keys, which merge more than
  lemmas do (DESIGN: "search merges, linking distinguishes"): every case form of a surname, of
  both genders (Жапаров, Жапарова, Жапаровым, Жапаровой → жапаров), and of a word the
  dictionary does not know (Кенеш, Кенеше, Кенешем, Кеңеш → кенеш). Entity linking keeps using
  `lemma`, which tells those forms apart.
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


# -- search keys ------------------------------------------------------------------------------
# A Russian surname in -ов/-ев/-ин/-ын with any case ending, masculine or feminine. The stem is
# non-greedy so the suffix is the last -ов/-ев/-ин/-ын before an ending (Шайлдабеков|ой).
_SURNAME = re.compile(r"^([а-я][а-я-]+?)(ов|ев|ин|ын)(а|у|ым|е|ой|ою|ы|ых|ыми)?$")
# Noun case endings stripped from words the dictionary does not know, longest first.
_UNKNOWN_ENDINGS = ("ами", "ями", "ах", "ях", "ам", "ям", "ом", "ем", "ой", "ей", "ою", "ею",
                    "а", "я", "у", "ю", "е", "ы", "и")
_MIN_STEM = 3


def _strip_ending(low: str) -> str:
    for ending in _UNKNOWN_ENDINGS:
        if low.endswith(ending) and len(low) - len(ending) >= _MIN_STEM:
            return low[: -len(ending)]
    return low


def _surname_stem(low: str) -> str | None:
    m = _SURNAME.match(low)
    return m.group(1) + m.group(2) if m else None


@lru_cache(maxsize=200_000)
def ru_search_key(word: str) -> str:
    """A Russian word's search key: its lemma for a dictionary word; the surname stem for a
    surname (an unknown word of that shape, or a capitalised word the dictionary knows as a
    surname); the word without its case ending for other unknown words (Кенеше → кенеш)."""
    low = word.lower().replace("ё", "е")
    if not re.search(r"[а-я]", low):
        return low
    parses = _morph().parse(low)
    known = parses[0].is_known
    stem = _surname_stem(low)
    if stem and (not known or (word[:1].isupper() and any("Surn" in p.tag for p in parses))):
        return stem
    if not known:
        return _strip_ending(low)
    return parses[0].normal_form.replace("ё", "е")


def search_key(word: str, lang: str) -> str:
    """The key a document's word is indexed under (folding is the index's job)."""
    if lang == "ru":
        return ru_search_key(word)
    if lang == "ky" and word[:1].isupper():
        # Kyrgyz texts keep Russian-form surnames (Шайлдабекова, Жапаровдун): the stem after
        # the Kyrgyz suffixes, then the surname's masculine stem, as in Russian texts.
        base = ky_lemma(word)
        return _surname_stem(base) or base
    return lemma(word, lang)


@lru_cache(maxsize=20_000)
def query_keys(word: str) -> tuple[str, ...]:
    """Every key a query word may have been indexed under, whatever the language, case or
    capitalisation of the documents (a query's words are ORed alternatives, so recall costs
    little precision: each key is a form of the same word)."""
    if KY_LETTERS.intersection(word):
        # Kyrgyz letters: a Kyrgyz word, or a Kyrgyz name inside a Russian text (Кеңеше).
        return tuple(dict.fromkeys((ky_lemma(word), ru_search_key(word))))
    if not CYRILLIC_RE.search(word):
        return (fold(word),)
    keys = [ru_search_key(word), ru_search_key(word[:1].upper() + word[1:]), ru_lemma(word), ky_lemma(word)]
    stem = _surname_stem(word.lower().replace("ё", "е"))
    if stem:  # the surname's nominative, and what the dictionary makes of it (Токаев → токай)
        keys += [stem, ru_lemma(stem)]
    return tuple(dict.fromkeys(keys))
