"""Stable ids for entities the registry does not know, so one unknown person found in two
articles (in different case forms, in either language) gets the same id.

The rule (the id is `prov-<type>:<first 12 hex of sha1(key)>`):
- person: the key is the folded given-name stem + the folded surname in the nominative of the
  gender the text shows (`gender.span_gender`: Ивановой, Ивановадан → иванова; Иванову after
  «к», Ивановдун → иванов; a given name goes back to the nominative when pymorphy3 knows it as a
  name, then loses its last case ending, `names.given_key`: Ивана, Иваном → иван; Садырдын →
  садыр), so "Иван Иванов" and "Ивана Иванова" collide, while "Мария Иванова" and "Иван Иванов"
  — a man and a woman of one family — stay apart. Initials are dropped (they are too weak to tell people apart).
  A surname alone keys on the surname; within one article it is first resolved to a fuller name
  with that surname named earlier (`linking`). A Kyrgyz patronymic (Мамытбек уулу) is part of
  the key as written.
- organisation / place: the key is the words' lemmas (Russian: pymorphy3's best parse, but for a
  capitalised word its place or noun reading first; Kyrgyz: the stemmer), folded, so
  "Министерства иностранных дел" = "Министерство иностранных дел", "Токмоке" = "Токмок".
"""

from __future__ import annotations

import hashlib
import re

from pipeline.analysis.names import given_key, looks_like_surname, parses, surname_key
from pipeline.morph import fold, lemma, tokens

PREFIX = "prov-"
_INITIAL = re.compile(r"^[A-ZА-ЯЁӨҮҢ]$")


def _digest(key: str) -> str:
    return hashlib.sha1(key.encode("utf-8")).hexdigest()[:12]


def _nominative_given(word: str, lang: str) -> str:
    """A given name pymorphy3 knows, back in the nominative (Ивана → Иван); else as written."""
    if lang == "ru":
        for parse in parses(word):
            if "Name" in parse.tag:
                return parse.normal_form.capitalize()
    return word


def _gendered(surname: str, gender: str | None) -> str:
    """The masculine key back in the woman's form when the text says she is one (иванов → иванова)."""
    return surname + "а" if gender == "f" and re.search(r"(ов|ев|ин|ын)$", surname) else surname


def person_key(surface: str, lang: str, gender: str | None = None) -> tuple[str, str]:
    """(key, display name) of a person's name as written in any case form; `gender` ("m"/"f",
    from `gender.span_gender`) keeps a woman's surname hers (Токтосуновой → токтосунова)."""
    words = [w for w, _, _ in tokens(surface) if not _INITIAL.match(w)]
    if not words:
        return fold(surface.strip()), surface.strip()
    keys: list[str] = []
    shown: list[str] = []
    for i, word in enumerate(words):
        folded = fold(word)
        if folded.startswith(("уулу", "кызы")):
            keys.append(folded[:4])  # уулунун → уулу
            shown.append(folded[:4])
        elif looks_like_surname(word):
            keys.append(_gendered(surname_key(word), gender))
            shown.append(keys[-1].capitalize())
        elif lang == "ru" and i == len(words) - 1 and len(words) > 1:  # Навального → навальный
            keys.append(fold(lemma(word, "ru")))
            shown.append(keys[-1].capitalize())
        else:
            nominative = _nominative_given(word, lang)
            keys.append(given_key(nominative, lang))
            shown.append(nominative)
    return " ".join(keys), " ".join(shown)


def _known_noun(word: str) -> str | None:
    """The dictionary lemma of a capitalised Russian word, preferring its place reading
    (Бишкеке → бишкек); None when pymorphy3 only guesses (Токмок → "токмокнуть", "токмка")."""
    known = [p for p in parses(word) if p.is_known]
    for wanted in ("Geox", "NOUN"):
        for parse in known:
            if wanted in parse.tag:
                return parse.normal_form.replace("ё", "е")
    return None


def _proper_lemma(word: str, lang: str) -> str:
    if lang == "ru" and word[:1].isupper():
        return _known_noun(word) or lemma(word, lang)
    return lemma(word, lang)


def thing_key(surface: str, lang: str) -> str:
    return " ".join(fold(_proper_lemma(w, lang)) for w, _, _ in tokens(surface)) or fold(surface.strip())


def thing_name(surface: str, lang: str) -> str:
    """A one-word name back in the nominative for display (Бишкеке → Бишкек); longer names
    stay as written (their words agree with each other in ways a lemma per word breaks)."""
    words = tokens(surface)
    if lang != "ru" or len(words) != 1 or not surface[:1].isupper():
        return surface
    known = _known_noun(surface)
    return known.capitalize() if known else surface


def provisional_id(entity_type: str, key: str) -> str:
    return f"{PREFIX}{entity_type}:{_digest(key)}"


def is_provisional(entity_id: str) -> bool:
    return entity_id.startswith(PREFIX)
