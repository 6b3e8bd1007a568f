"""Who «он», «она», «они», «ал», «алар», «ведомство», «министрлик» stand for.

- он/она/ал: the person last named before, of the pronoun's gender where Russian shows it
  (the pronoun itself, or a past-tense cue: «— сказала она»); within that sentence, its subject
  (named first). Nobody fitting → unresolved, never a guess across genders.
- они/алар: the speakers of the nearest sentence that named any: several persons or a list of
  parties or bodies together form a collective; one body or party is itself; a lone person is
  not «они» (unresolved).
- ведомство, министерство, комиссия, мекеме, министрлик: the body last named, preferring one
  whose name is of that kind.
"""

from __future__ import annotations

import re

from pipeline.analysis.speech import cues
from pipeline.analysis.speech.document import Document, Speaker
from pipeline.morph import fold, ru_parses
from pipeline.records import Mention

_CHAIN_GAP_RE = re.compile(r"[\s,«»\"“”„]*(?:(?:и|а также|жана|менен|,)[\s«»\"“”„]*)?\Z", re.I)
_FEMALE_ENDINGS = ("ова", "ева", "ёва", "ина", "ына", "ая", "овой", "евой", "ёвой", "иной", "ыной", "ской", "цкой")
_MALE_ENDINGS = ("ов", "ев", "ёв", "ин", "ын", "ий", "ый", "овым", "евым", "иным", "ыным", "ове", "еве", "ине")
_AMBIGUOUS_ENDINGS = ("ова", "ева", "ёва", "ина", "ына")  # a woman (nominative) or a man (genitive)
_GENITIVE_PREPOSITIONS = frozenset({"у", "от", "для", "без", "до", "против", "после", "кроме", "около", "со", "с"})
_KIND_STEMS = {"министерств": "министерств", "министрлик": "министрлиг", "комисси": "комисси"}


def surname_gender(word: str) -> str | None:
    """'m', 'f' or None (unknown, or -ова/-ина read either way) from a Russian-style surname form."""
    low = word.lower()
    if low in ("уулу",):
        return "m"
    if low in ("кызы",):
        return "f"
    if low.endswith(_AMBIGUOUS_ENDINGS):
        return None
    if low.endswith(_FEMALE_ENDINGS):
        return "f"
    if low.endswith(_MALE_ENDINGS):
        return "m"
    return None


def mention_gender(doc: Document, m: Mention) -> str | None:
    """A person's gender as the registry or the text shows it; None when nothing tells."""
    entity = doc.registry.get(m.entity_id) if doc.registry is not None else None
    if entity is not None and entity.type == "person":
        surname = entity.surname.get("ru") or next(iter(entity.surname.values()), "")
        return _nominative_gender(surname.split()[-1]) if surname else None
    words = m.surface.split()
    if not words:
        return None
    gender = surname_gender(words[-1])
    if gender is not None or not words[-1].lower().endswith(_AMBIGUOUS_ENDINGS):
        return gender
    return _gender_from_context(doc, m, words)


def _nominative_gender(surname: str) -> str | None:
    low = surname.lower()
    return "f" if low.endswith(_AMBIGUOUS_ENDINGS + ("ая",)) else surname_gender(surname)


def _gender_from_context(doc: Document, m: Mention, words: list[str]) -> str | None:
    """«Асанова» is a woman, «у Асанова» / «заявление Асанова» a man: look at the words around."""
    for word in words[:-1]:  # a given name says it (pymorphy3 knows many)
        for p in ru_parses(word)[:2]:
            if "Name" in p.tag and p.tag.gender in ("masc", "femn"):
                return "f" if p.tag.gender == "femn" else "m"
    before = doc.text[max(0, m.start - 30) : m.start].split()
    if before:
        prev = before[-1].lower().strip("«»\"„“,")
        if prev in _GENITIVE_PREPOSITIONS:
            return "m"
        best = ru_parses(prev)[0] if prev.isalpha() else None
        if best is not None and best.tag.POS == "NOUN" and not prev[0].isupper():
            return "m"  # «заявление Асанова»: a genitive after a noun
    after = doc.text[m.end : m.end + 30].split()
    if after:
        gender = cues.cue_gender(after[0].strip(",."), "ru")
        if gender is not None:
            return gender
    return "f"  # standing alone, -ова is a woman's name in the nominative


