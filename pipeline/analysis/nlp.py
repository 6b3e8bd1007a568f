"""Builds the per-language spaCy pipelines and feeds the entity ruler from the registry.

    every pipeline:  sentencizer → kabarchy_paragraphs → <lemma> → kabarchy_name_forms
                     → entity_ruler → kabarchy_registry_filter
    ru:  <lemma> = kabarchy_ru_lemma, then kabarchy_slovnet_ner
    ky:  <lemma> = kabarchy_ky_lemma, then kabarchy_ky_names
    other languages: Russian lemmas for Cyrillic words, lower case for the rest; no model

The ruler is one phrase matcher on token.norm, which `kabarchy_name_forms` sets to the canonical
registry word for any generated case form of a name word — persons (Жапарова, Жапаровдун →
жапаров; never by pymorphy lemma, which guesses Kyrgyz surnames inconsistently), abbreviations
(ЦИКа, БШКнын → ЦИК, БШК) and the inflected last word of Kyrgyz names (Жогорку Кеңештин) — and
to the folded lemma for every other word, so "Центральной избирательной комиссии" matches
"Центральная избирательная комиссия". (A phrase matcher costs the same for 10 or 10,000
patterns; spaCy's token Matcher grows with their number and was the bottleneck.)
A person's pattern id is the registry id when the match names them (given name + surname,
initials, patronymic); a bare surname gets `surname:<key>` and `linking` picks the namesake.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import spacy
from spacy.language import Language
from spacy.util import compile_infix_regex

import pipeline.analysis.components  # noqa: F401  (registers the kabarchy_* factories)
from pipeline.analysis.names import (
    FormTable,
    abbreviation_forms,
    is_abbreviation,
    ky_forms,
    name_forms,
    surname_forms,
    surname_key,
    token_norm,
)
from pipeline.analysis.plausibility import Plausibility
from pipeline.analysis.registry import Entity, Registry
from pipeline.morph import fold, tokens

SURNAME_PREFIX = "surname:"
PIPELINE_LANGS = ("ru", "ky")
# "С.Жапаров" is one token to spaCy; split after an initial so the surname stands alone.
_INITIAL_INFIX = r"(?<=\b[A-ZА-ЯЁӨҮҢ]\.)(?=[A-ZА-ЯЁӨҮҢ][a-zа-яёөүң])"
Pattern = dict[str, Any]
_QUOTES_RE = re.compile(r"[«»„“”\"]")


def _words(phrase: str) -> list[str]:
    return [w for w, _, _ in tokens(phrase)]


def _surname_key(person: Entity) -> str:
    return surname_key(next(iter(person.surname.values())))


def _single_abbreviation(surface: str) -> bool:
    return is_abbreviation(surface) and len(_words(surface)) == 1


def _abbreviations(entity: Entity) -> Iterator[str]:
    """One-word abbreviations of every language (ЦИК КР, with two words, is matched by lemma),
    and names written like one (АКИpress, АКШ)."""
    surfaces = [*(a for abbrs in entity.abbreviations.values() for a in abbrs), *entity.names.values(),
                *(a for aliases in entity.aliases.values() for a in aliases)]
    yield from dict.fromkeys(a for a in surfaces if _single_abbreviation(a))


class RegistryPatterns:
    """The ruler's patterns and the form table for one language, from one registry."""

    def __init__(self, registry: Registry, lang: str) -> None:
        self.registry = registry
        self.lang = lang
        self.langs = (lang, "en") if lang in PIPELINE_LANGS else ("ru", "ky", "en")
        self.table = FormTable()
        self._fill_table()

    def _fill_table(self) -> None:
        for entity in self.registry.entities:
            if entity.type == "person":
                parts = [*entity.given.values(), *entity.patronymic.values()]
                for word in (w for part in parts for w in _words(part)):
                    self.table.add(fold(word), name_forms(word))
                for word in (w for part in entity.surname.values() for w in _words(part)):
                    self.table.add(fold(word), surname_forms(word))
            for abbr in _abbreviations(entity):
                self.table.add(token_norm(abbr), abbreviation_forms(abbr))
        if self.lang == "ky":
            for surface, _ in self._surfaces():
                words = _words(surface)
                if words and not is_abbreviation(words[-1]):
                    self.table.add(fold(words[-1]), ky_forms(words[-1]))

    def _surfaces(self) -> Iterator[tuple[str, Entity]]:
        """Non-person names; one in quotes also without them («Кабар» агенттиги = Кабар агенттиги)."""
        for lang in self.langs:
            for surface, entity_id in self.registry.surface_forms(lang):
                entity = self.registry.get(entity_id)
                if entity is not None and entity.type != "person" and surface.strip():
                    yield surface, entity
                    bare = _QUOTES_RE.sub("", surface).strip()
                    if entity is not None and entity.type != "person" and bare and bare != surface.strip():
                        yield bare, entity

    def patterns(self) -> list[Pattern]:
        """Phrase patterns only: the ruler turns them into token.norm sequences with the same
        components that process the text, so any case form of the words matches."""
        out: list[Pattern] = []
        people: dict[str, list[tuple[str, Entity]]] = {}  # folded phrase → who it may name
        for entity in self.registry.entities:
            out += [{"label": entity.type, "id": entity.id, "pattern": a} for a in _abbreviations(entity)]
            if entity.type == "person":
                for phrase in dict.fromkeys(self._person_phrases(entity)):
                    people.setdefault(fold(phrase), []).append((phrase, entity))
        for named in people.values():
            phrase, entity = named[0]
            if len(named) > 1:  # "А. Бейшеналиев" may be two people: the linker decides
                out.append({"label": "person", "id": SURNAME_PREFIX + _surname_key(entity), "pattern": phrase})
            else:
                out.append({"label": "person", "id": entity.id, "pattern": phrase})
        out += self._bare_surnames()
        out += [{"label": entity.type, "id": entity.id, "pattern": surface} for surface, entity in self._surfaces()
                if not _single_abbreviation(surface)]  # those are in already, in every language
        return out

    @staticmethod
    def _person_phrases(entity: Entity) -> Iterator[str]:
        """Given name + surname (either order), given name + patronymic, initials + surname."""
        patronymics = {p for p in entity.patronymic.values() if p}
        for surname in {s for s in entity.surname.values() if s}:
            for given in {g for g in entity.given.values() if g}:
                yield from (f"{given} {surname}", f"{surname} {given}")
                for initials in (f"{given[0]}.", *(f"{given[0]}.{p[0]}." for p in patronymics)):
                    yield from (f"{initials} {surname}", f"{surname} {initials}")
                for patronymic in patronymics:
                    yield from (f"{given} {patronymic} {surname}", f"{given} {patronymic}")

    def _bare_surnames(self) -> Iterator[Pattern]:
        """One pattern per surname spelling, shared by all namesakes (Жапаров → two people)."""
        seen: set[tuple[str, str]] = set()
        for entity in self.registry.entities:
            if entity.type != "person" or not entity.surname:
                continue
            key = _surname_key(entity)
            for spelling in (*entity.surname.values(), *(v for v in entity.latin if " " not in v)):
                if (key, spelling) not in seen:
                    seen.add((key, spelling))
                    yield {"label": "person", "id": SURNAME_PREFIX + key, "pattern": spelling}


