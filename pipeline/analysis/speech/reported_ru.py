"""Russian reported speech: по словам / по мнению / как сообщил X, …; X заявил(а), что …;
X сообщил «Вечернему Бишкеку», что …; Об этом сообщил X.; …, о чём заявил X.; …, добавив, что …;
parentheticals («Рост цен, говорят фермеры, продолжится»; «Цены вырастут, считают фермеры.»);
speech after a colon without quote marks (X заявил: выборы пройдут честно)."""

from __future__ import annotations

import re

from pipeline.analysis.speech import cues
from pipeline.analysis.speech.document import Document, Found, clause, cue_word, trimmed
from pipeline.analysis.speech.speakers import last_clause_start, speaker_after, speaker_before, unnamed
from pipeline.morph import ru_parses


def lead_in(doc: Document, found: list[Found]) -> list[Found]:
    """По словам X, … / По мнению X, … / Как сообщил X, … / Как он говорит, …"""
    out = []
    for m in cues.russian().lead_in.finditer(doc.text):
        if doc.inside_quote(m.start()):
            continue
        comma = _slot_comma(doc, m.end())
        if comma < 0:
            continue
        cue = cue_word(m.group(1))
        speaker = speaker_after(doc, m.start(), comma, cue) or unnamed(doc, m.end(), comma)
        start, end = clause(doc, comma + 1, sentence_of=m.start())
        if speaker and end > start:
            out.append(Found(speaker, "indirect", cue, start, end, m.start()))
    return out


def _slot_comma(doc: Document, pos: int) -> int:
    """The comma that closes a lead-in speaker slot, skipping commas inside a list of names."""
    stop = doc.clause_end(pos)
    comma = doc.text.find(",", pos, stop)
    while comma >= 0:
        if not doc.speaker_starts_between(comma + 1, comma + 5):
            return comma
        comma = doc.text.find(",", comma + 1, stop)
    return -1


def that_clause(doc: Document, found: list[Found]) -> list[Found]:
    """X заявил(а/и), что … — the speaker before the verb, the statement after «что»."""
    out = []
    matches = [m for m in cues.russian().that.finditer(doc.text) if not doc.inside_quote(m.start())]
    for m, after in zip(matches, [*matches[1:], None]):
        cue = m.group(1).lower()
        sent_lo = doc.sentence_at(m.start())[0]
        speaker = speaker_before(doc, sent_lo, m.start(1), cue)
        if speaker is None:
            if cues.impersonal(cue):
                continue  # «сообщается, что»: nobody to attribute it to
            speaker = (speaker_after(doc, m.end(1), m.end(), cue)  # «заявил глава ГКНБ, что»
                       or unnamed(doc, last_clause_start(doc, sent_lo, m.start(1)), m.start(1),
                                  before_verb=True))
            if speaker is None or not speaker.surface[:1].isalpha():
                continue
        start, end = clause(doc, m.end(), sentence_of=m.start(), limit=_next_clause(doc, m, after))
        if end > start:
            out.append(Found(speaker, "indirect", cue, start, end, m.start(1)))
    return out


def _next_clause(doc: Document, m: re.Match[str], after: re.Match[str] | None) -> int | None:
    """'X заявил, что …, а Y добавил, что …': the first statement stops at the comma before Y."""
    if after is None or doc.sentence_at(after.start())[0] != doc.sentence_at(m.start())[0]:
        return None
    comma = doc.text.rfind(",", m.end(), after.start())
    return comma if comma >= 0 else None


def about_this(doc: Document, found: list[Found]) -> list[Found]:
    """'Об этом сообщил X.' makes the sentence before the statement; '…, о чём заявил X.' the
    clause before it."""
    out = []
    rules = cues.russian()
    for m in rules.about_this.finditer(doc.text):
        before = doc.sentence_before(m.start())
        if before is not None:
            out += _attributed(doc, found, m, *before)
    for m in rules.of_which.finditer(doc.text):
        if not doc.inside_quote(m.start()):
            out += _attributed(doc, found, m, doc.sentence_at(m.start())[0], m.start())
    return out


def _attributed(doc: Document, found: list[Found], m: re.Match[str], lo: int, hi: int) -> list[Found]:
    cue = m.group(1).lower()
    slot_end = doc.clause_end(m.end())
    speaker = speaker_after(doc, m.start(1), slot_end, cue) or unnamed(doc, m.end(), slot_end)
    start, end = trimmed(doc.text, lo, hi, final_stop=True)
    if speaker is None or end <= start or any(_overlap(start, end, f) for f in found):
        return []
    return [Found(speaker, "indirect", cue, start, end, m.start())]


def _overlap(start: int, end: int, f: Found) -> bool:
    return min(end, f.end) > max(start, f.start)


