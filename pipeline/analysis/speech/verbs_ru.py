"""Russian speech and claim verbs, every form a news text uses, generated with pymorphy3.

The list below names lemmas (both aspects where both occur in news); `lexeme()` gives their
forms, and we keep those that attribute speech: the past of any gender and number (заявил,
заявила, заявило, заявили), the third person present (говорит, говорят — perfective verbs have
no present; their future «заявит» is not something said yet), and the gerunds that add a second
statement («добавив, что», «отмечая, что»). Reflexive impersonals («говорится в заявлении»,
«сообщается») are kept apart: they carry no speaker of their own.
Forms are stored with ё folded to е as well, since news sites write either.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import Literal

from pipeline.morph import ru_parses

Tense = Literal["past", "present", "gerund", "impersonal"]

SPEECH_LEMMAS: tuple[str, ...] = (
    # saying and telling
    "говорить", "сказать", "рассказывать", "рассказать", "сообщать", "сообщить", "заявлять", "заявить",
    "произносить", "произнести", "высказываться", "высказаться", "делиться", "поделиться",
    "озвучивать", "озвучить", "информировать", "проинформировать", "объявлять", "объявить",
    # explaining, adding, stressing
    "объяснять", "объяснить", "пояснять", "пояснить", "уточнять", "уточнить", "добавлять", "добавить",
    "отмечать", "отметить", "замечать", "заметить", "подчёркивать", "подчеркнуть", "акцентировать",
    "указывать", "указать", "констатировать", "резюмировать", "заключить", "продолжать", "продолжить",
    "напоминать", "напомнить", "цитировать", "процитировать", "комментировать", "прокомментировать",
    "описывать", "описать",
    # writing
    "писать", "написать",
    # answering, asking
    "отвечать", "ответить", "возражать", "возразить", "парировать", "спрашивать", "спросить",
    # claiming, believing, insisting
    "утверждать", "считать", "полагать", "настаивать", "уверять", "уверить", "заверять", "заверить",
    "убеждать", "убедить", "подтверждать", "подтвердить", "опровергать", "опровергнуть", "отрицать",
    "признавать", "признать", "признаваться", "признаться", "опасаться", "сомневаться", "допускать",
    # warning, promising, calling, demanding, complaining, criticising
    "предупреждать", "предупредить", "обещать", "пообещать", "призывать", "призвать",
    "требовать", "потребовать", "жаловаться", "пожаловаться", "сетовать", "посетовать",
    "критиковать", "раскритиковать",
)
# Impersonal cues: «говорится в сообщении ЦИК» names its source after; «сообщается, что» none.
IMPERSONAL_LEMMAS: tuple[str, ...] = (
    "говориться", "сообщаться", "отмечаться", "подчёркиваться", "указываться", "утверждаться",
)


@dataclass(frozen=True)
class VerbForm:
    """One form of a speech verb with what attribution needs from its grammar."""

    word: str  # lower case, ё kept as pymorphy3 writes it
    lemma: str
    tense: Tense
    plural: bool
    gender: str | None  # "m", "f", "n" for a singular past; None otherwise


def _infinitives(lemma: str) -> list:  # type: ignore[type-arg]
    """Every verb reading of the infinitive: «считать» is both imperfective (считает) and
    perfective (считать данные), and the first reading is not always the speech one."""
    parses = [p for p in ru_parses(lemma) if p.tag.POS == "INFN" and p.normal_form == lemma]
    if not parses:
        raise LookupError(f"pymorphy3 does not know the verb {lemma!r}")
    return parses


def _kept(form, impersonal: bool) -> VerbForm | None:  # type: ignore[no-untyped-def]
    tag, lemma = form.tag, form.normal_form
    gender = {"masc": "m", "femn": "f", "neut": "n"}.get(str(tag.gender)) if tag.gender else None
    plural = tag.number == "plur"
    if impersonal:
        third_singular = tag.POS == "VERB" and tag.mood == "indc" and not plural and (
            (tag.tense == "pres" and tag.person == "3per") or (tag.tense == "past" and gender == "n"))
        return VerbForm(form.word, lemma, "impersonal", False, None) if third_singular else None
    if tag.POS == "GRND":
        return VerbForm(form.word, lemma, "gerund", False, None)
    if tag.POS != "VERB" or tag.mood != "indc":
        return None
    if tag.tense == "past":
        return VerbForm(form.word, lemma, "past", plural, None if plural else gender)
    if tag.tense == "pres" and tag.person == "3per":
        return VerbForm(form.word, lemma, "present", plural, None)
    return None


@cache
def speech_forms() -> dict[str, VerbForm]:
    """Every kept form of every speech lemma, keyed by the lower-case word (and its ё→е spelling)."""
    out: dict[str, VerbForm] = {}
    for lemmas, impersonal in ((SPEECH_LEMMAS, False), (IMPERSONAL_LEMMAS, True)):
        for lemma in lemmas:
            for form in (f for parse in _infinitives(lemma) for f in parse.lexeme):
                kept = _kept(form, impersonal)
                if kept is not None:
                    out.setdefault(kept.word, kept)
                    out.setdefault(kept.word.replace("ё", "е"), kept)
    return out


def form_of(word: str) -> VerbForm | None:
    """The speech-verb reading of a word as written, if it has one."""
    return speech_forms().get(word.lower())


def words(*tenses: Tense) -> list[str]:
    """The forms of the given tenses (all when none is given)."""
    return sorted(w for w, f in speech_forms().items() if not tenses or f.tense in tenses)
