"""Name forms: the case forms of person and body names in Russian and Kyrgyz, and the keys that
fold those forms back together.

pymorphy3 lemmatises Kyrgyz names inconsistently (Жапаров→жапар but Жапарова→жапаров), so
names are never matched by their lemmas. Instead a registry name is *expanded* into its case
forms (Жапаров, Жапарова, Жапаровым, Жапаровдун, Жапаровго, ...) and matched on the folded
token text, and an unknown name is *reduced* to a key by stripping the endings below.
Everything here works on folded text (`pipeline.morph.fold`: lower case, ё→е, ө→о, ү→у, ң→н).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache
from typing import Any

from pipeline.morph import fold, ru_parses

# Kyrgyz case, plural and possessive endings, folded (so the vowel-harmony variants that differ
# only in ө/ү collapse). Over-generating forms is harmless: a form only matches a known name.
KY_SUFFIXES: tuple[str, ...] = tuple(sorted({
    *(c + v + "н" for c in "дтн" for v in "ыиу"),          # genitive -дын -тин -нун
    *(c + v for c in "гк" for v in "аео"),                  # dative -га -ке -ко
    *(c + v for c in "дтн" for v in "ыиу"),                 # accusative -ды -ти -ну
    *(c + v for c in "дт" for v in "аео"),                  # locative -да -те -до
    *(c + v + "н" for c in "дтн" for v in "аео"),          # ablative -дан -тен -нон
    *(c + v + "г" + w for c in "дт" for v, w in (("а", "ы"), ("е", "и"), ("о", "у"))),  # -дагы -теги -догу
    *(c + v + "р" for c in "лдт" for v in "аео"),          # plural -лар -дер -тор
    *(p + s for p in ("ы", "и", "у", "сы", "си", "су")      # possessive + case: -ынын -сына
      for s in ("н", "нын", "нин", "нун", "на", "не", "но", "нда", "нде", "ндо", "нан", "нен", "нон")),
    "сы", "си", "су",
}, key=lambda s: (-len(s), s)))
_KY_SUFFIX_RE = "|".join(KY_SUFFIXES)
_KY_AFTER_POSSESSIVE = ("н", "нын", "нин", "нун", "на", "не", "но", "нда", "нде", "ндо", "нан", "нен", "нон",
                        "ны", "ни", "ну", "ндагы", "ндеги", "ндогу")
RU_ABBREVIATION_ENDINGS = ("а", "у", "ом", "е")
KY_POSSESSIVE = ("ы", "и", "у")  # an abbreviation's possessive: Орусиянын ИИМи, ТИМи  # ЦИКа, ГКНБ is indeclinable but ЦИКом is written

_SURNAME_RE = re.compile(r"^(.{2,}?(?:ов|ев|ин|ын))(?:а|у|ым|ыми|е|ой|ы|ых)?$")
_KY_SURNAME_RE = re.compile(rf"^(.{{2,}}?(?:ов|ев|ин|ын|ова|ева|ина|ына))(?:{_KY_SUFFIX_RE})$")
_KY_NAME_RE = re.compile(rf"^(.{{4,}}?)(?:{_KY_SUFFIX_RE})$")
_RU_GIVEN_ENDING_RE = re.compile(r"^(.{3,}?)(?:ом|ем|ой|ей|ою|ею|а|я|у|ю|е|ы|и|ь|й)$")


@lru_cache(maxsize=100_000)
def parses(word: str) -> tuple[Any, ...]:
    """pymorphy3's readings of a word, best first, cached: linking asks about the same names
    and their neighbours again and again."""
    return tuple(ru_parses(word))


def is_russian_given_name(word: str) -> bool:
    return any("Name" in p.tag for p in parses(word))


@lru_cache(maxsize=50_000)
def ru_forms(word: str) -> frozenset[str]:
    """The Russian case forms of one name word (a surname, given name or patronymic)."""
    w = fold(word)
    forms = {w}
    if re.search(r"(ов|ев|ин|ын)$", w):
        forms |= {w + e for e in ("а", "у", "ым", "ыми", "е", "ой", "ы", "ых")}
    elif re.search(r"(ова|ева|ина|ына)$", w):
        stem = w[:-1]
        forms |= ru_forms(stem)
    elif w.endswith("ич"):
        forms |= {w + e for e in ("а", "у", "ем", "е")}
    elif w.endswith(("а", "я")):
        stem = w[:-1]
        forms |= {stem + e for e in ("ы", "и", "е", "у", "ю", "ой", "ей", "ою")}
    elif w.endswith(("ь", "й")):
        stem = w[:-1]
        forms |= {stem + e for e in ("я", "ю", "ем", "е", "и", "ей")}
    elif w and w[-1] not in "аеиоуыэюя":
        forms |= {w + e for e in ("а", "у", "ом", "ем", "е", "ы")}
    return frozenset(forms)


@lru_cache(maxsize=50_000)
def ky_forms(word: str) -> frozenset[str]:
    """The Kyrgyz case forms of one word (the nominative plus every ending in KY_SUFFIXES)."""
    w = fold(word)
    forms = {w} | {w + s for s in KY_SUFFIXES}
    if w.endswith(("ы", "и", "у")):  # a possessive ending takes the n-forms: агенттигине, районунда
        forms |= {w + s for s in _KY_AFTER_POSSESSIVE}
    elif w[-1:].isalpha() and w[-1:] not in "аеёиоуыэюя":  # Казакстандын Жогорку соту, Тажикстандын парламенти
        forms |= {w + v for v in "ыиу"}
    return frozenset(forms)


def name_forms(word: str) -> frozenset[str]:
    """Every form a name word takes in Russian or Kyrgyz text (both: Kyrgyz outlets use both)."""
    return ru_forms(word) | ky_forms(word)


def surname_forms(word: str) -> frozenset[str]:
    """Every form of a surname and of its other-gender twin (Жапаров: Жапаровой, Жапарованын
    too), so the ruler finds both and linking tells the man from the woman by the form."""
    base = surname_key(word)
    if not re.search(r"(ов|ев|ин|ын)$", base):
        return name_forms(word)
    return name_forms(word) | name_forms(base) | ky_forms(base + "а")


def abbreviation_forms(abbr: str) -> frozenset[str]:
    """ЦИК → ЦИК, ЦИКа, ЦИКом, ЦИКтин, ... as `token_norm` writes them (capitals kept)."""
    if not is_abbreviation(abbr) or " " in abbr:
        return name_forms(abbr)
    base = token_norm(abbr)
    return frozenset({base} | {base + e for e in (*RU_ABBREVIATION_ENDINGS, *KY_SUFFIXES, *KY_POSSESSIVE)})


def surname_key(word: str) -> str:
    """Reduce a surname in any case to its masculine nominative: Жапаровой, Жапаровдун → жапаров.

    This is the key namesakes of both genders share, for finding candidates and for search;
    linking and provisional ids add the gender (`gender`), so Иванова is never Иванов.
    """
    w = fold(word)
    m = _KY_SURNAME_RE.match(w)
    if m:
        w = m.group(1)
    m = _SURNAME_RE.match(w)
    if m:
        return m.group(1)
    if re.search(r"(ова|ева|ина|ына)$", w):
        return w[:-1]
    return w


def given_key(word: str, lang: str) -> str:
    """Reduce a given name in any case to a stem: Садыра, Садырдын → садыр; Марии → мари."""
    w = fold(word)
    if lang == "ky":
        m = _KY_NAME_RE.match(w)
        if m:
            return m.group(1)
    m = _RU_GIVEN_ENDING_RE.match(w)
    return m.group(1) if m else w


def looks_like_surname(word: str) -> bool:
    return _SURNAME_RE.match(fold(word)) is not None or _KY_SURNAME_RE.match(fold(word)) is not None


def is_abbreviation(word: str) -> bool:
    """Two leading capitals: ЦИК, БШКнын, ГКНБ — not Жапаров."""
    return len(word) >= 2 and word[0].isupper() and word[1].isupper()


def token_norm(word: str) -> str:
    """The token attribute names are matched on: folded text, but an abbreviation keeps its
    capitals (БШКнын → БШКнын, ЦИК → ЦИК) so that ЦИК never matches an ordinary word."""
    if not is_abbreviation(word):
        return fold(word)
    n = 0
    while n < len(word) and word[n].isupper():
        n += 1
    return fold(word[:n]).upper() + fold(word[n:])


class FormTable:
    """Every generated form of the registry's name words → one canonical form, so the entity
    ruler's phrase matcher finds a name in any case form by token.norm."""

    def __init__(self) -> None:
        self._canon: dict[str, str] = {}

    def add(self, canonical: str, forms: Iterable[str]) -> None:
        """A form claimed by two words goes to the shorter one (жапарова: Жапаров, not Жапарова)."""
        for form in forms:
            old = self._canon.get(form)
            if old is None or (len(canonical), canonical) < (len(old), old):
                self._canon[form] = canonical

    def get(self, norm: str) -> str | None:
        return self._canon.get(norm)
