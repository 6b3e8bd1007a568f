"""The entity directory: every registry and provisional entity, found by any of its names.

A user types ЦИК, ЦИКа, Центризбиркома, БШКнын, CEC, Жапарова, Zhaparov or an id; the directory
answers with the entities that name can mean (`Resolution`). It reuses the analysis' own name
morphology (`pipeline.analysis.names`: the case forms of registry name words and abbreviations,
surname keys; `pipeline.analysis.provisional`: the keys provisional ids are made from) and the
search side's folding and Latin spellings (`indexes.analysis`), so a name that finds articles
also finds its entity. Lookup goes in tiers and stops at the first that matches, from the most
exact (the id, the written name) to the loosest (lemmas of every word); a surname shared by
namesakes is narrowed by who held a post during the asked period, never guessed.

The CLI, the JSON API, the entity page and the digest share one directory built by
`kabarchy.entities.build_directory`.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date

from indexes.analysis import word_alternatives
from indexes.translit import is_latin, to_cyrillic
from pipeline.analysis.names import (
    FormTable,
    abbreviation_forms,
    is_abbreviation,
    ky_forms,
    name_forms,
    surname_key,
    token_norm,
)
from pipeline.analysis.provisional import person_key, provisional_id, thing_key
from pipeline.analysis.registry import surface_key
from pipeline.morph import fold, ky_lemma, ru_lemma, tokens

MAX_SUGGESTIONS = 5
SUGGESTION_CUTOFF = 0.6  # difflib ratio below which a name is too far to suggest


@dataclass(frozen=True)
class PostInfo:
    """A post held, from the registry (or from text evidence for provisional persons)."""

    role: str  # registry role key, e.g. "president", "cec_chair"; "" when only the text names it
    title: dict[str, str]  # {"ru": "председатель ЦИК", "ky": ..., "en": ...} where known
    org_id: str | None
    start: date | None
    end: date | None  # None = open (last day inclusive otherwise)

    def overlaps(self, date_from: date | None, date_to: date | None) -> bool:
        """Held on at least one day of [date_from, date_to] (open bounds are unbounded)."""
        if date_to is not None and self.start is not None and self.start > date_to:
            return False
        return not (date_from is not None and self.end is not None and self.end < date_from)

    def title_in(self, lang: str) -> str:
        for key in (lang, "ru", "en", "ky"):
            if self.title.get(key):
                return self.title[key]
        return self.role


@dataclass(frozen=True)
class EntityInfo:
    id: str  # registry id or "prov-person:…"/"prov-organisation:…"
    type: str  # person | party | body | media | place | organisation
    names: dict[str, str]  # display names per language ru/ky/en (may lack some)
    aliases: tuple[str, ...]  # every other name, abbreviation, Latin spelling
    posts: tuple[PostInfo, ...] = ()
    provisional: bool = False

    def name(self, lang: str) -> str:
        """The best display name for a language: that language's, else ru, en, ky, else the id."""
        for key in (lang, "ru", "en", "ky"):
            if self.names.get(key):
                return self.names[key]
        return self.aliases[0] if self.aliases else self.id

    def posts_during(self, date_from: date | None, date_to: date | None) -> tuple[PostInfo, ...]:
        return tuple(p for p in self.posts if p.overlaps(date_from, date_to))

    def surfaces(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys([*self.names.values(), *self.aliases]))


@dataclass(frozen=True)
class Resolution:
    matches: tuple[EntityInfo, ...]  # 0 = unknown, 1 = resolved, >1 = ambiguous
    suggestions: tuple[EntityInfo, ...] = ()  # nearest names when unknown

    @property
    def entity(self) -> EntityInfo | None:
        return self.matches[0] if len(self.matches) == 1 else None

    @property
    def ambiguous(self) -> bool:
        return len(self.matches) > 1


def _words(text: str) -> list[str]:
    return [w for w, _, _ in tokens(text)]


Keyer = Callable[[str], str]


