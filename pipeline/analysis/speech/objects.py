"""Whether a mention can be the subject of a speech verb: not an addressee in the dative
(«рассказали „Вечернему Бишкеку“», «сотко», «мэрияга»), not a noun after с/к/для/о («встретился с
Ташиевым»), not a Kyrgyz accusative object (Ташиевди), not an outlet right after the verb
(«рассказал 24.kg …»). Speaker slots and the antecedents of «они»/«алар» ask it."""

from __future__ import annotations

import re
from functools import lru_cache

from pipeline.analysis.speech.document import Document
from pipeline.morph import fold, ru_parses
from pipeline.records import Mention

# on folded words (ө→о, ү→у): -га/-ке/-го, -(с)ына after a possessive; -ны/-ди/-ту, -(с)ын
KY_DATIVE_RE = re.compile(r"(?:[гк][аео]|(?:с?[ыиу])?н[аео])\Z")
KY_PLAIN_DATIVE_RE = re.compile(r"[гк][аео]\Z")
_POSSESSIVE_RE = re.compile(r"(?<=[^аеиоуы])с?[ыиу]\Z")
_KY_ACCUSATIVE_RE = re.compile(r"(?:[ндт][ыиу]|с?[ыиу]н)\Z")
_NON_SUBJECT_PREPOSITIONS = frozenset({"к", "ко", "с", "со", "для", "о", "об", "обо", "про", "против", "перед", "над", "между"})


def usable(doc: Document, m: Mention, cue_end: int | None = None) -> bool:
    """Whether a mention can be the subject of the speech verb (see the module's docstring)."""
    before = doc.text[max(0, m.start - 20) : m.start].split()
    if before and before[-1].lower().strip("«\"„“") in _NON_SUBJECT_PREPOSITIONS:
        return False
    word = doc.text[m.start : m.end].split()[-1] if doc.text[m.start : m.end].split() else ""
    if doc.lang == "ky":
        return not _ky_object(doc, m, word)
    if cue_end is not None and m.entity_type == "media" and not doc.text[cue_end : m.start].strip(" «\"„“"):
        return False  # «рассказал 24.kg …»: the outlet was told, someone else speaks
    return not _ru_object(doc.text[m.start : m.end])


@lru_cache(maxsize=50_000)
def _ru_object(surface: str) -> bool:
    """Every reading of the mention's first inflected word is dative or instrumental."""
    words = [w for w in re.findall(r"[А-Яа-яЁё]+", surface) if not w.isupper()]
    if not words:
        return False
    cases = {str(p.tag.case) for p in ru_parses(words[0]) if p.tag.case}
    return bool(cases) and cases <= {"datv", "ablt"}


def _ky_object(doc: Document, m: Mention, word: str) -> bool:
    """A Kyrgyz dative (УКМКга, сотко, Ташиевге) or accusative (Ташиевди) ending after the name."""
    entity = doc.registry.get(m.entity_id) if doc.registry is not None else None
    names = [*entity.names.values(), *entity.abbreviations.get("ky", ())] if entity is not None else []
    low = fold(word)
    lasts = [fold(n.split()[-1]) for n in names if n.split()]
    bases = lasts + [_POSSESSIVE_RE.sub("", w) for w in lasts]  # «Жогорку соту» → сот, as in «сотко»
    base = max((b for b in bases if b and low.startswith(b)), key=len, default="")
    if not base:  # an unknown name: only an unmistakable dative
        return len(low) > 5 and bool(KY_PLAIN_DATIVE_RE.search(low))
    tail = low[len(base):]
    return bool(KY_DATIVE_RE.fullmatch(tail) or _KY_ACCUSATIVE_RE.fullmatch(tail))
