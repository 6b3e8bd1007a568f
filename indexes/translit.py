"""Latin → Cyrillic spellings of Kyrgyz and Russian names, for search.

People type "Japarov", "Zhaparov" or "Dzhaparov" for Жапаров. `to_cyrillic` returns the few
Cyrillic spellings a Latin word most likely stands for; the query side then lemmatises and folds
them like any Cyrillic word. It is deliberately small: common romanisations (BGN/PCGN, passport,
English press), not a full reversible scheme.
"""

from __future__ import annotations

import re

MAX_SPELLINGS = 6
LATIN_RE = re.compile(r"^[a-zA-Zöüńñ'’-]+$")

# Longest first; each Latin chunk maps to one or more Cyrillic readings (first = most likely).
_CHUNKS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("shch", ("щ",)),
    ("dzh", ("ж", "дж")),
    ("zh", ("ж",)),
    ("kh", ("х",)),
    ("ch", ("ч",)),
    ("sh", ("ш",)),
    ("ts", ("ц",)),
    ("yu", ("ю",)),
    ("iu", ("ю",)),
    ("ya", ("я",)),
    ("ia", ("я",)),
    ("yo", ("е",)),
    ("ye", ("е",)),
    ("oe", ("ө",)),
    ("ue", ("ү",)),
    ("ng", ("ң", "нг")),
    ("j", ("ж", "дж")),
    ("a", ("а",)), ("b", ("б",)), ("c", ("ц", "к")), ("d", ("д",)), ("e", ("е",)),
    ("f", ("ф",)), ("g", ("г",)), ("h", ("х",)), ("i", ("и",)), ("k", ("к",)), ("l", ("л",)),
    ("m", ("м",)), ("n", ("н",)), ("ñ", ("ң",)), ("ń", ("ң",)), ("o", ("о",)), ("ö", ("ө",)),
    ("p", ("п",)), ("q", ("к",)), ("r", ("р",)), ("s", ("с",)), ("t", ("т",)), ("u", ("у",)),
    ("ü", ("ү",)), ("v", ("в",)), ("w", ("в",)), ("x", ("кс",)), ("z", ("з",)),
)
_VOWELS = frozenset("aeiouyöü")


def is_latin(word: str) -> bool:
    return bool(LATIN_RE.match(word)) and any(c.isalpha() for c in word)


def _readings(word: str, i: int) -> tuple[tuple[str, ...], int]:
    """The Cyrillic readings of the chunk starting at `i`, and the chunk's length."""
    ch = word[i]
    if ch == "e" and i == 0:
        return ("э", "е"), 1
    if ch in "'’-":
        return ("",), 1
    for latin, cyr in _CHUNKS:
        if word.startswith(latin, i):
            return cyr, len(latin)
    if ch == "y":  # not part of ya/yu/yo/ye: й after a vowel, else ы
        return (("й",) if i > 0 and word[i - 1] in _VOWELS else ("ы",)), 1
    return (ch,), 1


def to_cyrillic(word: str) -> list[str]:
    """Likely Cyrillic spellings of a Latin name, most likely first ([] for non-Latin words)."""
    low = word.lower()
    if not is_latin(low):
        return []
    spellings = [""]
    i = 0
    while i < len(low):
        readings, size = _readings(low, i)
        spellings = [s + r for s in spellings for r in readings][:MAX_SPELLINGS]
        i += size
    return [s for s in dict.fromkeys(spellings) if s]
