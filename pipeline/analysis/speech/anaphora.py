"""Who «он», «она», «они», «ал», «алар», «ведомство», «министрлик» stand for.

- он/она/ал: the person last named before, of the pronoun's gender where Russian shows it
  (the pronoun itself, or a past-tense cue: «— сказала она»; a person's gender is
  `gender.mention_gender`: the registry's, or what the name's form shows); within that sentence,
  its subject (named first). Nobody fitting → unresolved, never a guess across genders.
- они/алар: the speakers of the nearest sentence that named any: several persons or a list of
  parties or bodies together form a collective; one body or party is itself; a lone person is
  not «они» (unresolved).
- ведомство, министерство, комиссия, мекеме, министрлик: the body last named, preferring one
  whose name is of that kind.
"""

from __future__ import annotations

import re

from pipeline.analysis.speech import cues, objects
from pipeline.analysis.speech.document import Document, Speaker
from pipeline.analysis.gender import mention_gender
from pipeline.morph import fold
from pipeline.records import Mention

_CHAIN_GAP_RE = re.compile(r"[\s,«»\"“”„]*(?:(?:и|а также|жана|менен|,)[\s«»\"“”„]*)?\Z", re.I)
_NOT_HEADS = ("deputy", "first_deputy", "state_secretary")  # posts at a body that do not head it
_KIND_STEMS = {"министерств": "министерств", "министрлик": "министрлиг", "комисси": "комисси", "мэри": "мэри",
               "фонд": "фонд", "агентств": "агентств", "палат": "палат", "служб": "служб",
               "правительств": "правительств", "комитет": "комитет"}
_KIND_REQUIRED = ("мэри", "фонд", "агентств", "палат", "служб", "правительств")  # no other body stands for these


def subject_like(doc: Document, m: Mention) -> bool:
    """Not after a preposition that makes it an object («в споре с ГНС», «встретился с Ташиевым»),
    nor a Kyrgyz dative or accusative («Ата-энелер мэрияга кайрылышты. Алар …» are the parents)."""
    before = doc.text[max(0, m.start - 12) : m.start].split()
    if before and before[-1].lower() in ("с", "со", "к", "ко", "для", "о", "об", "против", "менен"):
        return False
    return doc.lang != "ky" or objects.usable(doc, m)


def resolve_pronoun(doc: Document, word: str, before: int, cue: str = "") -> Speaker:
    """The speaker a pronoun at `before` stands for, or an unresolved speaker saying so."""
    low = word.lower()
    if low in cues.RU_PLURAL_PRONOUNS or low in cues.KY_PLURAL_PRONOUNS:
        return _plural_antecedent(doc, word, before)
    gender = cues.RU_PERSON_PRONOUNS.get(low) if doc.lang == "ru" else None
    gender = gender or cues.cue_gender(cue, doc.lang)
    last = _last_person(doc, before, gender)
    if last is None:
        ahead = _next_person(doc, before, gender)  # «— говорит она. Гулипа Матисакова живёт …»
        return Speaker(ahead.entity_id, ahead.surface) if ahead else Speaker(None, word, "pronoun")
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
    found = person_gender(doc, m)
    return found is None or found == gender


def person_gender(doc: Document, m: Mention) -> str | None:
    """The registry's gender for a known person; for others what the text says (`mention_gender`)."""
    return mention_gender(m, doc.registry, "ky" if doc.lang == "ky" else "ru")


def _last_person(doc: Document, before: int, gender: str | None) -> Mention | None:
    for m in reversed(doc.persons):
        if m.end <= before and not doc.inside_quote(m.start) and fits(doc, m, gender):
            return m
    return None


def _next_person(doc: Document, after: int, gender: str | None) -> Mention | None:
    """A feature's opening pronoun names its person in the next sentence: the first person named
    there (or later in the same sentence) who fits — only when nobody was named before."""
    sent_hi = doc.sentence_at(after)[1]
    limit = doc.sentence_at(sent_hi + 1)[1] if sent_hi + 1 < len(doc.text) else sent_hi
    ahead = [m for m in doc.persons if after < m.start <= limit and not doc.inside_quote(m.start)]
    if not ahead or not fits(doc, ahead[0], gender):
        return None
    between = doc.text[sent_hi : ahead[0].start]
    if "\n\n" in doc.text[after : ahead[0].start] or any(c in between for c in "«»\"“”„—–"):
        return None  # «…», — сказал он. «…», — сказал Ташиев: the next name is another speaker's
    return ahead[0]


def _plural_antecedent(doc: Document, word: str, before: int) -> Speaker:
    named = [m for m in doc.speakers if m.end <= before and not doc.inside_quote(m.start) and subject_like(doc, m)]
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
    of_kind = [b for b in bodies if kind and any(kind in fold(n) for n in _names(doc, b))]
    if kind and not of_kind and kind in _KIND_REQUIRED:
        return None  # «в мэрии» with no mayor's office named: not some other body
    chosen = (of_kind or bodies)[-1]
    leader = cues.RU_LEADER_BEFORE.search(doc.text, max(0, m.start() - 40), m.start())
    if leader is not None:  # «— сказала глава комиссии»: the head of the body named before
        return head_of(doc, chosen.entity_id, doc.text[leader.start() : m.end()], leader.start())
    return Speaker(chosen.entity_id, chosen.surface)


def head_of(doc: Document, body_id: str | None, surface: str, before: int) -> Speaker:
    """«Глава ГКНБ», «БШКнын төрагасы»: the person named earlier who held a post at that body,
    else the one registry person heading it on the article's day, else the head as described."""
    if doc.registry is None or body_id is None:
        return Speaker(None, surface, "unnamed")
    for m in reversed(doc.persons):
        entity = doc.registry.get(m.entity_id)
        if m.end <= before and not doc.inside_quote(m.start) and entity is not None \
                and any(post.org == body_id for post in entity.posts):
            return Speaker(m.entity_id, m.surface)
    heads = {e.id for e in doc.registry.entities if doc.day is not None
             for post in e.posts_on(doc.day) if post.org == body_id and not post.role.startswith(_NOT_HEADS)}
    if len(heads) == 1:
        return Speaker(heads.pop(), surface)
    return Speaker(None, surface, "unnamed")


def _names(doc: Document, m: Mention) -> list[str]:
    entity = doc.registry.get(m.entity_id) if doc.registry is not None else None
    if entity is None:
        return [m.name]
    return [m.name, *entity.names.values(), *(a for aliases in entity.aliases.values() for a in aliases)]


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
