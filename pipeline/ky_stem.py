"""Kyrgyz suffix stripper: nouns and names lose their case, possessive and plural endings.

Nothing installable lemmatizes Kyrgyz offline, and news search only needs every form of a noun
to land on one key. A word is read from the right as
stem + derivation? + plural? + possessive? + case?, where derivation is one of the few suffixes
that turn a noun into an adjective (-лык, -луу, -сыз, attributive -кы), so that мамлекеттик
meets мамлекет. Each suffix must agree with what precedes it in vowel harmony (back/front,
rounded/unrounded) and in its first sound (н/д/т, л/д/т, г/к after vowels, voiced and voiceless
consonants). Of all readings, a stem from `ky_stems.txt` wins (Нарын stays Нарын); otherwise the
shortest stem of at least `MIN_STEM` letters. Upper-case abbreviations lose only their
lower-case endings (БШКнын → бшк). Stems are spelled one way whatever followed them (final б/г
devoiced, final ь dropped: see `normalise_spelling`).

A capitalised word whose stem is not known is read as a name and keeps what looks like a
derivation (Айсулуу); `name_stem` always reads it so (entity matching: Бишкектиктер ≠ Бишкек).
Returns lower case with the real Kyrgyz letters; folding (ө→о ...) is the caller's business,
after stemming, because harmony needs those letters.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from itertools import product

MIN_STEM = 3  # shorter stems (иш, ай, эл, үй) must be in ky_stems.txt
MAX_ABBREVIATION = 5  # an all-capital word this short is an abbreviation: kept as it is (ЕАЭБ)
VOWELS = frozenset("аеёиоуыэюяөү")
BACK = frozenset("аёоуыюя")
VOICELESS = frozenset("пктсшчфхцщ")
HIGH = {"а": "ы", "ы": "ы", "я": "ы", "о": "у", "у": "у", "ю": "у", "ё": "у",
        "е": "и", "и": "и", "э": "и", "ө": "ү", "ү": "ү"}
LOW = {"а": "а", "ы": "а", "я": "а", "о": "о", "у": "ао", "ю": "ао", "ё": "о",
       "е": "е", "и": "е", "э": "е", "ө": "ө", "ү": "ө"}
ABBREVIATION_RE = re.compile(r"([А-ЯЁӨҮҢA-Z0-9]{2,})[-'’]?([а-яёөүң]+)")
SEPARATED_TAIL_RE = re.compile(r"(.+?[^-'’])[-'’]([а-яёөүң]+)")


LAYERS = ("case", "poss", "plural", "derivation")  # in the order they are peeled off the end
NAME_DEPTH = 3  # a name loses case, possessive and plural endings, never a derivation


@dataclass(frozen=True)
class Suffix:
    text: str
    layer: str  # one of LAYERS
    after: str  # the left neighbour it needs: a sound rule (see _consonant_fits), or 'P3'/'P12' (NEEDS)
    poss: str = ""  # possessive person, for the case forms that depend on it
    rounded: bool = False  # its high vowels are always rounded (-луу/-лүү): only back/front must agree


def _expand(template: str) -> list[str]:
    """Spell out a template: A = low vowels, I = high vowels, UU = уу or үү, {xy} = either letter."""
    spelled = template.replace("A", "{аеоө}").replace("I", "{ыиуү}").replace("UU", "{уу,үү}")
    parts = re.findall(r"\{[^}]*\}|.", spelled)
    options = [part.strip("{}").split(",") if "," in part else list(part.strip("{}")) for part in parts]
    return ["".join(p) for p in product(*options)]


def _table() -> dict[str, dict[str, list[Suffix]]]:
    """Every suffix surface form, by layer and then by its last letter (what a word is looked up by)."""
    rows = [  # (template, layer, neighbour rule, possessive person)
        ("{ндт}Iн", "case", "N", ""), ("{ндт}I", "case", "N", ""), ("н", "case", "P3", ""),
        ("{гк}A", "case", "G", ""), ("нA", "case", "P3", ""), ("A", "case", "P12", ""),
        ("{дт}A", "case", "D", ""), ("ндA", "case", "P3", ""),
        ("{дт}Aн", "case", "D", ""), ("нAн", "case", "P3", ""),
        ("{дт}AгI", "case", "D", ""), ("ндAгI", "case", "P3", ""),
        ("м", "poss", "V", "1"), ("Iм", "poss", "C", "1"), ("ң", "poss", "V", "2"), ("Iң", "poss", "C", "2"),
        ("сI", "poss", "V", "3"), ("I", "poss", "C", "3"),
        ("бIз", "poss", "V", "1p"), ("IбIз", "poss", "C", "1p"),
        ("ңIз", "poss", "V", "2p"), ("IңIз", "poss", "C", "2p"),
        ("{лдт}Aр", "plural", "L", ""),
        ("{лдт}I{кг}", "derivation", "LD", ""),  # -лык: мамлекеттик, кыргызстандык, экономикалык
        ("{гк}I", "derivation", "K", ""),  # attributive -кы/-ги on bare stems: башкы, негизги, бүгүнкү
        ("{лдт}UU", "derivation", "LD", ""),  # -луу "having": натыйжалуу, ийгиликтүү, орундуу
        ("сIз", "derivation", "", ""),  # -сыз "without": мыйзамсыз, жумушсуз
    ]
    table: dict[str, dict[str, list[Suffix]]] = {layer: {} for layer in LAYERS}
    for template, layer, after, poss in rows:
        for text in _expand(template):
            table[layer].setdefault(text[-1], []).append(Suffix(text, layer, after, poss, "UU" in template))
    return table


SUFFIXES = _table()


def _last_vowel(s: str) -> str | None:
    return next((c for c in reversed(s) if c in VOWELS), None)


def _harmonises(stem: str, suffix: Suffix) -> bool:
    """Each suffix vowel follows the vowel before it (a stem without vowels is read as letters)."""
    previous = _last_vowel(stem)
    for c in (c for c in suffix.text if c in VOWELS):
        if previous is None:
            allowed = c
        elif suffix.rounded:
            allowed = "у" if previous in BACK else "ү"
        else:
            allowed = HIGH[previous] if c in "ыиуү" else LOW[previous]
        if c not in allowed:
            return False
        previous = c
    return True


def _consonant_fits(stem: str, suffix: Suffix) -> bool:
    """The suffix's first sound must be the one the stem's last sound calls for: N = н/д/т
    (-нын), L = л/д/т (-лар), LD = the same for -лык (л or д after р), D = д/т (-да), G = г/к
    (-га), K = г/к after a consonant (-кы), V/C = after a vowel/consonant only."""
    last, first = stem[-1], suffix.text[0]
    vowel, voiceless = last in VOWELS, last in VOICELESS
    match suffix.after:
        case "N":
            return first == ("н" if vowel else "т" if voiceless else "д")
        case "L":
            return first == ("л" if vowel or last in "йр" else "т" if voiceless else "д")
        case "LD":  # шаардык but долларлык: after р both
            allowed = "л" if vowel or last == "й" else "т" if voiceless else "лд" if last == "р" else "д"
            return first in allowed
        case "K":
            return not vowel and first == ("г" if last in "бвгджз" else "к")
        case "D":
            return first == ("т" if voiceless else "д")
        case "G":
            return first == ("к" if voiceless else "г")
        case "V":
            return vowel
        case "C":
            return not vowel
    return True


NEEDS = {"P3": ("3",), "P12": ("1", "2")}  # which possessive an n-case or bare-vowel dative follows


def _allowed(base: str, suffix: Suffix, strict: bool) -> bool:
    """Whether `suffix` may follow `base`: sounds, harmony, and the news-text exceptions."""
    if not strict:
        return True
    if len(base) < 2 or not _harmonises(base, suffix):
        return False
    if suffix.after not in NEEDS and not _consonant_fits(base, suffix):
        return False
    known = known_stems()
    # "my/your X" is rare in news while -ам/-им/-ең words are not (адам, мыйзам, билим, эртең)
    if suffix.poss in ("1", "2") and base not in known:
        return False
    # agent nouns in -чы/-чи (жетекчи, окуучу) are far more common than ч-stems with -ы (күчү)
    return not (suffix.layer == "poss" and suffix.text in "ыиуү" and base.endswith("ч") and base not in known)


def _peel(rest: str, layer: int = 0, need: tuple[str, ...] = (), strict: bool = True,
          depth: int = len(LAYERS)) -> set[str]:
    """Every stem left after peeling suffixes from layer `layer` inwards, down to layer `depth`
    (`need`: the possessives one of which must come next)."""
    found = set() if need else {rest}
    for i in [layer] if need else range(layer, depth):
        for suffix in SUFFIXES[LAYERS[i]].get(rest[-1:], ()):
            if rest.endswith(suffix.text) and (not need or suffix.poss in need):
                base = rest[: -len(suffix.text)]
                if _allowed(base, suffix, strict):
                    found |= _peel(base, i + 1, NEEDS.get(suffix.after, ()), strict, depth)
    return found


@lru_cache(maxsize=1)
def known_stems() -> dict[str, str]:
    """`ky_stems.txt`: a stem per line, or `form stem` for irregular ones (балдар бала)."""
    text = resources.files("pipeline").joinpath("ky_stems.txt").read_text(encoding="utf-8")
    known: dict[str, str] = {}
    for line in text.splitlines():
        fields = line.split("#", 1)[0].lower().split()
        if fields:
            known[normalise_spelling(fields[0])] = normalise_spelling(fields[-1])
    return known


def normalise_spelling(stem: str) -> str:
    """The stem's spelling of its own: a final б/г devoiced (аймагы → аймак, as in аймак) and a
    final ь dropped (апрель, апрелге → апрел), so bare and inflected forms meet."""
    stem = stem.removesuffix("ь")
    return stem[:-1] + {"б": "п", "г": "к"}.get(stem[-1], stem[-1]) if stem else stem


@lru_cache(maxsize=4096)
def _is_tail(tail: str) -> bool:
    """Whether `tail` (after an abbreviation, hyphen or apostrophe) is endings only: -нын, -дагы, -лары."""
    return "" in _peel(tail, strict=False)


@lru_cache(maxsize=100_000)
def name_stem(word: str) -> str:
    """The stem of a word read as a name: endings come off, what looks like a derivation stays
    (Айсулууга → айсулуу; Бишкектиктер, "people of Bishkek", → бишкектик, not the city)."""
    full = stem(word)
    readings = {normalise_spelling(r) for r in _peel(word.lower().replace("’", "'"), depth=NAME_DEPTH)}
    if full in readings or not readings or word.isupper() or ABBREVIATION_RE.fullmatch(word):
        return full  # no derivation was taken off
    long_enough = [r for r in readings if len(r.rsplit("-", 1)[-1]) >= MIN_STEM and _last_vowel(r)]
    return min(long_enough, key=len) if long_enough else full


@lru_cache(maxsize=100_000)
def stem(word: str) -> str:
    """The lower-case stem of one Kyrgyz word (any case; upper-case abbreviations keep their letters)."""
    abbreviation = ABBREVIATION_RE.fullmatch(word)
    if abbreviation and _is_tail(abbreviation.group(2)):
        return abbreviation.group(1).lower()
    low = word.lower().replace("’", "'")
    separated = SEPARATED_TAIL_RE.fullmatch(low)
    if separated and _is_tail(separated.group(2)):
        return separated.group(1)
    if word.isupper() and len(word) <= MAX_ABBREVIATION:
        return low
    known = known_stems()
    readings = {normalise_spelling(r) for r in _peel(low)}
    hits = [r for r in readings if r in known]
    if hits:
        return known[max(hits, key=len)]
    if word[:1].isupper():  # a name: Айсулуу is not айсу (see name_stem)
        readings = {normalise_spelling(r) for r in _peel(low, depth=NAME_DEPTH)}
    long_enough = [r for r in readings if len(r.rsplit("-", 1)[-1]) >= MIN_STEM and _last_vowel(r)]
    return min(long_enough, key=len) if long_enough else normalise_spelling(low)
