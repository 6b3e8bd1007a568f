"""Whether a registry body named in the text is another country's: «МИД Азербайджана», «ЦИК
Монголии», «Минфин РФ», «российского МИДа», «Казакстандын Тышкы иштер министрлиги», «Верховный
суд страны» after Russia was named. Such a body is not the Kyrgyz one; it gets a provisional id
of its own built from the body and the country (`foreign_id`), the same in both languages, so
«МИД России» stays searchable and never pollutes the Kyrgyz MFA's timeline.

The country is looked for on both sides of the name: a country right after it (a Russian
genitive, an abbreviation: РФ, КНР), a country right before it (a Kyrgyz genitive or
attribute), an adjective before it (российского, казахстанский; Kyrgyz орусиялык, казак), or
«страны / государства / өлкөнүн / мамлекеттин» next to it, which means the country last named in
the article (`ArticleContext.last_country`).
"""

from __future__ import annotations

from spacy.tokens import Span

from pipeline.analysis.countries import adjective_index, countries, is_country
from pipeline.analysis.entity import Entity
from pipeline.analysis.provisional import provisional_id
from pipeline.morph import fold

HOME = "place:kyrgyzstan"
# "the country" words: after the body in Russian (суд страны), before it in Kyrgyz (өлкөнүн соту)
_THIS_COUNTRY_RU = frozenset({"страна", "государство", "республика"})
_THIS_COUNTRY_KY = ("өлкө", "мамлекет", "олко")


def is_place_in_country(entity_id: str) -> bool:
    return is_country(entity_id) or entity_id == HOME


class ForeignBodies:
    """Built once; `country_of(span, last_country)` for each registry body match."""

    def __init__(self) -> None:
        self.adjectives = adjective_index()
        self.names = {c.id: c.names for c in countries()}

    def country_of(self, span: Span, lang: str, last_country: str | None) -> str | None:
        """The foreign country a body match belongs to; None for a Kyrgyz (or unplaced) body."""
        found = self._named_country(span, lang, last_country)
        return found if found is not None and found != HOME else None

    def _named_country(self, span: Span, lang: str, last_country: str | None) -> str | None:
        doc = span.doc
        after = _ent_at(doc, span.end)
        if after is not None and is_place_in_country(after.ent_id_):
            return after.ent_id_
        before = _ent_ending_at(doc, span.start)
        if before is not None and is_place_in_country(before.ent_id_):
            return before.ent_id_
        if span.start > 0:
            prev = doc[span.start - 1]
            adjective = self.adjective_country(prev.text, prev.lemma_, lang)
            if adjective is not None:
                return adjective
            if lang == "ky" and fold(prev.text).startswith(_THIS_COUNTRY_KY):
                return last_country
        if span.end < len(doc) and lang != "ky" and fold(doc[span.end].lemma_) in _THIS_COUNTRY_RU:
            return last_country
        return None

    def adjective_country(self, text: str, lemma: str, lang: str) -> str | None:
        """The country an adjective names: российского → Russia, орусиялык → Russia."""
        return self.adjectives.get(fold(text) if lang == "ky" else fold(lemma or text))

    def foreign_mention_name(self, entity: Entity, country: str, lang: str) -> str:
        """«Министерство иностранных дел (Азербайджан)»: the body's short name and the country."""
        short = _short_name(entity, lang)
        names = self.names.get(country, {})
        where = names.get(lang) or names.get("ru") or names.get("en") or country
        return f"{short} ({where})"


def foreign_id(entity: Entity, country: str) -> str:
    """One provisional id per (Kyrgyz body kind, country): МИД России = Орусиянын ТИМи."""
    return provisional_id("organisation", f"{entity.id}@{country}")


def _short_name(entity: Entity, lang: str) -> str:
    """The body's name without «Кыргызской Республики» (its longest alias that does not say it)."""
    key = lang if lang in entity.names else "ru"
    options = [a for a in entity.aliases.get(key, ()) if "ыргыз" not in a and "KR" not in a]
    return max(options, key=len) if options else entity.name(key)


def _ent_at(doc: object, start: int) -> Span | None:
    return next((e for e in doc.ents if e.start == start), None)  # type: ignore[attr-defined]


def _ent_ending_at(doc: object, end: int) -> Span | None:
    return next((e for e in doc.ents if e.end == end), None)  # type: ignore[attr-defined]