def _blank(lang: str) -> Language:
    nlp = spacy.blank(lang)
    infixes = list(nlp.Defaults.infixes or ()) + [_INITIAL_INFIX]
    nlp.tokenizer.infix_finditer = compile_infix_regex(infixes).finditer
    nlp.max_length = 2_000_000  # the stage cuts texts into chunks far below this anyway
    nlp.add_pipe("sentencizer")
    nlp.add_pipe("kabarchy_paragraphs")
    return nlp


def build_pipeline(lang: str, registry: Registry, *, with_model: bool = True,
                   model_folder: str | None = None) -> Language:
    """The pipeline for `lang` ('ru', 'ky', anything else → a language-neutral one)."""
    nlp = _blank(lang if lang in PIPELINE_LANGS else "xx")
    nlp.add_pipe("kabarchy_ky_lemma" if lang == "ky" else "kabarchy_ru_lemma")
    patterns = RegistryPatterns(registry, lang)
    nlp.add_pipe("kabarchy_name_forms").table = patterns.table  # type: ignore[attr-defined]
    ruler = nlp.add_pipe("entity_ruler", config={"phrase_matcher_attr": "NORM", "overwrite_ents": True})
    ruler.add_patterns(patterns.patterns())  # type: ignore[attr-defined]
    nlp.add_pipe("kabarchy_registry_filter").check = Plausibility(registry)  # type: ignore[attr-defined]
    if lang == "ru" and with_model:
        nlp.add_pipe("kabarchy_slovnet_ner", config={"model_folder": model_folder})
    elif lang == "ky":
        nlp.add_pipe("kabarchy_ky_names")
    return nlp


def is_surname_id(pattern_id: str) -> bool:
    return pattern_id.startswith(SURNAME_PREFIX)


def surname_of(pattern_id: str) -> str:
    return pattern_id[len(SURNAME_PREFIX):]
