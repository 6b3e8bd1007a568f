"""A post named without a name — «глава государства», «өлкө башчысы», «премьер», «спикер»,
«генпрокурор», «министр иностранных дел», «глава ГКНБ», «УКМКнын жаңы төрагасы», «мэр столицы»
— is a mention of whoever held that post on the article's day, when the article is about
Kyrgyzstan there.

A title resolves through `Registry.holders` on the article's day to exactly one person:
- a single-seat post (one president, one speaker, one prosecutor general);
- a post in a body the title names: a ministry by its field («министр финансов», «Тышкы иштер
  министри»), a body after a head word («глава МИД», «председатель ГКНБ») or, in Kyrgyz, before it
  («УКМКнын төрагасы», «ТИМ башчысы»);
- a mayor of the city named with the title (мэр Оша, Бишкектин мэри, мэр столицы) or, alone
  («мэр», «шаардын мэри»), of the town named last in the article, the capital when none was
  (a town whose mayor the registry does not record resolves to nobody). A mayor's office
  named alone («в мэрии», «мэрияга») is that town's office in the same way.
«Новый» / «жаңы» before or inside the title asks for a holder who took the post within a year.
A title does not resolve when
- the article has no date, or nobody (or several: «вице-премьер») held the post that day;
- a name stands next to it (that name is the mention: «президент Садыр Жапаров»);
- it belongs to someone else: another country after it or before it («президент России»,
  «российский премьер», «Тажикстандын президенти»), a foreign body («глава МИД Казахстана»), the
  last country named before it is foreign, a genitive after it («спикер ведомства», «президент
  ассоциации»), a «бывший / экс-» before it;
- it is generic: plural («президенты»), or an office rather than a holder («выборы президента»,
  «кандидат в президенты», «пост спикера»).
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass
from datetime import date, timedelta

from spacy.tokens import Doc, Span

from pipeline.analysis.countries import is_country
from pipeline.analysis.foreign import HOME, CountryTrail, ForeignBodies
from pipeline.analysis.names import parses
from pipeline.analysis.registry import Registry
from pipeline.analysis.title_keys import (CITY_ROLES, HEAD_ROLES, HEAD_WORDS, RECENT, RECENT_DAYS, TitleKind,
                                          TitleTable, title_tables)
from pipeline.morph import fold

CAPITAL = "place:bishkek"
_CAPITAL_WORDS = frozenset({"столица", "борбор"})  # мэр столицы, борбор калаанын мэри
_CITY_WORDS = frozenset({"шаар", "город", "калаа"})  # шаардын мэри: the town named last
_CITY_OFFICE = "мэрия"  # «в мэрии», «мэрияга» (folded lemma and stem)
_GENERIC_BEFORE = frozenset({"выборы", "выбор", "пост", "должность", "кандидат", "кандидатура", "институт",
                             "статус", "полномочие", "шайлоо", "талапкер", "кызмат", "бывший", "экс",
                             "прежний", "будущий", "мурдагы", "экс-президент"})
_FORMER_PREFIXES = ("экс-", "и.о", "врио")
_KY_PLURAL = re.compile(r"(?:[лдт][аеоө]р)")  # төрагалары, жетекчилери, башчылары
NEAR = 3  # tokens around a title where a name makes the title part of that mention


@dataclass(frozen=True)
class TitleHit:
    start: int  # token indices in the doc
    end: int
    kind: TitleKind
    recent: bool = False  # «новый», «жаңы»: the holder took the post lately


class Titles:
    """Built once per registry."""

    def __init__(self, registry: Registry, foreign: ForeignBodies) -> None:
        self.registry = registry
        self.foreign = foreign
        self._tables = title_tables(registry)
        self._head_roles: dict[str, tuple[str, ...]] = {}  # body id → the head posts held there
        for entity in registry.entities:
            for post in entity.posts:
                if post.org and post.role in HEAD_ROLES:
                    self._head_roles[post.org] = tuple(sorted({*self._head_roles.get(post.org, ()), post.role}))

    def find(self, doc: Doc, lang: str, day: date | None, trail_marks: list[tuple[int, CountryTrail]],
             persons: list[Span]) -> list[tuple[Span, str]]:
        """(title span, holder id) for each title in the doc that names one person that day;
        `trail_marks` (token index, countries named up to it) says whose a title is."""
        table = self._tables.get(lang)
        if day is None or not table:
            return []
        keys = [fold(t.lemma_ or t.text) for t in doc]
        marks = [i for i, _ in trail_marks]
        out = []
        i = 0
        while i < len(doc):
            hit = self._match(keys, i, table, doc, lang) or _office_alone(keys, i, doc)
            if hit is None:
                i += 1
                continue
            trail = trail_marks[max(0, bisect_left(marks, hit.start) - 1)][1]
            span = doc[hit.start:hit.end]
            owner = self.foreign.named_country(span, lang, trail)
            if owner == HOME or (owner is None and trail.about_home()):
                recent = hit.recent or self._recent_before(doc, hit.start, keys)
                if not hit.kind.roles:  # «в мэрии»: the office itself
                    span, holder = self._city_office(span, lang, trail)
                elif set(hit.kind.roles) <= set(CITY_ROLES):
                    span, holder = self._city_holder(span, hit, lang, day, trail, recent)
                else:
                    holder = self._holder(hit.kind, day, recent)
                if holder is not None and (not hit.kind.roles or self._stands_alone(
                        span, lang, persons, owner == HOME, city=span.end > hit.end or span.start < hit.start)):
                    out.append((span, holder))
            i = hit.end
        return out

    # ------------------------------------------------------------------ matching
    def _match(self, keys: list[str], i: int, table: TitleTable, doc: Doc, lang: str) -> TitleHit | None:
        if doc[i].ent_iob_ == "I":
            return None  # inside a registry name (Администрация Президента)
        for key, kind in table.get(keys[i], ()):
            end, recent = _match_keys(keys, i, key)
            # a registry name may sit inside the title (глава Кабмина), never stick out of it
            if end is not None and (end == len(doc) or doc[end].ent_iob_ != "I"):
                return TitleHit(i, end, kind, recent)
        return self._head_of_body(keys, i, doc, lang)

    def _head_of_body(self, keys: list[str], i: int, doc: Doc, lang: str) -> TitleHit | None:
        """«глава МИД», «новый председатель ГКНБ»; Kyrgyz «УКМКнын (жаңы) төрагасы», «ТИМ башчысы»."""
        heads = HEAD_WORDS[lang]
        if lang == "ky":
            body = _ent_starting(doc, i)
            if body is None or body.label_ != "body":
                return None
            j = body.end + (body.end < len(doc) and keys[body.end] in RECENT)
            if j < len(doc) and keys[j] in heads and body.ent_id_ in self._head_roles \
                    and not _KY_PLURAL.search(doc[j].lower_):  # «УКМКнын жетекчилери»: several
                return TitleHit(i, j + 1, TitleKind(self._head_roles[body.ent_id_], body.ent_id_), j > body.end)
            return None
        if keys[i] not in heads or i + 1 >= len(doc):
            return None
        body = _ent_starting(doc, i + 1)
        if body is None or body.label_ != "body" or body.ent_id_ not in self._head_roles:
            return None
        return TitleHit(i, body.end, TitleKind(self._head_roles[body.ent_id_], body.ent_id_))

    @staticmethod
    def _recent_before(doc: Doc, start: int, keys: list[str]) -> bool:
        return start > 0 and keys[start - 1] in RECENT

    # ------------------------------------------------------------------ holders
    def _holder(self, kind: TitleKind, day: date, recent: bool = False) -> str | None:
        holders = {e.id for role in kind.roles for e in self.registry.holders(role, day, org=kind.org)
                   if not recent or self._took_post_lately(e.id, role, kind.org, day)}
        return next(iter(holders)) if len(holders) == 1 else None

    def _took_post_lately(self, person: str, role: str, org: str | None, day: date) -> bool:
        entity = self.registry.get(person)
        return entity is not None and any(
            p.role == role and (org is None or p.org == org) and p.covers(day)
            and day - p.start <= timedelta(days=RECENT_DAYS) for p in entity.posts)

    def _city_holder(self, span: Span, hit: TitleHit, lang: str, day: date, trail: CountryTrail,
                     recent: bool) -> tuple[Span, str | None]:
        """«Мэр Бишкека» / «Бишкектин мэри» / «мэр столицы» / «мэр» alone: the title (with its city
        or capital word) and who held it in that city that day."""
        whole, office = self._office_of_city(span, lang, trail)
        if office is None:
            return span, None
        return whole, self._holder(TitleKind(hit.kind.roles, office), day, recent)

    def _city_office(self, span: Span, lang: str, trail: CountryTrail) -> tuple[Span, str | None]:
        """«в мэрии», «мэрияга»: the mayor's office of the town meant, when the registry has it."""
        whole, office = self._office_of_city(span, lang, trail)
        return whole, office if office is not None and self.registry.get(office) is not None else None

    def _office_of_city(self, span: Span, lang: str, trail: CountryTrail) -> tuple[Span, str | None]:
        """The span with its city words, and the mayor's office of the town it means."""
        doc = span.doc
        if lang == "ky":
            near = doc[span.start - 1] if span.start > 0 else None
            city = next((e for e in doc.ents if e.end == span.start and e.label_ == "place"), None)
            whole = doc[city.start:span.end] if city is not None else span
        else:
            near = doc[span.end] if span.end < len(doc) else None
            city = next((e for e in doc.ents if e.start == span.end and e.label_ == "place"), None)
            whole = doc[span.start:city.end] if city is not None else span
        if city is not None:
            place: str | None = city.ent_id_
        elif near is not None and fold(near.lemma_ or near.text) in _CAPITAL_WORDS:
            place, whole = CAPITAL, (doc[near.i:span.end] if lang == "ky" else doc[span.start:near.i + 1])
        elif near is not None and fold(near.lemma_ or near.text) in _CITY_WORDS:
            place, whole = trail.last_city, (doc[near.i:span.end] if lang == "ky" else doc[span.start:near.i + 1])
        elif near is not None and (near.ent_iob_ in ("B", "I") or lang == "ru" and _genitive_noun(near.text)):
            return span, None  # a mayor of somewhere else (мэр Алматы, мэр Москвы)
        else:
            place = trail.last_city or CAPITAL
        if place is None or not place.startswith("place:"):
            return span, None
        return whole, "body:" + place.removeprefix("place:") + "-mayor-office"

    # ------------------------------------------------------------------ whose title
    def _stands_alone(self, span: Span, lang: str, persons: list[Span], home_named: bool, city: bool = False) -> bool:
        doc = span.doc
        sent = span.sent
        if any(p.start < span.end + NEAR and p.end > span.start - NEAR and sent.start <= p.start < sent.end
               for p in persons):
            return False  # a name next to it in its sentence is the mention («Асанова. Глава ГКНБ» is not)
        first = span[0]
        if first.lower_.startswith(_FORMER_PREFIXES) or (lang == "ru" and _plural(_head_noun(span).text)):
            return False
        if span.start > 1 and doc[span.start - 1].text == "-" and \
                (doc[span.start - 2].lower_ + "-").startswith(("экс-", "вице-")):
            return False  # экс-президент; вице-премьер-министр when only «премьер-министр» matched
        if span.start > 0 and not city:
            prev = doc[span.start - 1]
            if fold(prev.lemma_ or prev.text) in _GENERIC_BEFORE or prev.lower_ in ("в", "во"):
                return False
            if self.foreign.adjective_country(prev.text, prev.lemma_, lang) not in (None, HOME):
                return False
            if prev.ent_id_ and is_country(prev.ent_id_):
                return False  # Kyrgyz: Казакстандын президенти
        if span.end < len(doc) and lang != "ky" and not city and not home_named:  # Kyrgyz puts the owner before
            nxt = doc[span.end]
            if nxt.ent_id_ and nxt.ent_id_ != HOME and (is_country(nxt.ent_id_) or nxt.ent_type_ in ("party", "media")):
                return False  # президент России, лидер партии; «спикер Жогорку Кенеша» stands
            if _genitive_noun(nxt.text) and nxt.ent_id_ != HOME:
                return False
            if nxt.is_title and nxt.ent_iob_ in ("O", "") and not nxt.is_sent_start:
                return False  # «президент Франции», «премьер Японии», an unknown name
        return True