def gerund(doc: Document, found: list[Found]) -> list[Found]:
    """'…, — подчеркнул он, добавив, что …': a second statement by the same speaker."""
    out = []
    for m in cues.russian().gerund.finditer(doc.text):
        if doc.inside_quote(m.start()):
            continue
        sent_lo = doc.sentence_at(m.start())[0]
        earlier = [f for f in found if sent_lo - 1 <= f.cue_at < m.start()]
        cue = m.group(1).lower()
        speaker = (max(earlier, key=lambda f: f.cue_at).speaker if earlier
                   else speaker_before(doc, sent_lo, m.start(), cue))
        start, end = clause(doc, m.end(), sentence_of=m.start())
        if speaker and end > start:
            out.append(Found(speaker, "indirect", cue, start, end, m.start()))
    return out


def comma_cue(doc: Document, found: list[Found]) -> list[Found]:
    """«Рост цен, говорят фермеры, продолжится» / «Цены вырастут, считают фермеры.»

    The cue follows a comma and its speaker slot runs to the next comma or the sentence end;
    the statement is the rest of the sentence (a parenthetical's both sides, as one span).
    """
    out = []
    for m in cues.russian().comma_cue.finditer(doc.text):
        if doc.inside_quote(m.start()) or doc.text[m.end():m.end() + 6].lstrip(" ,").startswith(("что", "о том")):
            continue
        sent_lo, sent_hi = doc.sentence_at(m.start())
        stop = doc.clause_end(m.end())
        comma = doc.text.find(",", m.end(), stop)
        slot_end = comma if comma >= 0 else stop
        cue = cue_word(m.group(1))
        speaker = speaker_after(doc, m.start(1), slot_end, cue) or unnamed(doc, m.end(), slot_end)
        if speaker is None or not _short_slot(doc, m.end(), slot_end):
            continue
        start, end = trimmed(doc.text, sent_lo, sent_hi if comma >= 0 else m.start(), final_stop=True)
        if end > start and start < m.start() and not doc.inside_quote(start):
            out.append(Found(speaker, "indirect", cue, start, end, m.start(1)))
    return out


def _short_slot(doc: Document, lo: int, hi: int) -> bool:
    """A speaker slot is a name, a pronoun or a short description in the nominative, not a clause of its own
    («…, предупредила мировое сообщество о последствиях» is the verb's object and topic)."""
    citing = re.search(r"(?<![\w-])(?:со\s+ссылкой|ссылаясь)\s+на\s", doc.text[lo:hi])
    words = re.findall(r"[\w-]+", doc.text[lo:lo + citing.start()] if citing else doc.text[lo:hi])  # «24.kg со ссылкой на …»
    if not 0 < len(words) <= 6 or any(w.lower() in ("о", "об", "обо") for w in words):
        return False
    if len(words) == 1 and cues.BODY_ANAPHORS.fullmatch(words[0]):
        return True  # «…, уточнили там», «…, сообщили в ведомстве»
    first = words[0] if words[0].lower() not in ("в", "во", "на") else ""
    return not first or first[:1].isupper() or first[:1].isdigit() or any(
        p.tag.case == "nomn" and p.tag.POS in ("NOUN", "ADJF", "PRTF", "NPRO") for p in ru_parses(first))


def _has_object(between: str) -> bool:
    """A common noun in the nominative or accusative between the verb and the colon: its object."""
    previous = ""
    for word in re.findall(r"[а-яё]+", between):
        after_preposition = previous != "" and ru_parses(previous)[0].tag.POS == "PREP"  # «в интервью»
        if len(word) > 2 and not after_preposition and any(p.tag.POS == "NOUN" and p.tag.case in ("nomn", "accs")
                                         for p in ru_parses(word)):
            return True
        previous = word
    return False


def colon_speech(doc: Document, found: list[Found]) -> list[Found]:
    """'Министр заявил: выборы пройдут честно.' — speech after a colon, without quote marks."""
    out = []
    for m in cues.russian().colon_speech.finditer(doc.text):
        if doc.inside_quote(m.start()):
            continue
        cue = m.group(1).lower()
        if _has_object(doc.text[m.end(1) : m.end()]):
            continue  # «отметили три сферы: …» — the colon opens a list, not speech
        sent_lo = doc.sentence_at(m.start())[0]
        speaker = (speaker_before(doc, sent_lo, m.start(1), cue)
                   or speaker_after(doc, m.end(1), m.end(), cue)
                   or unnamed(doc, last_clause_start(doc, sent_lo, m.start(1)), m.start(1), before_verb=True))
        start, end = clause(doc, m.end(), sentence_of=m.start())
        if speaker and end > start:
            out.append(Found(speaker, "indirect", cue, start, end, m.start(1)))
    return out
