"""The grammatical gender of a person's name as written: linking must never give a woman's
words to a man of the same surname (Жапарова is not Жапаров), and statements code asks it
whose post a «она сообщила» may carry.

Three sources, strongest first:
- the word form alone, when it says it: Kyrgyz -ова/-ева + any ending (Жапарованын) is a
  woman, -ов/-ев + ending (Жапаровдун) a man; Russian -овой/-евой/-иной is a woman, -ов,
  -овым, -ове a man; a given name pymorphy3 knows as a name carries its gender (Айгуль, Мария);
- for the Russian forms that are both (Жапарова = her nominative or his genitive; Жапарову =
  her accusative or his dative), the words around them: a preposition or a governing noun
  before (у Жапарова, указ Жапарова) means his oblique case, a nominative title before
  (министр Жапарова) or a gendered past-tense verb next to it (Жапарова заявила) decides;
- a registry person's `gender` field (`mention_gender`).
"""

from __future__ import annotations

import re
from typing import Literal

from spacy.tokens import Span

from pipeline.analysis.names import KY_SUFFIXES, looks_like_surname, parses
from pipeline.analysis.registry import Registry
from pipeline.morph import fold, tokens
from pipeline.records import Mention

Gender = Literal["m", "f"]
_KY_END = "(?:" + "|".join(KY_SUFFIXES) + ")"
_KY_FEMININE = re.compile(rf"^.{{2,}}(?:ова|ева|ина|ына){_KY_END}?$")
_KY_CASE_AFTER_SURNAME = re.compile(rf"^.{{2,}}(?:ов|ев)а?(?:{'|'.join(s for s in KY_SUFFIXES if len(s) > 2)})$")
_KY_MASCULINE = re.compile(rf"^.{{2,}}(?:ов|ев){_KY_END}$|^.{{2,}}(?:ов|ев)$")
_RU_FEMININE = re.compile(r"^.{2,}(?:ов|ев|ин|ын)(?:ой|ою)$|^.{2,}(?:ская|цкая)$")
_RU_MASCULINE = re.compile(r"^.{2,}(?:ов|ев|ин|ын)(?:ым|е)?$")
_RU_AMBIGUOUS = re.compile(r"^.{2,}(?:ов|ев|ин|ын)(?:а|у)$")
# Kyrgyz women's given names pymorphy3 does not know (or reads as a man's: Гулзат) often begin or
# end like these (Гүлзат, Гүлнара, Бактыгүл, Назгүл, Гүлайым, Айбүбү; folded); other names are left
# to pymorphy3 or to the surname's form
# (on the lower-cased, unfolded word: «-гүл» is hers, «Токтогул» with у is his)
_KY_FEMALE_GIVEN = ("гүл", "гуль", "гүль", "айым", "бүбү", "бубу")
_KY_FEMALE_GIVEN_START = ("гүл", "гул", "бүбү")
_UULU_KYZY = {"уулу": "m", "кызы": "f"}
# Russian prepositions: after one, a -ова form is his genitive or accusative (hers would be -овой)
_PREPOSITIONS = frozenset({"у", "от", "до", "из", "без", "для", "против", "после", "около", "среди",
                           "кроме", "возле", "вокруг", "с", "со", "на", "за", "про", "о", "об", "при",
                           "к", "ко", "по", "в", "во", "через", "между", "перед", "над", "под"})
_DATIVE_PREPOSITIONS = frozenset({"к", "ко", "по", "благодаря", "вопреки", "согласно"})


def surname_form_gender(word: str, lang: str) -> Gender | None:
    """The gender a surname's form alone shows, or None when it shows none or both."""
    w = fold(word)
    if lang == "ky":
        if _KY_FEMININE.match(w):
            return "f"
        if _KY_MASCULINE.match(w):
            return "m"
        return None
    if _RU_FEMININE.match(w):
        return "f"
    if _RU_MASCULINE.match(w):
        return "m"
    return None


def given_name_gender(word: str) -> Gender | None:
    """A given name's gender: pymorphy3's Name reading, else a Kyrgyz woman's name ending."""
    w = fold(word)
    if w in _UULU_KYZY:
        return _UULU_KYZY[w]  # type: ignore[return-value]
    low = word.lower().replace("ё", "е")
    if low.endswith(_KY_FEMALE_GIVEN) or low.startswith(_KY_FEMALE_GIVEN_START):
        return "f"
    for parse in parses(word):
        if "Name" in parse.tag:
            return "f" if "femn" in parse.tag else "m" if "masc" in parse.tag else None
    return None


