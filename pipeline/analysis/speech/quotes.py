"""Direct speech: quoted text with a cue after it («…», — говорит X; «…» сказал X), a cue or a
name and colon before it (X заявил: «…»; X: «…»; Kyrgyz X мындай деди: «…»), or the cue inside
it («…, — говорит X, — …»)."""

from __future__ import annotations

import re

from pipeline.analysis.speech import cues
from pipeline.analysis.speech.document import MAX_STATEMENT_CHARS, NOBODY, Document, Found, cue_word, trimmed

_RESUME_RE = re.compile(r"[.,]?\s*[—–]\s*")  # "— сказал он. — " : where the quote resumes
_INNER_RESUME_RE = re.compile(r"[.,]\s*[—–]\s+")  # "…, — говорит X, — но не сразу"
_CLOSING = "»\"”"
from pipeline.analysis.speech.speakers import speaker_after, speaker_before, unnamed


def quote_spans(text: str) -> list[tuple[int, int]]:
    """Top-level quoted spans as (inner start, inner end), nested quotes inside them.

    « » and „ “ pair by kind; a straight " opens after a space or dash and closes before a
    space or punctuation, which also handles "…итогами "честных" выборов…". An unclosed quote
    ends at the paragraph break and yields nothing, so it can never swallow an article.
    """
    spans: list[tuple[int, int]] = []
    stack: list[tuple[str, int]] = []
    for i, ch in enumerate(text):
        if ch == "\n":
            stack.clear()
            continue
        if ch not in "«»„“”\"":
            continue
        if ch in "«„" or (ch == "“" and not (stack and stack[-1][0] == "„")):
            stack.append((ch, i))
            continue
        if ch == '"':
            prev = text[i - 1] if i else " "
            nxt = text[i + 1] if i + 1 < len(text) else " "
            opens = prev.isspace() or prev in "([—–-«„“:/'"
            closes = not (nxt.isalnum())
            if opens and not closes or (opens == closes and not (stack and stack[-1][0] == '"')):
                stack.append((ch, i))
                continue
        if not stack:
            continue
        _, start = stack.pop()
        if not stack and i - start - 1 <= MAX_STATEMENT_CHARS:
            spans.append((start + 1, i))
    return spans


def _names_only(doc: Document, start: int, end: int) -> bool:
    """«Ата Мекен», «Вечернему Бишкеку»: a quoted name, not speech (the quote is the name itself)."""
    inner = doc.text[start:end]
    return len(inner.split()) <= 3 and any(m.start <= start + 1 and m.end >= end - 1 for m in doc.speakers)


def direct_quotes(doc: Document) -> list[Found]:
    """Every quoted span that a cue makes speech."""
    rules = cues.kyrgyz() if doc.lang == "ky" else cues.russian()
    found: list[Found] = []
    for inner_start, inner_end in quote_spans(doc.text):
        if _names_only(doc, inner_start, inner_end):
            continue
        close = inner_end + 1
        after = rules.after_quote.match(doc.text, close, min(len(doc.text), close + 80))
        sent_lo = doc.sentence_at(inner_start - 1)[0]
        if after:
            cue = cue_word(after.group(1))
            slot_end = doc.clause_end(after.end())
            speaker = (speaker_after(doc, after.start(1), slot_end, cue, context=inner_start - 1)
                       or speaker_before(doc, sent_lo, inner_start - 1, cue)
                       or unnamed(doc, after.end(), slot_end) or NOBODY)
            cue_at = after.start(1)
        else:
            colon = rules.before_colon.search(doc.text, sent_lo, inner_start - 1)
            if not colon:
                found += _interrupted(doc, inner_start, inner_end) or _said_so_after(doc, inner_start, inner_end)
                continue
            cue = cue_word(colon.group(1)) if colon.group(1) else ":"
            named = speaker_before(doc, sent_lo, colon.start(), cue)
            if named is None and cue == ":" and not cues.ROLE_BEFORE_COLON.search(doc.text, sent_lo, colon.end()):
                continue  # «Заголовок: «…»» — a colon alone is speech only after a name or a post
            speaker = named or unnamed(doc, sent_lo, colon.start(), before_verb=True) or NOBODY
            cue_at = colon.start()
        start, end = trimmed(doc.text, inner_start, inner_end)
        if end > start:
            found.append(Found(speaker, "direct", cue, start, end, cue_at))
    return found