class _NameKeys:
    """The keys a name is looked up by, one function per tier (most exact first).

    The form table maps every generated case form of a registry name word (Жапаровдун, БШКнын,
    Центризбиркома) to its canonical word, as the analysis' entity ruler does; a word the table
    does not know falls back to its Russian lemma or Kyrgyz stem.
    """

    def __init__(self, entities: Iterable[EntityInfo]) -> None:
        self.table = FormTable()
        for entity in entities:
            for surface in entity.surfaces():
                self._add_forms(surface, person=entity.type == "person")
        self.tiers: tuple[Keyer, ...] = (
            surface_key,
            lambda s: self._phrase(s, ru_lemma),
            lambda s: self._phrase(s, ky_lemma),
            lambda s: self._phrase(s, ru_lemma, table=False),
            lambda s: self._phrase(s, ky_lemma, table=False),
        )

    def _add_forms(self, surface: str, *, person: bool) -> None:
        words = _words(surface)
        for word in words:
            if is_abbreviation(word):
                forms = abbreviation_forms(word)
                self.table.add(token_norm(word), forms)
                self.table.add(token_norm(word), {fold(f) for f in forms})  # цика typed in lower case
            elif person or len(words) == 1:
                self.table.add(fold(word), name_forms(word))
            else:
                self.table.add(fold(word), ky_forms(word))  # Жогорку Кеңештин, комиссиясынын

    def _word(self, word: str, lemma: Callable[[str], str], table: bool) -> str:
        if table:
            known = self.table.get(token_norm(word)) or self.table.get(fold(word))
            if known:
                return fold(known)
        return fold(lemma(word))

    def _phrase(self, surface: str, lemma: Callable[[str], str], table: bool = True) -> str:
        return " ".join(self._word(w, lemma, table) for w in _words(surface))