def resolve_pronoun(doc: Document, word: str, before: int, cue: str = "") -> Speaker:
    """The speaker a pronoun at `before` stands for, or an unresolved speaker saying so."""
    low = word.lower()
    if low in cues.RU_PLURAL_PRONOUNS or low in cues.KY_PLURAL_PRONOUNS:
        return _plural_antecedent(doc, word, before)
    gender = cues.RU_PERSON_PRONOUNS.get(low) if doc.lang == "ru" else None
    gender = gender or cues.cue_gender(cue, doc.lang)
    last = _last_person(doc, before, gender)
    if last is None:
        return Speaker(None, word, "pronoun")
    # The subject of the last sentence naming someone: it comes first in both languages
    # ("Шайлдабекова Ташиев менен жолукту. … — деди ал" is Шайлдабекова, not Ташиев).
    sentence_start = doc.sentence_at(last.start)[0]
    subject = last
    for m in reversed(doc.persons[: doc.persons.index(last)]):
        if m.start < sentence_start:
            break
        if not doc.inside_quote(m.start) and fits(doc, m, gender):
            subject = m
    return Speaker(subject.entity_id, subject.surface)


def fits(doc: Document, m: Mention, gender: str | None) -> bool:
    """Whether a person may be referred to with this gender (unknown genders fit both)."""
    if gender is None:
        return True
    found = mention_gender(doc, m)
    return found is None or found == gender


def _last_person(doc: Document, before: int, gender: str | None) -> Mention | None:
    for m in reversed(doc.persons):
        if m.end <= before and not doc.inside_quote(m.start) and fits(doc, m, gender):
            return m
    return None


def _plural_antecedent(doc: Document, word: str, before: int) -> Speaker:
    named = [m for m in doc.speakers if m.end <= before and not doc.inside_quote(m.start)]
    if not named:
        return Speaker(None, word, "pronoun")
    lo, hi = doc.sentence_at(named[-1].start)
    group = [m for m in named if lo <= m.start < hi]
    persons = [m for m in group if m.entity_type == "person"]
    if len({m.entity_id for m in persons}) > 1:
        return Speaker(None, ", ".join(dict.fromkeys(m.surface for m in persons)), "collective")
    chained = collective(doc, group, len(group) - 1)
    if chained is not None:
        return chained
    last = group[-1]
    if last.entity_type != "person":
        return Speaker(last.entity_id, last.surface)
    return Speaker(None, word, "pronoun")


def body_anaphor(doc: Document, lo: int, hi: int) -> Speaker | None:
    """«в ведомстве», «министрлик», «комиссия» in the slot → the body last named before it."""
    m = cues.BODY_ANAPHORS.search(doc.text, lo, hi)
    if m is None or doc.inside_quote(m.start()):
        return None
    word = fold(m.group(1))
    bodies = [b for b in doc.speakers if b.end <= m.start() and b.entity_type in ("body", "organisation")
              and not doc.inside_quote(b.start)]
    if not bodies:
        return None
    kind = next((stem for key, stem in _KIND_STEMS.items() if word.startswith(key)), None)
    of_kind = [b for b in bodies if kind and kind in fold(b.name)]
    chosen = (of_kind or bodies)[-1]
    return Speaker(chosen.entity_id, chosen.surface)


def collective(doc: Document, cands: list[Mention], i: int) -> Speaker | None:
    """The list of several entities the mention at `i` belongs to ('А, Б и В заявили'), if any."""
    if not cands:
        return None
    lo = hi = i
    while lo > 0 and _chained(doc, cands[lo - 1], cands[lo]):
        lo -= 1
    while hi + 1 < len(cands) and _chained(doc, cands[hi], cands[hi + 1]):
        hi += 1
    if len({m.entity_id for m in cands[lo : hi + 1]}) > 1:
        return _collective(doc, cands[lo], cands[hi])
    return None


def _chained(doc: Document, a: Mention, b: Mention) -> bool:
    gap = doc.text[a.end : b.start]
    # Linking may type one list member differently (Азаттык: party or radio), so any two
    # non-person speakers chain; persons chain only with persons.
    same_kind = (a.entity_type == "person") == (b.entity_type == "person")
    return same_kind and len(gap) <= 12 and bool(_CHAIN_GAP_RE.match(gap))


def _collective(doc: Document, first: Mention, last: Mention) -> Speaker:
    """'представители партий «А» и «Б»' / '«А» жана «Б» партияларынын өкүлдөрү'."""
    text = doc.text
    start, end = first.start, last.end
    while end < len(text) and text[end] in "»\"”":
        end += 1
    while start > 0 and text[start - 1] in "«\"“„":
        start -= 1
    head = cues.RU_COLLECTIVE_HEADS.search(text, max(0, start - 60), start)
    if head:
        start = head.start()
    tail = cues.KY_COLLECTIVE_HEADS.match(text, end)
    if tail:
        end = tail.end()
    return Speaker(None, text[start:end].strip(), "collective")
