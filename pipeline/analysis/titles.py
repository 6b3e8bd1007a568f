"""A post named without a name — «глава государства», «өлкө башчысы», «премьер», «спикер»,
«генпрокурор» — is a mention of whoever held that post on the article's day, when the article is
about Kyrgyzstan.

Only single-seat posts resolve (one president, one speaker, one prosecutor general), through
`Registry.holders` on the article's day. A title does not resolve when
- the article has no date, or nobody (or several) held the post that day;
- a name stands next to it (that name is the mention: «президент Садыр Жапаров»);
- (a mayor) no city of ours is named next to it: «мэр Бишкека», «Оштун мэри» resolve;
- it belongs to someone else: another country after it or before it («президент России»,
  «российский премьер», the last country named is foreign), a genitive after it («спикер
  ведомства», «президент ассоциации»), a «бывший / экс-» before it;
- it is generic: plural («президенты»), or an office rather than a holder («выборы президента»,
  «кандидат в президенты», «пост спикера»).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from spacy.tokens import Doc, Span

from pipeline.analysis.countries import is_country
from pipeline.analysis.foreign import HOME, ForeignBodies
from pipeline.analysis.names import parses
from pipeline.analysis.plausibility import word_key
from pipeline.analysis.registry import Registry
from pipeline.morph import fold, tokens

# single-seat posts whose bare title names their holder
TITLE_ROLES = ("president", "chair_of_cabinet", "prime_minister", "speaker", "prosecutor_general", "cec_chair",
               "gknb_chair", "national_bank_chair", "ombudsman", "head_of_administration",
               "security_council_secretary", "state_secretary")
# posts held in each city: the title resolves with the city named next to it (мэр Оша, Бишкектин мэри);
# the city's office is the body `body:<city>-mayor-office`
CITY_ROLES = ("mayor",)
_GENERIC_BEFORE = frozenset({"выборы", "выбор", "пост", "должность", "кандидат", "кандидатура", "институт",
                             "статус", "полномочие", "шайлоо", "талапкер", "кызмат", "бывший", "экс",
                             "прежний", "будущий", "новый", "мурдагы", "экс-президент"})
_FORMER_PREFIXES = ("экс-", "вице-", "и.о", "врио")
NEAR = 3  # tokens around a title where a name makes the title part of that mention


@dataclass(frozen=True)
class TitleHit:
    start: int  # token indices in the doc
    end: int
    roles: tuple[str, ...]  # «премьер-министр» names the prime minister's and the Cabinet chair's post


class Titles:
    """Built once per registry."""

    def __init__(self, registry: Registry, foreign: ForeignBodies) -> None:
        self.registry = registry
        self.foreign = foreign
        roles_of: dict[str, dict[tuple[str, ...], list[str]]] = {}
        for role in (*TITLE_ROLES, *CITY_ROLES):
            for lang, phrases in registry.roles.get(role, {}).items():
                for phrase in phrases:
                    for key in {_phrase_key(phrase, lang), _phrase_key(phrase, lang, split=False)}:
                        if key:  # Kyrgyz text keeps премьер-министр one token, Russian splits it
                            roles_of.setdefault(lang, {}).setdefault(key, []).append(role)
        self._by_first: dict[str, dict[str, list[tuple[tuple[str, ...], tuple[str, ...]]]]] = {}
        for lang, keys in roles_of.items():
            for key, roles in sorted(keys.items(), key=lambda kv: -len(kv[0])):  # longest first
                self._by_first.setdefault(lang, {}).setdefault(key[0], []).append((key, tuple(roles)))

    def find(self, doc: Doc, lang: str, day: date | None, last_country: str | None,
             persons: list[Span]) -> list[tuple[Span, str]]:
        """(title span, holder id) for each title in the doc that names one person that day."""
        table = self._by_first.get(lang)
        if day is None or not table or (last_country is not None and last_country != HOME):
            return []
        keys = [fold(t.lemma_ or t.text) for t in doc]
        out = []
        i = 0
        while i < len(doc):
            hit = self._match(keys, i, table, doc)
            if hit is None:
                i += 1
                continue
            span = doc[hit.start:hit.end]
            if set(hit.roles) <= set(CITY_ROLES):
                span, holder = self._city_holder(span, hit.roles, lang, day)
            else:
                holder = self._holder(hit.roles, day)
            if holder is not None and self._stands_alone(span, lang, persons, city=span.end > hit.end or
                                                         span.start < hit.start):
                out.append((span, holder))
            i = hit.end
        return out

    @staticmethod
    def _match(keys: list[str], i: int, table: dict[str, list[tuple[tuple[str, ...], tuple[str, ...]]]],
               doc: Doc) -> TitleHit | None:
        if doc[i].ent_iob_ == "I":
            return None  # inside a registry name (Администрация Президента)
        for key, roles in table.get(keys[i], ()):
            end = i + len(key)
            # a registry name may sit inside the title (глава Кабмина), never stick out of it
            if tuple(keys[i:end]) == key and (end == len(doc) or doc[end].ent_iob_ != "I"):
                return TitleHit(i, end, roles)
        return None

    def _city_holder(self, span: Span, roles: tuple[str, ...], lang: str, day: date) -> tuple[Span, str | None]:
        """«Мэр Бишкека» / «Бишкектин мэри»: the title and its city, and who held it there that day."""
        doc = span.doc
        if lang == "ky":
            city = next((e for e in doc.ents if e.end == span.start and e.label_ == "place"), None)
            whole = doc[city.start:span.end] if city is not None else span
        else:
            city = next((e for e in doc.ents if e.start == span.end and e.label_ == "place"), None)
            whole = doc[span.start:city.end] if city is not None else span
        if city is None or not city.ent_id_.startswith("place:"):
            return span, None
        office = "body:" + city.ent_id_.removeprefix("place:") + "-mayor-office"
        holders = {e.id for role in roles for e in self.registry.holders(role, day, org=office)}
        return whole, (next(iter(holders)) if len(holders) == 1 else None)

    def _holder(self, roles: tuple[str, ...], day: date) -> str | None:
        holders = {e.id for role in roles for e in self.registry.holders(role, day)}
        return next(iter(holders)) if len(holders) == 1 else None

    def _stands_alone(self, span: Span, lang: str, persons: list[Span], city: bool = False) -> bool:
        doc = span.doc
        if any(p.start < span.end + NEAR and p.end > span.start - NEAR for p in persons):
            return False
        first, last = span[0], span[-1]
        if first.lower_.startswith(_FORMER_PREFIXES) or (lang == "ru" and _plural(last.text)):
            return False
        if span.start > 1 and doc[span.start - 1].text == "-" and \
                (doc[span.start - 2].lower_ + "-").startswith(_FORMER_PREFIXES):
            return False  # вице-премьер-министр, экс-президент
        if span.start > 0 and not city:
            prev = doc[span.start - 1]
            if fold(prev.lemma_ or prev.text) in _GENERIC_BEFORE or prev.lower_ in ("в", "во"):
                return False
            if self.foreign.adjective_country(prev.text, prev.lemma_, lang) is not None:
                return False
            if prev.ent_id_ and is_country(prev.ent_id_):
                return False  # Kyrgyz: Казакстандын президенти
        if span.end < len(doc) and lang != "ky" and not city:  # Kyrgyz puts the owner before
            nxt = doc[span.end]
            if nxt.ent_id_ and nxt.ent_id_ != HOME and (is_country(nxt.ent_id_) or nxt.ent_type_ in ("party", "media")):
                return False  # президент России, лидер партии; «спикер Жогорку Кенеша» stands
            if _genitive_noun(nxt.text) and nxt.ent_id_ != HOME:
                return False
            if nxt.is_title and nxt.ent_iob_ in ("O", "") and not nxt.is_sent_start:
                return False  # «президент Франции», «премьер Японии», an unknown name
        return True


def _phrase_key(phrase: str, lang: str, split: bool = True) -> tuple[str, ...]:
    """The phrase's word keys as spaCy tokenises it: a hyphen is a token of its own
    (премьер-министр → премьер, -, министр), or (`split=False`) part of the word."""
    out: list[str] = []
    for word, _, _ in tokens(phrase):
        parts = word.split("-") if split else [word]
        for n, part in enumerate(parts):
            out += ["-"] if n else []
            out.append(word_key(part, lang))
    return tuple(out)


def _plural(word: str) -> bool:
    readings = parses(word)
    return bool(readings) and "plur" in readings[0].tag


def _genitive_noun(word: str) -> bool:
    """A noun in the genitive after the title: «спикер ведомства», «президент компании»."""
    readings = parses(word)
    return bool(readings) and readings[0].tag.POS == "NOUN" and readings[0].tag.case == "gent"
