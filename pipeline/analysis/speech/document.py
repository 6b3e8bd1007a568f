"""The view of one article every statement rule shares: its text, sentences, the speakers named
in it, the spans already taken by direct quotes, and how a finding becomes a `Statement`."""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Literal

from pipeline.analysis.registry import Registry
from pipeline.analysis.speech import cues, verbs_ky
from pipeline.records import Mention, Statement

MAX_STATEMENT_CHARS = 1500  # longer "quotes" are unbalanced quote marks, not speech
SLOT_CHARS = 250  # how far after a cue the speaker may be named
TRIM = " \t\r\n,;:—–-"
_TERMINATOR_RE = re.compile(r"[.!?…]+(?=[\s»\"”]|\Z)|\n")
INITIAL_RE = re.compile(r"(?:^|[\s(])[A-ZА-ЯЁӨҮҢ]\Z")
_SENTENCE_BREAK_RE = re.compile(r"(?<=[.!?…])[»\"”]?\s+(?=[—–«\"“„(]?\s*[A-ZА-ЯЁӨҮҢ0-9])|\n+")
_PRONOUN_RE = re.compile(r"(?<![\w-])(он|она|они|его|её|ее|их|ал|алар|анын|алардын)(?![\w-])", re.I)

Reason = Literal["", "collective", "unnamed", "pronoun", "missing"]
"""Why a statement has no speaker id: several speakers together, a speaker described but not
named («собеседник издания»), a pronoun with nobody before it to stand for, no speaker at all."""


@dataclass(frozen=True)
class Speaker:
    entity_id: str | None
    surface: str
    reason: Reason = ""


NOBODY = Speaker(None, "", "missing")


@dataclass(frozen=True)
class Found:
    speaker: Speaker
    kind: str
    cue: str
    start: int
    end: int
    cue_at: int  # where the cue is, so a later "добавив, что" can reuse this speaker