def _said_so_after(doc: Document, inner_start: int, inner_end: int) -> list[Found]:
    """«…». Так президент Садыр Жапаров ответил на вопрос. / «…». Президент ушинтип жооп берди."""
    rules = cues.kyrgyz() if doc.lang == "ky" else cues.russian()
    next_lo = inner_end + 1
    while next_lo < len(doc.text) and doc.text[next_lo] in ".!?…":
        next_lo += 1
    if next_lo == inner_end + 1 and doc.text[inner_end - 1 : inner_end] not in ".!?…":
        return []  # the quote must close a sentence of its own
    m = rules.so_said.match(doc.text, next_lo, doc.clause_end(next_lo) + 1)
    if not m or "\n\n" in doc.text[inner_end:next_lo + 2]:
        return []
    cue = cue_word(m.group(1))
    slot_lo, slot_hi = doc.sentence_at(m.start(1))
    speaker = (speaker_before(doc, next_lo, m.start(1), cue) or speaker_after(doc, m.end(1), doc.clause_end(m.end(1)), cue)
               or NOBODY)
    start, end = trimmed(doc.text, inner_start, inner_end)
    return [Found(speaker, "direct", cue, start, end, m.start(1))] if end > start else []


def _interrupted(doc: Document, inner_start: int, inner_end: int) -> list[Found]:
    """«Выборы прошли спокойно, — сказал X. — Я благодарю наблюдателей»: the cue inside the quote."""
    rules = cues.kyrgyz() if doc.lang == "ky" else cues.russian()
    m = rules.dash_cue.search(doc.text, inner_start, inner_end)
    if not m:
        return []
    resume = _RESUME_RE.search(doc.text, m.end(), inner_end)
    slot_end = resume.start() if resume else inner_end
    cue = cue_word(m.group(1))
    speaker = (speaker_after(doc, m.start(1), slot_end, cue, context=inner_start - 1)
               or unnamed(doc, m.end(), slot_end) or NOBODY)
    parts = [(inner_start, m.start())] + ([(resume.end(), inner_end)] if resume else [])
    spans = [trimmed(doc.text, s, e) for s, e in parts]
    return [Found(speaker, "direct", cue, s, e, m.start(1)) for s, e in spans if e > s]


def dash_speech(doc: Document, found: list[Found]) -> list[Found]:
    """Dialogue without quote marks: «— Цены вырастут, — говорит X, — но не сразу.»"""
    rules = cues.kyrgyz() if doc.lang == "ky" else cues.russian()
    out = []
    for m in rules.dash_cue.finditer(doc.text):
        if doc.inside_quote(m.start()) or doc.text[max(0, m.start() - 1)] in _CLOSING:
            continue
        start, end = trimmed(doc.text, doc.sentence_at(m.start())[0], m.start())
        if end <= start or doc.inside_quote(start):
            continue
        cue = cue_word(m.group(1))
        slot_end = doc.clause_end(m.end())
        resume = _INNER_RESUME_RE.search(doc.text, m.end(), min(len(doc.text), slot_end + 4))
        speaker = (speaker_after(doc, m.start(1), resume.start() if resume else slot_end, cue, context=start)
                   or unnamed(doc, m.end(), resume.start() if resume else slot_end) or NOBODY)
        out.append(Found(speaker, "direct", cue, start, end, m.start(1)))
        if resume:
            more_lo, more_hi = trimmed(doc.text, resume.end(), doc.clause_end(resume.end(), MAX_STATEMENT_CHARS))
            if more_hi > more_lo:
                out.append(Found(speaker, "direct", cue, more_lo, more_hi, m.start(1)))
    return out