class EntityDirectory:
    """Registry and provisional entities by id and by any name. Built once, then read-only."""

    def __init__(self, entities: Iterable[EntityInfo]) -> None:
        self._by_id: dict[str, EntityInfo] = {}
        for entity in entities:
            self._by_id.setdefault(entity.id, entity)
        known = [e for e in self._by_id.values() if not e.provisional]
        # Provisional entities may be many: they are found by their written name and by the key
        # their id was made from, not through the form table.
        self._keys = _NameKeys(known)
        self._tiers: list[dict[str, set[str]]] = []
        for keyer in self._keys.tiers:
            lookup: dict[str, set[str]] = {}
            for entity in known:
                for surface in entity.surfaces():
                    if key := keyer(surface):
                        lookup.setdefault(key, set()).add(entity.id)
            self._tiers.append(lookup)
        self._provisional_names: dict[str, set[str]] = {}
        for entity in self._by_id.values():
            if entity.provisional:
                for surface in entity.surfaces():
                    self._provisional_names.setdefault(surface_key(surface), set()).add(entity.id)
        self._surnames: dict[str, set[str]] = {}
        for entity in known:
            if entity.type == "person":
                for surface in entity.surfaces():
                    if len(_words(surface)) == 1 and not is_abbreviation(surface):
                        self._surnames.setdefault(surname_key(surface), set()).add(entity.id)
        self._search_keys: dict[str, set[str]] = {}
        self._suggest_keys: dict[str, set[str]] = {}  # whole names and their words, for near misses
        for entity in self._by_id.values():
            for surface in entity.surfaces():
                key = surface_key(surface)
                self._search_keys.setdefault(key, set()).add(entity.id)
                for part in {key, *(w for w in key.split() if len(w) > 3)}:
                    self._suggest_keys.setdefault(part, set()).add(entity.id)

    def __len__(self) -> int:
        return len(self._by_id)

    def get(self, entity_id: str) -> EntityInfo | None:
        return self._by_id.get(entity_id)

    def all(self, type: str | None = None) -> list[EntityInfo]:  # noqa: A002 (the contract's name)
        found = [e for e in self._by_id.values() if type is None or e.type == type]
        return sorted(found, key=lambda e: (e.provisional, e.type, e.name("ru").lower(), e.id))

    # ------------------------------------------------------------ resolving
    def resolve(self, name: str, *, date_from: date | None = None, date_to: date | None = None) -> Resolution:
        """What `name` (any name, case form, abbreviation, Latin spelling, or an id) can mean.

        Namesakes (Жапаров) are narrowed to those holding a post during [date_from, date_to]
        when that leaves at least one; otherwise all of them stay, and the answer is ambiguous.
        """
        text = name.strip()
        if not text:
            return Resolution(())
        ids = self._lookup(text)
        if not ids:
            return Resolution((), tuple(self._suggest(text)))
        found = sorted((self._by_id[i] for i in ids), key=lambda e: (e.provisional, e.id))
        if len(found) > 1 and (date_from or date_to):
            holding = [e for e in found if e.posts_during(date_from, date_to)]
            found = holding or found
        return Resolution(tuple(found))

    def _lookup(self, text: str) -> set[str]:
        if text in self._by_id:
            return {text}
        lowered = text.lower()
        if lowered in self._by_id:
            return {lowered}
        spellings = [text]
        if all(is_latin(w) for w in _words(text)) and _words(text):
            spellings += [" ".join(variant) for variant in _latin_variants(_words(text))]
        for spelling in spellings:
            if found := self._lookup_written(spelling):
                return found
        return set()

    def _lookup_written(self, text: str) -> set[str]:
        for keyer, lookup in zip(self._keys.tiers, self._tiers):
            key = keyer(text)
            if key and key in lookup:
                return set(lookup[key])
            if keyer is surface_key and key in self._provisional_names:
                return set(self._provisional_names[key])
        words = _words(text)
        if len(words) == 1 and not is_abbreviation(words[0]):
            if found := self._surnames.get(surname_key(words[0])):
                return set(found)
        provisional = self._provisional_by_key(text)
        if provisional:
            return provisional
        return self._by_search_tokens(words)

    def _provisional_by_key(self, text: str) -> set[str]:
        """The ids the analysis would give this name if it were unknown (its key's hash)."""
        out: set[str] = set()
        for lang in ("ru", "ky"):
            key, _ = person_key(text, lang)
            if key:
                out.add(provisional_id("person", key))
            thing = thing_key(text, lang)
            out |= {provisional_id(kind, thing) for kind in ("organisation", "place")}
        return {i for i in out if i in self._by_id}

    def _by_search_tokens(self, words: list[str]) -> set[str]:
        """Last tier, recall first: the search side's keys of every word (its lemmas in both
        languages, Latin words through their Cyrillic spellings) against each name's words."""
        if not words:
            return set()
        wanted = [set(word_alternatives(w)) for w in words]
        found: set[str] = set()
        for surface, ids in self._search_keys.items():
            surface_words = surface.split()
            if len(surface_words) != len(words):
                continue
            if all(set(word_alternatives(s)) & alts for s, alts in zip(surface_words, wanted)):
                found |= ids
        return found

    # ------------------------------------------------------------ searching
    def search(self, text: str, *, type: str | None = None, limit: int = 50) -> list[EntityInfo]:  # noqa: A002
        """Entities `text` names (as `resolve`), then those with a name starting with or
        containing it — for `kabarchy entities` and the API's look-up box."""
        wanted = surface_key(text)
        if not wanted:
            return self.all(type)[:limit]
        ordered: list[str] = sorted(self._lookup(text))
        starts, contains = [], []
        for key, ids in self._search_keys.items():
            if key.startswith(wanted) or any(w.startswith(wanted) for w in key.split()):
                starts += ids
            elif wanted in key:
                contains += ids
        rank = {e.id: (e.provisional, e.name("ru").lower(), e.id) for e in self._by_id.values()}
        for group in (starts, contains):
            ordered += sorted(set(group) - set(ordered), key=rank.__getitem__)
        found = [self._by_id[i] for i in dict.fromkeys(ordered)]
        return [e for e in found if type is None or e.type == type][:limit]

    def _suggest(self, text: str) -> list[EntityInfo]:
        """The nearest names (difflib's ratio on folded names), registry entities first."""
        wanted = surface_key(text)
        candidates = list(self._suggest_keys)
        if all(is_latin(w) for w in _words(text)) and _words(text):
            spelled = [surface_key(" ".join(v)) for v in _latin_variants(_words(text))]
        else:
            spelled = [wanted]
        scored: dict[str, float] = {}
        for spelling in spelled:
            for key in difflib.get_close_matches(spelling, candidates, n=MAX_SUGGESTIONS * 2, cutoff=SUGGESTION_CUTOFF):
                ratio = difflib.SequenceMatcher(None, spelling, key).ratio()
                for entity_id in self._suggest_keys[key]:
                    scored[entity_id] = max(scored.get(entity_id, 0.0), ratio)
        best = sorted(scored, key=lambda i: (-scored[i], self._by_id[i].provisional, i))
        return [self._by_id[i] for i in best[:MAX_SUGGESTIONS]]


def _latin_variants(words: list[str]) -> list[tuple[str, ...]]:
    """Cyrillic readings of a Latin name, word by word (Zhaparov → Жапаров), most likely first."""
    variants: list[tuple[str, ...]] = [()]
    for word in words:
        spellings = to_cyrillic(word) or [word]
        variants = [(*v, s) for v in variants for s in spellings][:16]
    return variants