def name_gender(name: str, lang: str) -> Gender | None:
    """The gender of a whole name as written: «уулу / кызы», the surname's form when it shows one
    (grammar), then the given name (pymorphy3's reading or a Kyrgyz woman's name pattern: a guess)."""
    words = [w for w, _, _ in tokens(name)]
    for word in words:
        if fold(word)[:4] in _UULU_KYZY:  # уулу, уулунун, кызына
            return _UULU_KYZY[fold(word)[:4]]  # type: ignore[return-value]
    if not words:
        return None
    surname = words[-1] if len(words) > 1 or not _is_given(words[0]) else ""
    by_surname = surname_form_gender(surname, lang) if surname else None
    if by_surname is not None:
        return by_surname  # the surname's form is grammar, the given name's reading a guess (Гулзат Асановой)
    if len(words) > 1:
        if lang == "ru" and _RU_AMBIGUOUS.match(fold(surname)) \
                and _uninflected(words[0]):
            # "Бакыт Асанова": a given name left in the nominative next to an -ова form is hers
            # (his genitive inflects both words: Бакыта Асанова)
            return "f"
        by_given = given_name_gender(words[0])
        if by_given is not None:
            return by_given
    elif surname == "" or not looks_like_surname(words[0]):  # a given name alone (Айгуль, Назгүл)
        return given_name_gender(words[0])
    return None


def _is_given(word: str) -> bool:
    return any("Name" in p.tag for p in parses(word)) and not any("Surn" in p.tag for p in parses(word))


def _uninflected(word: str) -> bool:
    """A given name in its nominative: a consonant ending (Бакыт, Айгуль, Нуржан)."""
    return fold(word)[-1:] not in set("аяуюеиоы")


def span_gender(span: Span, lang: str) -> Gender | None:
    """The gender of a person mention in its sentence (a bare surname or a full name)."""
    found = name_gender(span.text, lang)
    if found is not None or lang != "ru":
        return found
    last = fold(span[-1].text)
    if not _RU_AMBIGUOUS.match(last):
        return None
    return _ru_context_gender(span, last.endswith("у"))


def _ru_context_gender(span: Span, dative_form: bool) -> Gender | None:
    """Decide -ова (her nominative / his genitive) or -ову (her accusative / his dative)."""
    doc = span.doc
    prev = doc[span.start - 1] if span.start > 0 and not doc[span.start].is_sent_start else None
    nxt = doc[span.end] if span.end < len(doc) else None
    if nxt is not None and (verb := _past_gender(nxt.text)) is not None:
        return verb
    if prev is not None:
        low = prev.lower_
        if low in _PREPOSITIONS:
            if dative_form:
                return "m" if low in _DATIVE_PREPOSITIONS else "f"
            return "m"
        if (verb := _past_gender(prev.text)) is not None:
            return "f" if verb == "f" else "m"  # "поддержал Жапарова": his accusative
        case = _noun_case(prev.text)
        if case is not None:
            if dative_form:
                return "m" if case == "datv" else "f" if case in ("accs", "gent") else None
            return "f" if case == "nomn" and _is_title(prev) else "m"
    return None


def _is_title(token: object) -> bool:
    """A role noun standing before a name in apposition (министр, депутат, председатель)."""
    return any("anim" in p.tag for p in parses(token.text)[:1])  # type: ignore[attr-defined]


def _past_gender(word: str) -> Gender | None:
    readings = parses(word)
    if not readings:
        return None
    best = readings[0]
    if best.tag.POS not in ("VERB", "PRTS") or best.tag.tense not in ("past", None):
        return None
    if best.tag.gender == "femn":
        return "f"
    if best.tag.gender == "masc":
        return "m"
    return None


def _noun_case(word: str) -> str | None:
    if not word[:1].isalpha() or word[:1].isupper() and len(word) > 1 and word[1].isupper():
        return None
    best = parses(word)[0]
    if best.tag.POS != "NOUN":
        return None
    return str(best.tag.case) if best.tag.case else None


def _surface_lang(surface: str) -> str:
    """The language a name was written in, when the caller does not say: Kyrgyz letters, or a
    Kyrgyz case ending after the surname (Ташиеванын, Асановдун)."""
    last = fold(surface.split()[-1]) if surface.split() else ""
    return "ky" if re.search(r"[өүңӨҮҢ]", surface) or _KY_CASE_AFTER_SURNAME.match(last) else "ru"


def mention_gender(mention: Mention, registry: Registry | None = None, lang: str | None = None) -> Gender | None:
    """A person mention's gender, for statements code: the registry's when the person is known,
    else what the text says — the surname's form as written first (it may carry the ending that
    tells: Асановой), then the whole name as written, then the name linking normalised it to
    (shown in the nominative, where -ова is hers)."""
    if mention.entity_type != "person":
        return None
    if registry is not None and (entity := registry.get(mention.entity_id)) is not None:
        return entity.gender  # type: ignore[return-value]
    lang = lang or _surface_lang(mention.surface)
    words = [w for w, _, _ in tokens(mention.surface)]
    return (surname_form_gender(words[-1], lang) if words else None) or name_gender(mention.surface, lang) \
        or name_gender(mention.name, "ky")