def _match_keys(keys: list[str], i: int, key: tuple[str, ...]) -> tuple[int | None, bool]:
    """Where the title's keys matching from `i` end, allowing one «новый / жаңы» between its
    words (УКМКнын жаңы төрагасы); and whether one was skipped."""
    j, skipped = i, False
    for n, want in enumerate(key):
        if j < len(keys) and n and keys[j] in RECENT and not skipped and keys[j] != want:
            j, skipped = j + 1, True
        if j >= len(keys) or keys[j] != want:
            return None, False
        j += 1
    return j, skipped


def _office_alone(keys: list[str], i: int, doc: Doc) -> TitleHit | None:
    """A mayor's office no registry name covers: «в мэрии», «мэрияга» (not «Мэрия Оша»)."""
    if keys[i] == _CITY_OFFICE and doc[i].ent_iob_ not in ("B", "I"):
        return TitleHit(i, i + 1, TitleKind(()))
    return None


def _ent_starting(doc: Doc, i: int) -> Span | None:
    if doc[i].ent_iob_ != "B":
        return None
    return next((e for e in doc.ents if e.start == i), None)


def _head_noun(span: Span) -> object:
    """The title's first noun: министр (иностранных дел), (генеральный) прокурор, глава (ГКНБ)."""
    return next((t for t in span if (r := parses(t.text)) and r[0].tag.POS == "NOUN"), span[0])


def _plural(word: str) -> bool:
    readings = parses(word)
    return bool(readings) and "plur" in readings[0].tag


def _genitive_noun(word: str) -> bool:
    """A noun in the genitive after the title: «спикер ведомства», «президент компании»."""
    readings = parses(word)
    return bool(readings) and readings[0].tag.POS == "NOUN" and readings[0].tag.case == "gent"
