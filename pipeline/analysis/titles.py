"""A post named without a name — «глава государства», «өлкө башчысы», «премьер», «спикер»,
«генпрокурор» — is a mention of whoever held that post on the article's day, when the article is
about Kyrgyzstan.

Only single-seat posts resolve (one president, one speaker, one prosecutor general), through
`Registry.holders` on the article's day. A title does not resolve when
- the article has no date, or nobody (or several) held the post that day;
- a name stands next to it (that name is the mention: «президент Садыр Жапаров»);
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
from pipeline.morph import fold, ru_parses, tokens

# single-seat posts whose bare title names their holder
TITLE_ROLES = ("president", "chair_of_cabinet", "prime_minister", "speaker", "prosecutor_general", "cec_chair",
               "gknb_chair", "national_bank_chair", "ombudsman", "head_of_administration",
               "security_council_secretary", "state_secretary")
_GENERIC_BEFORE = frozenset({"выборы", "выбор", "пост", "должность", "кандидат", "кандидатура", "институт",
                             "статус", "полномочие", "шайлоо", "талапкер", "кызмат", "бывший", "экс",
                             "прежний", "будущий", "новый", "мурдагы", "экс-президент"})
_FORMER_PREFIXES = ("экс-", "вице-", "и.о", "врио")
NEAR = 3  # tokens around a title where a name makes the title part of that mention


@dataclass(frozen=True)
class TitleHit:
    start: int  # token indices in the doc
    end: int
    role: str


class Titles:
    """Built once per registry."""

    def __init__(self, registry: Registry, foreign: ForeignBodies) -> None:
        self.registry = registry
        self.foreign = foreign
        self._by_first: dict[str, dict[str, list[tuple[tuple[str, ...], str]]]] = {}
        for role in TITLE_ROLES:
            for lang, phrases in registry.roles.get(role, {}).items():
                for phrase in phrases:
                    key = _phrase_key(phrase, lang)
                    if key:
                        self._by_first.setdefault(lang, {}).setdefault(key[0], []).append((key, role))
        for table in self._by_first.values():
            for phrases in table.values():
                phrases.sort(key=lambda p: -len(p[0]))

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
            holder = self._holder(hit.role, day)
            if holder is not None and self._stands_alone(span, lang, persons):
                out.append((span, holder))
            i = hit.end
        return out

    @staticmethod
    def _match(keys: list[str], i: int, table: dict[str, list[tuple[tuple[str, ...], str]]],
               doc: Doc) -> TitleHit | None:
        if doc[i].ent_iob_ not in ("O", ""):
            return None  # inside a registry name (Администрация Президента)
        for key, role in table.get(keys[i], ()):
            if tuple(keys[i:i + len(key)]) == key and all(t.ent_iob_ in ("O", "") for t in doc[i:i + len(key)]):
                return TitleHit(i, i + len(key), role)
        return None

    def _holder(self, role: str, day: date) -> str | None:
        holders = self.registry.holders(role, day)
        return holders[0].id if len(holders) == 1 else None

    def _stands_alone(self, span: Span, lang: str, persons: list[Span]) -> bool:
        doc = span.doc
        if any(p.start < span.end + NEAR and p.end > span.start - NEAR for p in persons):
            return False
        first, last = span[0], span[-1]
        if first.lower_.startswith(_FORMER_PREFIXES) or (lang == "ru" and _plural(last.text)):
            return False
        if span.start > 0:
            prev = doc[span.start - 1]
            if fold(prev.lemma_ or prev.text) in _GENERIC_BEFORE or prev.lower_ in ("в", "во"):
                return False
            if self.foreign.adjective_country(prev.text, prev.lemma_, lang) is not None:
                return False
            if prev.ent_id_ and is_country(prev.ent_id_):
                return False  # Kyrgyz: Казакстандын президенти
        if span.end < len(doc):
            nxt = doc[span.end]
            if nxt.ent_id_ and nxt.ent_id_ != HOME and nxt.ent_type_ in ("place", "body", "party", "media"):
                return False
            if lang == "ru" and _genitive_noun(nxt.text) and nxt.ent_id_ != HOME:
                return False
            if nxt.is_title and nxt.ent_iob_ in ("O", "") and not nxt.is_sent_start and lang == "ru":
                return False  # «президент Франции», «премьер Японии», an unknown name
        return True


def _phrase_key(phrase: str, lang: str) -> tuple[str, ...]:
    """The phrase's word keys as spaCy tokenises it: a hyphen is a token of its own
    (премьер-министр → премьер, -, министр)."""
    out: list[str] = []
    for word, _, _ in tokens(phrase):
        parts = word.split("-")
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
