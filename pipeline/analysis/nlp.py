"""Builds the per-language spaCy pipelines and feeds the entity ruler from the registry.

    (every pipeline starts with: sentencizer → kabarchy_paragraphs)
    ru:    sentencizer → kabarchy_ru_lemma → entity_ruler (registry) → kabarchy_slovnet_ner
    ky:    sentencizer → kabarchy_ky_lemma → entity_ruler (registry) → kabarchy_ky_names
    other: sentencizer → lower-case lemma  → entity_ruler (registry)

The ruler matches bodies and parties by lemma (phrase patterns, so "Центральной избирательной
комиссии" matches "Центральная избирательная комиссия"), abbreviations and Kyrgyz inflected
names by their generated forms on token.norm (БШКнын, УКМКга, Жогорку Кеңештин), and persons by
their generated name forms, never by lemma. A person's pattern id is the registry id when the
match names them (given name + surname, initials, patronymic); a bare surname gets the id
`surname:<key>` and `pipeline.analysis.linking` picks the namesake.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from typing import Any

import spacy
from spacy.language import Language
from spacy.util import compile_infix_regex

import pipeline.analysis.components  # noqa: F401  (registers the kabarchy_* factories)
from pipeline.analysis.names import (
    abbreviation_forms,
    is_abbreviation,
    ky_forms,
    name_forms,
    surname_key,
    token_norm,
)
from pipeline.analysis.registry import Entity, Registry
from pipeline.morph import fold, tokens

SURNAME_PREFIX = "surname:"
PIPELINE_LANGS = ("ru", "ky")
# "С.Жапаров" is one token to spaCy; split after an initial so the surname stands alone.
_INITIAL_INFIX = r"(?<=\b[A-ZА-ЯЁӨҮҢ]\.)(?=[A-ZА-ЯЁӨҮҢ][a-zа-яёөүң])"


def _norm_in(forms: Iterable[str]) -> dict[str, Any]:
    return {"NORM": {"IN": sorted(set(forms))}}


def _person_patterns(entity: Entity) -> Iterator[dict[str, Any]]:
    """Given name + surname (either order), given name + patronymic, initials + surname."""
    surnames = {s for s in entity.surname.values() if s}
    givens = {g for g in entity.given.values() if g}
    patronymics = {p for p in entity.patronymic.values() if p}
    surname_tokens = {tuple(fold(w) for w, _, _ in tokens(s)) for s in surnames}

    def as_tokens(phrase: str) -> list[dict[str, Any]]:
        return [_norm_in(name_forms(w)) for w, _, _ in tokens(phrase)]

    def emit(pattern: list[dict[str, Any]]) -> dict[str, Any]:
        return {"label": entity.type, "id": entity.id, "pattern": pattern}

    for surname in surnames:
        for given in givens:
            yield emit(as_tokens(given) + as_tokens(surname))
            yield emit(as_tokens(surname) + as_tokens(given))
            initials = {f"{given[0]}.", *(f"{given[0]}.{p[0]}." for p in patronymics)}
            yield emit([{"ORTH": {"IN": sorted(initials)}}] + as_tokens(surname))
            yield emit(as_tokens(surname) + [{"ORTH": {"IN": sorted(initials)}}])
            for patronymic in patronymics:
                yield emit(as_tokens(given) + as_tokens(patronymic) + as_tokens(surname))
                yield emit(as_tokens(given) + as_tokens(patronymic))
    if not surname_tokens:
        return
    for latin in entity.latin:
        yield {"label": entity.type, "id": SURNAME_PREFIX + surname_key(next(iter(surnames))),
               "pattern": [{"NORM": fold(latin)}]}


def surname_patterns(registry: Registry) -> Iterator[dict[str, Any]]:
    """One bare-surname pattern per surname key, shared by all namesakes (Жапаров → 2 people)."""
    seen: set[str] = set()
    for entity in registry.entities:
        if entity.type != "person":
            continue
        for surname in set(entity.surname.values()):
            words = [w for w, _, _ in tokens(surname)]
            if not words:
                continue
            key = surname_key(surname)
            if key in seen:
                continue
            seen.add(key)
            yield {"label": "person", "id": SURNAME_PREFIX + key,
                   "pattern": [_norm_in(name_forms(w)) for w in words]}


def _surface_patterns(registry: Registry, langs: Iterable[str], kyrgyz_forms: bool) -> Iterator[dict[str, Any]]:
    """Names, aliases and abbreviations of non-persons: abbreviations by form, the rest by lemma."""
    for lang in langs:
        for surface, entity_id in registry.surface_forms(lang):
            entity = registry.get(entity_id)
            if entity is None or entity.type == "person" or not surface.strip():
                continue
            words = [w for w, _, _ in tokens(surface)]
            if len(words) == 1 and is_abbreviation(words[0]):
                yield {"label": entity.type, "id": entity_id, "pattern": [_norm_in(abbreviation_forms(words[0]))]}
                continue
            yield {"label": entity.type, "id": entity_id, "pattern": surface}
            if kyrgyz_forms and words:  # Kyrgyz inflects the last word: Жогорку Кеңештин
                yield {"label": entity.type, "id": entity_id,
                       "pattern": [{"NORM": token_norm(w)} for w in words[:-1]] + [_norm_in(ky_forms(words[-1]))]}


def abbreviation_patterns(registry: Registry) -> Iterator[dict[str, Any]]:
    """Every language's abbreviations in every pipeline: a Kyrgyz text may write ЦИК, a Russian one CEC."""
    for entity in registry.entities:
        if entity.type == "person":
            continue
        for abbrs in entity.abbreviations.values():
            for abbr in abbrs:
                if is_abbreviation(abbr) and " " not in abbr:
                    yield {"label": entity.type, "id": entity.id, "pattern": [_norm_in(abbreviation_forms(abbr))]}


def registry_patterns(registry: Registry, lang: str) -> list[dict[str, Any]]:
    langs = (lang, "en") if lang in PIPELINE_LANGS else ("ru", "ky", "en")
    patterns = [p for e in registry.entities if e.type == "person" for p in _person_patterns(e)]
    patterns += surname_patterns(registry)
    patterns += _surface_patterns(registry, langs, kyrgyz_forms=lang == "ky")
    patterns += abbreviation_patterns(registry)
    return patterns


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
    if lang == "ru":
        nlp = _blank("ru")
        nlp.add_pipe("kabarchy_ru_lemma")
    elif lang == "ky":
        nlp = _blank("ky")
        nlp.add_pipe("kabarchy_ky_lemma")
    else:
        nlp = _blank("xx")
        nlp.add_pipe("kabarchy_ru_lemma")  # Cyrillic words get Russian lemmas, others lower case
    ruler = nlp.add_pipe("entity_ruler", config={"phrase_matcher_attr": "LEMMA", "overwrite_ents": True})
    ruler.add_patterns(registry_patterns(registry, lang))  # type: ignore[attr-defined]
    if lang == "ru" and with_model:
        nlp.add_pipe("kabarchy_slovnet_ner", config={"model_folder": model_folder})
    elif lang == "ky":
        nlp.add_pipe("kabarchy_ky_names")
    return nlp


def is_surname_id(pattern_id: str) -> bool:
    return pattern_id.startswith(SURNAME_PREFIX)


def surname_of(pattern_id: str) -> str:
    return pattern_id[len(SURNAME_PREFIX):]


CAPITALISED = re.compile(r"^[A-ZА-ЯЁӨҮҢ]")
