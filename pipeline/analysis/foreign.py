"""Whether a registry body named in the text is another country's: «МИД Азербайджана», «ЦИК
Монголии», «Минфин РФ», «российского МИДа», «Казакстандын Тышкы иштер министрлиги», «Верховный
суд страны» after Russia was named. Such a body is not the Kyrgyz one; it gets a provisional id
of its own built from the body and the country (`foreign_id`), the same in both languages, so
«МИД России» stays searchable and never pollutes the Kyrgyz MFA's timeline.

The country is looked for on both sides of the name, over the words that may stand between
(adjectives, «соседнего», «Республикасынын», «тараптын»): a country after it (a Russian
genitive, an abbreviation: МИД соседнего Казахстана, Минфин РФ), a country before it (a Kyrgyz
genitive or attribute: Өзбекстан тараптын ИИМи), an adjective before it (российского,
казахстанский; Kyrgyz орусиялык, казак), or «страны / государства / өлкөнүн / мамлекеттин» next
to it, which means the country last named in the article (`CountryTrail.last`); «соседней
страны», «коңшу өлкөнүн» and Kyrgyz «анын» (its) mean the foreign country last named
(`CountryTrail.last_foreign`). In Russian, a body nothing qualifies is that of the country where
the news happens (a foreign place named, but not as where someone is from) when the article has named
nothing of ours yet — no Kyrgyz place, official or body said to be ours (news about Russia says
«МВД»); «альпинист из Казахстана» does not make «МЧС» Kazakhstan's. A body named again is the
foreign one named before («ЦИК России … Глава ЦИК») unless something of ours is named in its
sentence. Kyrgyz-language news is written here for readers here: it always
qualifies another country's body, so there a body nothing qualifies is ours.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from spacy.tokens import Span, Token

from pipeline.analysis.countries import adjective_index, countries, is_country
from pipeline.analysis.entity import Entity
from pipeline.analysis.provisional import provisional_id
from pipeline.analysis.names import parses
from pipeline.morph import fold

HOME = "place:kyrgyzstan"
# "the country" words: after the body in Russian (суд страны), before it in Kyrgyz (өлкөнүн соту)
_THIS_COUNTRY_RU = frozenset({"страна", "государство", "республика"})
_THIS_COUNTRY_KY = ("өлкө", "мамлекет", "олко")
# words that mean a neighbour, not us: «соседней страны», «коңшу өлкөнүн» (folded)
_NEIGHBOUR = ("соседн", "кошу", "конш")
# words that may stand between a country and its body: Казакстан Республикасынын ТИМи, Өзбекстан
# тараптын ИИМи, МИД Российской Федерации (folded stems and lemmas)
_BETWEEN_KY = ("тарап", "республика", "федерация")
_BETWEEN_RU = frozenset({"республика", "федерация", "сторона"})
_ITS_KY = "анын"
_HOME_ADJECTIVES = ("кыргызский", "кыргызстанский", "киргизский", "кыргыз", "кыргызстандык")
GAP = 2  # words looked through between a body and its country


@dataclass
class CountryTrail:
    """The countries an article has named so far (a Kyrgyz place counts as Kyrgyzstan)."""

    last: str | None = None  # the country named last (HOME included): «суд страны»
    last_foreign: str | None = None  # the foreign country named last: «соседней страны»
    home_named: bool = False  # Kyrgyzstan, a Kyrgyz place, one of our officials or bodies as ours was named
    last_city: str | None = None  # the town of ours named last: «мэрия», «шаардын мэри»
    home_notes: int = 0  # how many times something of ours was named
    # body id → (country, home_notes then) of its last foreign mention: «ЦИК России … Глава ЦИК»
    foreign_bodies: dict[str, tuple[str, int]] = field(default_factory=dict)
    scene: str | None = None  # the foreign country last named as where the news happens, not as an origin
    sentence: int = 0  # the sentence the linker is in
    home_sentence: int = -1  # the sentence something of ours was last named in

    def note(self, country: str, place: str | None = None, scene: bool = False) -> None:
        self.last = country
        if country == HOME:
            self.home_named = True
            self.home_notes += 1
            self.home_sentence = self.sentence
            if place is not None and is_city(place):
                self.last_city = place
        else:
            self.last_foreign = country
            self.scene = country if scene else self.scene

    def copy(self) -> CountryTrail:
        return CountryTrail(self.last, self.last_foreign, self.home_named, self.last_city, self.home_notes,
                            self.foreign_bodies, self.scene, self.sentence, self.home_sentence)

    def still_foreign(self, body_id: str) -> str | None:
        """The country of this kind of body's last mention, when it was foreign and nothing of
        ours was named since in this sentence: «ЦИК России … Глава ЦИК заявила» is Russia's CEC
        again; «Кыргызские спасатели вылетели в Турцию, сообщили в МЧС» is ours."""
        last = self.foreign_bodies.get(body_id)
        if last is None or last[1] != self.home_notes and self.home_sentence == self.sentence:
            return None
        return last[0]

    def about_home(self) -> bool:
        """Whether a title or office named here without an owner is ours: the country named
        last is Kyrgyzstan, or none was named."""
        return self.last in (None, HOME)


def is_city(place_id: str) -> bool:
    """A town of ours (not Kyrgyzstan, a region, a district or a country)."""
    return place_id.startswith("place:") and place_id != HOME and not is_country(place_id) \
        and not place_id.endswith(("-region", "-district"))


def is_place_in_country(entity_id: str) -> bool:
    return is_country(entity_id) or entity_id == HOME


class ForeignBodies:
    """Built once; `country_of(span, last_country)` for each registry body match."""

    def __init__(self) -> None:
        # ours too, so that «кыргыз тараптын ТИМи», «кыргызстанский МИД» are said to be ours
        self.adjectives = {**adjective_index(), **{fold(w): HOME for w in _HOME_ADJECTIVES}}
        self.names = {c.id: c.names for c in countries()}

    def country_of(self, span: Span, lang: str, trail: CountryTrail, body_id: str = "") -> str | None:
        """The foreign country a body match belongs to; None for a Kyrgyz (or unplaced) body.
        A Russian body no country qualifies is the last named country's in an article that has
        named nothing of ours so far: news about Russia says «МВД» for Russia's."""
        found = self.named_country(span, lang, trail)
        if found == HOME:
            trail.note(HOME)  # «МИД Кыргызстана», «кыргызский МИД»: the article is about us too
        if found is None:
            found = trail.still_foreign(body_id)
        if found is None and not trail.home_named and lang != "ky":
            found = trail.scene  # «В Новосибирске прошли обыски. МВД сообщило …» (not «альпинист из Казахстана»)
        if found is not None and found != HOME:
            trail.foreign_bodies[body_id] = (found, trail.home_notes)
            return found
        return None

    def named_country(self, span: Span, lang: str, trail: CountryTrail) -> str | None:
        """The country (HOME included) the words around a body or title name, or None."""
        return self._country_after(span, lang, trail) or self._country_before(span, lang, trail)

    def _country_after(self, span: Span, lang: str, trail: CountryTrail) -> str | None:
        """МИД Азербайджана, МИД соседнего Казахстана, МИД Республики Казахстан, суд страны,
        МИД соседней страны (Russian only: Kyrgyz puts the owner before)."""
        if lang == "ky":
            return None  # «… министрлиги Германияга жиберет»: a country after is where to, not whose
        doc = span.doc
        neighbour = False
        for i in range(span.end, min(span.end + GAP + 1, len(doc))):
            token = doc[i]
            if token.ent_id_ and is_place_in_country(token.ent_id_) and token.ent_iob_ == "B":
                return token.ent_id_ if not (neighbour and token.ent_id_ == HOME) else None
            key = fold(token.lemma_ or token.text)
            if key in _THIS_COUNTRY_RU and not token.is_title:
                return trail.last_foreign if neighbour else trail.last
            if key.startswith(_NEIGHBOUR):
                neighbour = True
            elif not (key in _BETWEEN_RU or _is_adjective(token)):
                return None
        return None

    def _country_before(self, span: Span, lang: str, trail: CountryTrail) -> str | None:
        """Казакстандын ТИМи, Өзбекстан тараптын ИИМи, российского МИДа, орусиялык ИИМ,
        өлкөнүн соту, коңшу өлкөнүн ИИМи, анын ТИМи (Kyrgyz «its»: the foreign country last named)."""
        doc = span.doc
        i = span.start - 1
        while i >= max(0, span.start - 1 - GAP):
            token = doc[i]
            if token.ent_id_ and token.ent_iob_ in ("B", "I"):
                ent = next((e for e in doc.ents if e.start <= i < e.end), None)
                return ent.ent_id_ if ent is not None and ent.end == i + 1 and \
                    is_place_in_country(ent.ent_id_) else None
            adjective = self.adjective_country(token.text, token.lemma_, lang)
            if adjective is not None:
                return adjective
            key = fold(token.text)
            if lang == "ky":
                if key.startswith(_THIS_COUNTRY_KY):
                    neighbour = i > 0 and fold(doc[i - 1].text).startswith(_NEIGHBOUR)
                    return trail.last_foreign if neighbour else trail.last
                if key == _ITS_KY:
                    return trail.last if trail.last != HOME else None
                if not key.startswith(_BETWEEN_KY):
                    return None
            elif i != span.start - 1 or not _is_adjective(token):
                return None  # Russian: only an adjective right before (российского МИДа)
            i -= 1
        return None

    def adjective_country(self, text: str, lemma: str, lang: str) -> str | None:
        """The country an adjective names: российского → Russia, орусиялык → Russia, кыргыз → HOME."""
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


def _is_adjective(token: Token) -> bool:
    """A Russian adjective or pronoun-adjective between a body and its country (соседнего, этой)."""
    readings = parses(token.text)
    return bool(readings) and readings[0].tag.POS in ("ADJF", "PRTF") and not token.is_title