class Document:
    """Text, sentences and mentions with the look-ups every rule needs."""

    def __init__(self, text: str, lang: str, mentions: Sequence[Mention], sentences: Sequence[tuple[int, int]],
                 registry: Registry | None, day: date | None = None) -> None:
        self.text = text
        self.lang = lang
        self.registry = registry
        self.day = day
        ordered = sorted(mentions, key=lambda m: (m.start, -m.end))
        self.speakers = [m for m in ordered if m.entity_type in cues.SPEAKER_TYPES]
        self.speaker_starts = [m.start for m in self.speakers]
        self.persons = [m for m in ordered if m.entity_type == "person"]
        self.person_ends = [m.end for m in self.persons]
        self.sentences = sorted(sentences) if sentences else split_sentences(text)
        self._starts = [s for s, _ in self.sentences]
        self._quoted: list[tuple[int, int]] = []

    def set_quoted(self, spans: Sequence[tuple[int, int]]) -> None:
        """Direct quotes found: names inside them are never speakers or pronoun antecedents."""
        self._quoted = sorted(spans)

    def sentence_at(self, pos: int) -> tuple[int, int]:
        i = bisect.bisect_right(self._starts, pos) - 1
        if i < 0:
            return (0, len(self.text))
        start, end = self.sentences[i]
        return (start, max(end, pos))

    def clause_end(self, pos: int, limit: int = SLOT_CHARS) -> int:
        """Where the sentence around `pos` ends: a terminator not after an initial (А. Жапаров)."""
        stop = min(len(self.text), pos + limit)
        for m in _TERMINATOR_RE.finditer(self.text, pos, stop):
            if m.group() == "\n" or not INITIAL_RE.search(self.text[max(0, m.start() - 3) : m.start()]):
                return m.start()
        return stop

    def speakers_in(self, lo: int, hi: int) -> list[Mention]:
        i, j = bisect.bisect_left(self.speaker_starts, lo), bisect.bisect_left(self.speaker_starts, hi)
        return [m for m in self.speakers[i:j] if m.end <= hi and not self.inside_quote(m.start)]

    def speaker_starts_between(self, lo: int, hi: int) -> bool:
        return bisect.bisect_left(self.speaker_starts, lo) < bisect.bisect_left(self.speaker_starts, hi)

    def inside_quote(self, pos: int) -> bool:
        i = bisect.bisect_right(self._quoted, (pos, len(self.text) + 1)) - 1
        return i >= 0 and pos < self._quoted[i][1]

    def sentence_before(self, pos: int) -> tuple[int, int] | None:
        """The sentence before the one at `pos` («… . Об этом сообщил X.»), not across a paragraph
        break or a quote."""
        sent_lo = self.sentence_at(pos)[0]
        if self.inside_quote(pos) or sent_lo == 0:
            return None
        prev_lo, prev_hi = self.sentence_at(sent_lo - 1)
        return None if "\n\n" in self.text[prev_hi:sent_lo] else (prev_lo, prev_hi)

    def pronouns_in(self, lo: int, hi: int) -> list[re.Match[str]]:
        return [p for p in _PRONOUN_RE.finditer(self.text, lo, hi) if not self.inside_quote(p.start())]

    def statement(self, f: Found, day: date | None) -> Statement:
        speaker = f.speaker
        reason = speaker.reason if speaker.entity_id is None else ""
        if speaker.entity_id is None and not reason:
            reason = "unnamed" if speaker.surface else "missing"
        return Statement(
            speaker_id=speaker.entity_id,
            speaker_surface=speaker.surface,
            speaker_post=self.post(speaker.entity_id, day),
            text=self.text[f.start : f.end],
            kind="direct" if f.kind == "direct" else "indirect",
            cue=f.cue,
            start=f.start,
            end=f.end,
            speaker_reason=reason,
        )

    def post(self, entity_id: str | None, day: date | None) -> str:
        if entity_id is None or day is None or self.registry is None:
            return ""
        entity = self.registry.get(entity_id)
        for post in entity.posts_on(day) if entity is not None else ():
            title = post.title.get(self.lang) or post.title.get("ru") or post.title.get("en")
            if title:
                return title
        return ""


def trimmed(text: str, start: int, end: int, *, final_stop: bool = False) -> tuple[int, int]:
    chars = TRIM + (".!" if final_stop else "")
    while start < end and text[start] in chars:
        start += 1
    while end > start and text[end - 1] in chars:
        end -= 1
    return start, end


def clause(doc: Document, start: int, *, sentence_of: int | None = None, limit: int | None = None) -> tuple[int, int]:
    """From `start` to the end of the sentence (or `limit`), final stop excluded."""
    end = doc.sentence_at(start if sentence_of is None else sentence_of)[1]
    end = min(end, doc.clause_end(start, MAX_STATEMENT_CHARS + 1) + 1, len(doc.text) if limit is None else limit)
    return trimmed(doc.text, start, end, final_stop=True)


def cue_word(phrase: str) -> str:
    """'деп баса белгиледи' → 'баса белгиледи'; 'заявила' → 'заявила'; 'по  словам' → 'по словам'."""
    words = phrase.lower().split()
    if words and words[0] == "деп":  # the verb phrase at the end: "айтып жатат", "баса белгиледи"
        tail = (" ".join(words[-n:]) for n in (3, 2) if len(words) > n)
        return next((t for t in tail if verbs_ky.form_of(t)), words[-1])
    return " ".join(words)


def split_sentences(text: str) -> list[tuple[int, int]]:
    """A plain splitter for callers without sentence boundaries (tests, other tools)."""
    out, start = [], 0
    for m in _SENTENCE_BREAK_RE.finditer(text):
        if INITIAL_RE.search(text[max(0, m.start() - 3) : m.start()].rstrip(".")):
            continue
        if m.start() > start:
            out.append((start, m.start()))
        start = m.end()
    if start < len(text):
        out.append((start, len(text)))
    return out
