"""Who said what: direct quotes and reported speech in Russian and Kyrgyz news.

Rule-based on purpose: the speech cues of news prose are few and formulaic («…», — заявил X;
по словам X, …; «…» — деп билдирди X; X билдиргендей, …), while trained attribution models for
Kyrgyz do not exist. The speaker is the linked mention nearest the cue in the speaker slot;
pronouns (он/она, его, Kyrgyz ал/анын) go to the last person named before; several parties or
bodies listed together before a plural verb form a collective speaker, kept as its surface with
`speaker_id=None` (a statement by four parties belongs to none of them alone).

Offsets are character offsets into the article text of the statement text, quote marks excluded.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from pipeline.analysis import cues
from pipeline.analysis.registry import Registry
from pipeline.records import Mention, Statement

MAX_STATEMENT_CHARS = 1500  # longer "quotes" are unbalanced quote marks, not speech
SLOT_CHARS = 250  # how far after a cue the speaker may be named
_PRONOUN_RE = re.compile(r"(?<![\w-])(он|она|они|его|её|ее|их|ал|алар|анын|алардын)(?![\w-])", re.I)
_TERMINATOR_RE = re.compile(r"[.!?…]+(?=[\s»\"”]|\Z)|\n")
_INITIAL_RE = re.compile(r"(?:^|[\s(])[A-ZА-ЯЁӨҮҢ]\Z")
_SENTENCE_BREAK_RE = re.compile(r"(?<=[.!?…])[»\"”]?\s+(?=[—–«\"“„(]?\s*[A-ZА-ЯЁӨҮҢ0-9])|\n+")
_CHAIN_GAP_RE = re.compile(r"[\s,«»\"“”„]*(?:(?:и|а также|жана|менен|,)[\s«»\"“”„]*)?\Z", re.I)
_KY_GENITIVE_RE = re.compile(r"(?:н|д|т)(?:ын|ин|ун|үн)\Z", re.I)
_TRIM = " \t\r\n,;:—–-"
_RESUME_RE = re.compile(r"[.,]?\s*[—–]\s*")  # "— сказал он. — " : where an interrupted quote resumes
_KY_CONNECTIVE_RE = re.compile(r"[\s,]*(?:ал\s+эми|бирок|анткени)\s+", re.I)
_LEADING_PREPOSITION_RE = re.compile(r"\A(?:в|во|на|у|из)\s+", re.I)
_IMPERSONAL = frozenset({"говорится", "сообщается", "отмечается", "указывается", "подчеркивается"})


@dataclass(frozen=True)
class _Speaker:
    entity_id: str | None
    surface: str


@dataclass(frozen=True)
class _Found:
    speaker: _Speaker
    kind: str
    cue: str
    start: int
    end: int
    cue_at: int  # where the cue is, so a later "добавив, что" can reuse this speaker


def find_statements(
    text: str,
    lang: str,
    mentions: Sequence[Mention],
    sentences: Sequence[tuple[int, int]],
    registry: Registry | None,
    day: date | None,
) -> list[Statement]:
    """All statements in `text`, in text order; an empty text gives none."""
    if not text.strip():
        return []
    doc = _Doc(text, lang, mentions, sentences, registry)
    found = _direct(doc)
    doc.set_quoted([(f.start, f.end) for f in found])
    finders = _KY_FINDERS if lang == "ky" else _RU_FINDERS
    for finder in finders:
        found += finder(doc, found)
    kept: list[_Found] = []  # sorted by start; none contains another, so ends are sorted too
    starts: list[int] = []  # kept's starts, for bisect
    for f in found:  # direct quotes first, so they win over a reported reading of the same text
        i = bisect.bisect_left(starts, f.start)
        neighbours = kept[max(0, i - 1) : i + 1]
        if f.end - f.start <= MAX_STATEMENT_CHARS and not any(_overlaps((f.start, f.end), (k.start, k.end)) for k in neighbours):
            kept.insert(i, f)
            starts.insert(i, f.start)
    return [doc.statement(f, day) for f in kept]


# --- the document: text, sentences and mentions with the look-ups every rule needs ------------


class _Doc:
    def __init__(
        self,
        text: str,
        lang: str,
        mentions: Sequence[Mention],
        sentences: Sequence[tuple[int, int]],
        registry: Registry | None,
    ) -> None:
        self.text = text
        self.lang = lang
        self.registry = registry
        ordered = sorted(mentions, key=lambda m: (m.start, -m.end))
        self.speakers = [m for m in ordered if m.entity_type in cues.SPEAKER_TYPES]
        self._speaker_starts = [m.start for m in self.speakers]
        self.persons = [m for m in ordered if m.entity_type == "person"]
        self._person_ends = [m.end for m in self.persons]
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
            if m.group() == "\n" or not _INITIAL_RE.search(self.text[max(0, m.start() - 3) : m.start()]):
                return m.start()
        return stop

    def speakers_in(self, lo: int, hi: int) -> list[Mention]:
        i, j = bisect.bisect_left(self._speaker_starts, lo), bisect.bisect_left(self._speaker_starts, hi)
        return [m for m in self.speakers[i:j] if m.end <= hi and not self.inside_quote(m.start)]

    def speaker_starts_between(self, lo: int, hi: int) -> bool:
        return bisect.bisect_left(self._speaker_starts, lo) < bisect.bisect_left(self._speaker_starts, hi)

    def inside_quote(self, pos: int) -> bool:
        i = bisect.bisect_right(self._quoted, (pos, len(self.text) + 1)) - 1
        return i >= 0 and pos < self._quoted[i][1]

    def pronouns_in(self, lo: int, hi: int) -> list[re.Match[str]]:
        return [p for p in _PRONOUN_RE.finditer(self.text, lo, hi) if not self.inside_quote(p.start())]

    def resolve_pronoun(self, word: str, before: int) -> _Speaker:
        """'он', 'её', 'ал' → the person last named before; 'они', 'алар' → the last group."""
        low = word.lower()
        if low in cues.RU_PLURAL_PRONOUNS or low in cues.KY_PLURAL_PRONOUNS:
            i = bisect.bisect_left(self._speaker_starts, before) - 1
            while i >= 0 and (self.speakers[i].entity_type == "person" or self.inside_quote(self.speakers[i].start)):
                i -= 1
            if i < 0:
                return _Speaker(None, word)
            return self.collective(self.speakers, i) or _Speaker(self.speakers[i].entity_id, self.speakers[i].surface)
        gender = cues.RU_PERSON_PRONOUNS.get(low) if self.lang == "ru" else None
        last = self._last_person(before, gender) or self._last_person(before, None)
        if last is None:
            return _Speaker(None, word)
        # The subject of the last sentence naming someone: it comes first in both languages
        # ("Шайлдабекова Ташиев менен жолукту. … — деди ал" is Шайлдабекова, not Ташиев).
        sentence_start = self.sentence_at(last.start)[0]
        subject = last
        for m in reversed(self.persons[: self.persons.index(last)]):
            if m.start < sentence_start:
                break
            if not self.inside_quote(m.start) and self._gender_fits(m, gender):
                subject = m
        return _Speaker(subject.entity_id, subject.surface)

    def _last_person(self, before: int, gender: str | None) -> Mention | None:
        i = bisect.bisect_right(self._person_ends, before) - 1
        while i >= 0:
            m = self.persons[i]
            if m.end <= before and not self.inside_quote(m.start) and self._gender_fits(m, gender):
                return m
            i -= 1
        return None

    def _gender_fits(self, m: Mention, gender: str | None) -> bool:
        return gender is None or self.is_female(m) == (gender == "f")

    def is_female(self, m: Mention) -> bool:
        """Russian surnames carry gender (Шайлдабекова, Жапаров); enough to pick он vs она."""
        entity = self.registry.get(m.entity_id) if self.registry is not None else None
        surname = (entity.surname.get("ru") if entity is not None else None) or m.name or m.surface
        words = surname.split()
        return bool(words) and words[-1].lower().endswith(("ова", "ева", "ина", "ая", "ёва"))

    def collective(self, cands: list[Mention], i: int) -> _Speaker | None:
        """The list of several entities the mention at `i` belongs to ('А, Б и В заявили'), if any."""
        lo = hi = i
        while lo > 0 and self._chained(cands[lo - 1], cands[lo]):
            lo -= 1
        while hi + 1 < len(cands) and self._chained(cands[hi], cands[hi + 1]):
            hi += 1
        if len({m.entity_id for m in cands[lo : hi + 1]}) > 1:
            return self._collective(cands[lo], cands[hi])
        return None

    def _chained(self, a: Mention, b: Mention) -> bool:
        gap = self.text[a.end : b.start]
        # Linking may type one list member differently (Азаттык: party or radio), so any two
        # non-person speakers chain; persons chain only with persons.
        same_kind = (a.entity_type == "person") == (b.entity_type == "person")
        return same_kind and len(gap) <= 12 and bool(_CHAIN_GAP_RE.match(gap))

    def _collective(self, first: Mention, last: Mention) -> _Speaker:
        """'представители партий «А» и «Б»' / '«А» жана «Б» партияларынын өкүлдөрү'."""
        start, end = first.start, last.end
        while end < len(self.text) and self.text[end] in "»\"”":
            end += 1
        while start > 0 and self.text[start - 1] in "«\"“„":
            start -= 1
        head = cues.RU_COLLECTIVE_HEADS.search(self.text, max(0, start - 60), start)
        if head:
            start = head.start()
        tail = cues.KY_COLLECTIVE_HEADS.match(self.text, end)
        if tail:
            end = tail.end()
        return _Speaker(None, self.text[start:end].strip())

    def statement(self, f: _Found, day: date | None) -> Statement:
        return Statement(
            speaker_id=f.speaker.entity_id,
            speaker_surface=f.speaker.surface,
            speaker_post=self.post(f.speaker.entity_id, day),
            text=self.text[f.start : f.end],
            kind="direct" if f.kind == "direct" else "indirect",
            cue=f.cue,
            start=f.start,
            end=f.end,
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


# --- speaker slots -------------------------------------------------------------------------------


def _speaker_after(doc: _Doc, lo: int, hi: int, cue: str, *, context: int | None = None) -> _Speaker | None:
    """The speaker named after the cue: '— заявил глава ГКНБ Камчыбек Ташиев', '— подчеркнул он'.

    A pronoun refers to someone named before `context` (the quote's start: a name inside the
    quote is not who "он" is).
    """
    cands = doc.speakers_in(lo, hi)
    pronouns = doc.pronouns_in(lo, hi)
    if pronouns and (not cands or pronouns[0].start() < cands[0].start):
        return doc.resolve_pronoun(pronouns[0].group(), lo if context is None else context)
    if not cands:
        return None
    comma = doc.text.find(",", cands[0].end, hi)
    group = [m for m in cands if comma < 0 or m.start < comma]
    group_of = doc.collective(cands, 0) if _plural(cue, doc.lang) else None
    if group_of:
        return group_of
    person = next((m for m in group if m.entity_type == "person"), None)
    chosen = person or group[0]
    return _Speaker(chosen.entity_id, chosen.surface)


def _speaker_before(doc: _Doc, lo: int, hi: int, cue: str) -> _Speaker | None:
    """The speaker named before the cue: 'пресс-служба ГКНБ сообщила', 'Он заявил'."""
    cands = doc.speakers_in(lo, hi)
    pronouns = doc.pronouns_in(lo, hi)
    if pronouns and (not cands or pronouns[-1].start() >= cands[-1].end):
        return doc.resolve_pronoun(pronouns[-1].group(), pronouns[-1].start())
    if not cands:
        return None
    last_comma = _last_comma_outside_names(doc, lo, hi)
    clause = [m for m in cands if m.start > last_comma] or cands
    nearest = clause[-1]
    group_of = doc.collective(cands, cands.index(nearest)) if _plural(cue, doc.lang) else None
    if group_of:
        return group_of
    person = next((m for m in reversed(clause) if m.entity_type == "person"), None)
    chosen = person or nearest
    return _Speaker(chosen.entity_id, chosen.surface)


def _speaker_ky_subject(doc: _Doc, lo: int, hi: int, cue: str) -> tuple[_Speaker, int] | None:
    """Kyrgyz puts the speaker first: 'БШКнын төрагасы Н. Шайлдабекова … деп билдирди'.

    Returns the speaker and where its phrase ends (the reported clause starts there).
    """
    head = doc.text[lo:hi]
    pron = re.match(r"\s*[—–-]?\s*(ал|алар)(?![\w-])", head, re.I)
    if pron:
        return doc.resolve_pronoun(pron.group(1), lo + pron.start(1)), lo + pron.end()
    cands = doc.speakers_in(lo, hi)
    if not cands:
        return None
    i = 0
    while i + 1 < len(cands):  # walk a genitive chain to its head: БШКнын төрагасы → Шайлдабекова
        gap = doc.text[cands[i].end : cands[i + 1].start]
        word_end = _word_end(doc.text, cands[i].end)
        genitive = bool(_KY_GENITIVE_RE.search(doc.text[cands[i].start : word_end]))
        if "," in gap or len(gap) > 45 or not (genitive or cands[i + 1].entity_type == "person"):
            break
        i += 1
    group_of = doc.collective(cands, i) if _plural(cue, doc.lang) else None
    if group_of:
        return group_of, doc.text.find(group_of.surface, lo) + len(group_of.surface)
    end = _word_end(doc.text, cands[i].end)
    head = cues.KY_SPEAKER_HEAD.match(doc.text, end)
    return _Speaker(cands[i].entity_id, cands[i].surface), head.end() if head else end


def _plural(cue: str, lang: str) -> bool:
    word = cue.split()[-1] if cue.split() else ""
    pattern = cues.KY_PLURAL_VERB if lang == "ky" else cues.RU_PLURAL_VERB
    return bool(pattern.search(word)) and word not in _IMPERSONAL


def _last_comma_outside_names(doc: _Doc, lo: int, hi: int) -> int:
    """The last comma before the cue that ends a clause (not one inside a list of names)."""
    pos = doc.text.rfind(",", lo, hi)
    while pos >= 0:
        after = doc.text[pos + 1 : hi].lstrip()
        if after[:1] not in ("«", '"', "“", "„"):
            return pos
        pos = doc.text.rfind(",", lo, pos)
    return -1


def _word_end(text: str, pos: int) -> int:
    while pos < len(text) and (text[pos].isalnum() or text[pos] in "-'’"):
        pos += 1
    return pos


def _unnamed(doc: _Doc, lo: int, hi: int) -> _Speaker | None:
    """A speaker the registry does not know: the words of the slot, kept as written."""
    words = _LEADING_PREPOSITION_RE.sub("", doc.text[lo:hi].strip(_TRIM))  # "В мэрии Бишкека" → "мэрии Бишкека"
    comma = words.find(",")
    words = (words[:comma] if comma > 0 else words)[:80].strip()
    return _Speaker(None, words) if words else None


# --- direct quotes -------------------------------------------------------------------------------


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


def _trimmed(text: str, start: int, end: int, *, final_stop: bool = False) -> tuple[int, int]:
    chars = _TRIM + (".!" if final_stop else "")
    while start < end and text[start] in chars:
        start += 1
    while end > start and text[end - 1] in chars:
        end -= 1
    return start, end


def _direct(doc: _Doc) -> list[_Found]:
    """Quoted speech with a cue after it («…», — заявил X) or a colon before it (X: «…»)."""
    after_re = cues.KY_AFTER_QUOTE if doc.lang == "ky" else cues.RU_AFTER_QUOTE
    colon_re = cues.KY_BEFORE_COLON if doc.lang == "ky" else cues.RU_BEFORE_COLON
    found: list[_Found] = []
    for inner_start, inner_end in quote_spans(doc.text):
        close = inner_end + 1
        after = after_re.match(doc.text, close, min(len(doc.text), close + 80))
        sent_lo = doc.sentence_at(inner_start - 1)[0]
        speaker: _Speaker | None
        if after:
            cue = _cue_word(after.group(1))
            slot_end = doc.clause_end(after.end())
            speaker = _speaker_after(doc, after.start(1), slot_end, cue, context=inner_start - 1)
            if speaker is None:
                speaker = _speaker_before(doc, sent_lo, inner_start - 1, cue)
            if speaker is None:
                speaker = _unnamed(doc, after.end(), slot_end) or _Speaker(None, "")
            cue_at = after.start(1)
        else:
            colon = colon_re.search(doc.text, sent_lo, inner_start - 1)
            if not colon:
                found += _interrupted_quote(doc, inner_start, inner_end)
                continue
            cue = _cue_word(colon.group(1)) if colon.group(1) else ":"
            speaker = _speaker_before(doc, sent_lo, colon.start(), cue)
            if speaker is None and cue == ":":
                continue  # «Заголовок: «…»» — a colon alone is speech only after a name
            speaker = speaker or _Speaker(None, "")
            cue_at = colon.start()
        start, end = _trimmed(doc.text, inner_start, inner_end)
        if end > start:
            found.append(_Found(speaker, "direct", cue, start, end, cue_at))
    return found


def _interrupted_quote(doc: _Doc, inner_start: int, inner_end: int) -> list[_Found]:
    """«Выборы прошли спокойно, — сказал X. — Я благодарю наблюдателей»: the cue inside the quote."""
    pattern = cues.KY_DASH_CUE if doc.lang == "ky" else cues.RU_DASH_CUE
    m = pattern.search(doc.text, inner_start, inner_end)
    if not m:
        return []
    dash = _RESUME_RE.search(doc.text, m.end(), inner_end)
    slot_end = dash.start() if dash else inner_end
    cue = _cue_word(m.group(1))
    speaker = (_speaker_after(doc, m.start(1), slot_end, cue, context=inner_start - 1)
               or _unnamed(doc, m.end(), slot_end))
    parts = [(inner_start, m.start())] + ([(dash.end(), inner_end)] if dash else [])
    spans = [_trimmed(doc.text, s, e) for s, e in parts]
    return [_Found(speaker, "direct", cue, s, e, m.start(1)) for s, e in spans if e > s]


def _cue_word(phrase: str) -> str:
    """'деп баса белгиледи' → 'белгиледи'; 'заявила' → 'заявила'; 'по  словам' → 'по словам'."""
    words = phrase.lower().split()
    if words and words[0] == "деп":
        return words[-1]
    return " ".join(words)


# --- reported speech -----------------------------------------------------------------------------


Finder = Callable[[_Doc, list[_Found]], list[_Found]]


def _clause(doc: _Doc, start: int, *, sentence_of: int | None = None, limit: int | None = None) -> tuple[int, int]:
    """From `start` to the end of the sentence (or `limit`), final stop excluded."""
    end = doc.sentence_at(start if sentence_of is None else sentence_of)[1]
    end = min(end, doc.clause_end(start, MAX_STATEMENT_CHARS + 1) + 1, len(doc.text) if limit is None else limit)
    return _trimmed(doc.text, start, end, final_stop=True)


def _ru_lead_in(doc: _Doc, found: list[_Found]) -> list[_Found]:
    """По словам X, … / Как сообщил X, … / Согласно заявлению X, …"""
    out = []
    for m in cues.RU_LEAD_IN.finditer(doc.text):
        if doc.inside_quote(m.start()):
            continue
        comma = _slot_comma(doc, m.end())
        if comma < 0:
            continue
        cue = _cue_word(m.group(1))
        speaker = _speaker_after(doc, m.start(), comma, cue) or _unnamed(doc, m.end(), comma)
        start, end = _clause(doc, comma + 1, sentence_of=m.start())
        if speaker and end > start:
            out.append(_Found(speaker, "indirect", cue, start, end, m.start()))
    return out


def _slot_comma(doc: _Doc, pos: int) -> int:
    """The comma that closes a lead-in speaker slot, skipping commas inside a list of names."""
    stop = doc.clause_end(pos)
    comma = doc.text.find(",", pos, stop)
    while comma >= 0:
        if not doc.speaker_starts_between(comma + 1, comma + 5):
            return comma
        comma = doc.text.find(",", comma + 1, stop)
    return -1


def _ru_that(doc: _Doc, found: list[_Found]) -> list[_Found]:
    """X заявил(а/и), что … — the speaker is before the verb, the statement after 'что'."""
    out = []
    matches = [m for m in cues.RU_THAT.finditer(doc.text) if not doc.inside_quote(m.start())]
    for m, after in zip(matches, [*matches[1:], None]):
        cue = m.group(1).lower()
        sent_lo = doc.sentence_at(m.start())[0]
        speaker = _speaker_before(doc, sent_lo, m.start(1), cue)
        if speaker is None:
            if cue in _IMPERSONAL:
                continue
            lo = max(sent_lo, _last_comma_outside_names(doc, sent_lo, m.start(1)) + 1)
            speaker = _unnamed(doc, lo, m.start(1))
            if speaker is None or not speaker.surface[:1].isalpha():
                continue
        start, end = _clause(doc, m.end(), sentence_of=m.start(), limit=_next_clause(doc, m, after))
        if end > start:
            out.append(_Found(speaker, "indirect", cue, start, end, m.start(1)))
    return out


def _next_clause(doc: _Doc, m: re.Match[str], after: re.Match[str] | None) -> int | None:
    """'X заявил, что …, а Y добавил, что …': the first statement stops at the comma before Y."""
    if after is None or doc.sentence_at(after.start())[0] != doc.sentence_at(m.start())[0]:
        return None
    comma = doc.text.rfind(",", m.end(), after.start())
    return comma if comma >= 0 else None


def _about_this(doc: _Doc, found: list[_Found]) -> list[_Found]:
    """'Об этом сообщил X.' / 'Бул тууралуу X кабарлады.' — the sentence before is the statement."""
    out = []
    pattern = cues.KY_ABOUT_THIS if doc.lang == "ky" else cues.RU_ABOUT_THIS
    for m in pattern.finditer(doc.text):
        sent_lo, sent_hi = doc.sentence_at(m.start())
        if doc.inside_quote(m.start()) or sent_lo == 0:
            continue
        prev_lo, prev_hi = doc.sentence_at(sent_lo - 1)
        if "\n\n" in doc.text[prev_hi:sent_lo]:
            continue
        speaker: _Speaker | None
        if doc.lang == "ky":
            verb = cues.KY_SENTENCE_VERB.search(doc.text, m.end(), doc.clause_end(m.end()) + 1)
            if not verb:
                continue
            cue = verb.group(1).lower()
            subject = _speaker_ky_subject(doc, m.end(), verb.start(), cue)
            speaker = subject[0] if subject else _unnamed(doc, m.end(), verb.start())
        else:
            cue = m.group(1).lower()
            slot_end = doc.clause_end(m.end())
            speaker = _speaker_after(doc, m.end(), slot_end, cue) or _unnamed(doc, m.end(), slot_end)
        start, end = _trimmed(doc.text, prev_lo, prev_hi, final_stop=True)
        if speaker and end > start and not any(_overlaps((start, end), (f.start, f.end)) for f in found):
            out.append(_Found(speaker, "indirect", cue, start, end, m.start()))
    return out


def _gerund(doc: _Doc, found: list[_Found]) -> list[_Found]:
    """'…, — подчеркнул он, добавив, что …': a second statement by the same speaker."""
    out = []
    for m in cues.RU_GERUND.finditer(doc.text):
        if doc.inside_quote(m.start()):
            continue
        sent_lo = doc.sentence_at(m.start())[0]
        earlier = [f for f in found if sent_lo - 1 <= f.cue_at < m.start()]
        cue = m.group(1).lower()
        speaker = (max(earlier, key=lambda f: f.cue_at).speaker if earlier
                   else _speaker_before(doc, sent_lo, m.start(), cue))
        start, end = _clause(doc, m.end(), sentence_of=m.start())
        if speaker and end > start:
            out.append(_Found(speaker, "indirect", cue, start, end, m.start()))
    return out


def _dash_speech(doc: _Doc, found: list[_Found]) -> list[_Found]:
    """Speech without quote marks: '— Выборы пройдут честно, — сказал он.'"""
    out = []
    pattern = cues.KY_DASH_CUE if doc.lang == "ky" else cues.RU_DASH_CUE
    for m in pattern.finditer(doc.text):
        if doc.inside_quote(m.start()) or doc.text[max(0, m.start() - 1)] in "»\"”":
            continue
        sent_lo = doc.sentence_at(m.start())[0]
        start, end = _trimmed(doc.text, sent_lo, m.start())
        if end <= start or doc.inside_quote(start):
            continue
        cue = _cue_word(m.group(1))
        slot_end = doc.clause_end(m.end())
        speaker = _speaker_after(doc, m.start(1), slot_end, cue, context=start) or _unnamed(doc, m.end(), slot_end)
        if speaker:
            out.append(_Found(speaker, "direct", cue, start, end, m.start(1)))
    return out


def _ky_lead_in(doc: _Doc, found: list[_Found]) -> list[_Found]:
    """X билдиргендей, … / УКМК тарабынан билдирилгендей, … / Ташиевдин айтымында, …"""
    out = []
    for m in cues.KY_LEAD_IN.finditer(doc.text):
        if doc.inside_quote(m.start()):
            continue
        cue = _cue_word(m.group(1))
        sent_lo = doc.sentence_at(m.start())[0]
        speaker = _speaker_before(doc, sent_lo, m.start(), cue) or _unnamed(doc, sent_lo, m.start())
        start, end = _clause(doc, m.end(), sentence_of=m.start())
        if speaker and end > start:
            out.append(_Found(speaker, "indirect", cue, start, end, m.start()))
    return out


def _ky_reported(doc: _Doc, found: list[_Found]) -> list[_Found]:
    """X … деп билдирди / X … экенин айтты: the speaker opens the sentence, the clause follows."""
    out = []
    matches = sorted(
        [(m, False) for m in cues.KY_DEP.finditer(doc.text)] + [(m, True) for m in cues.KY_THAT.finditer(doc.text)],
        key=lambda pair: pair[0].start(),
    )
    previous_end = 0  # a second "X … деп кошумчалады" in the same sentence starts after the first
    for m, is_that in matches:
        if doc.inside_quote(m.start()) or doc.text[max(0, m.start() - 1)] in "»\"”—–":
            continue
        if not is_that and re.search(r"[»\"”]\s*,?\s*[—–-]?\s*\Z", doc.text[max(0, m.start() - 6) : m.start()]):
            continue  # «…» деп — a direct quote, found already
        cue = m.group(2 if is_that else 1).lower()
        lo = max(doc.sentence_at(m.start())[0], previous_end)
        previous_end = m.end()
        connective = _KY_CONNECTIVE_RE.match(doc.text, lo)
        lo = connective.end() if connective else lo
        clause_end = m.end(1) if is_that else m.start()
        subject = _speaker_ky_subject(doc, lo, clause_end, cue)
        if subject is None:
            after = _speaker_after(doc, m.end(), doc.clause_end(m.end()), cue)
            if after is None:
                continue
            subject = (after, lo)
        speaker, clause_start = subject
        start, end = _trimmed(doc.text, clause_start, clause_end)
        if end > start:
            out.append(_Found(speaker, "indirect", cue, start, end, m.start()))
    return out


def _overlaps(a: tuple[int, int], b: tuple[int, int]) -> bool:
    """More than half of the shorter span is shared: the same statement read twice."""
    shorter = min(a[1] - a[0], b[1] - b[0]) or 1
    return min(a[1], b[1]) - max(a[0], b[0]) > shorter // 2


_RU_FINDERS: tuple[Finder, ...] = (_dash_speech, _ru_lead_in, _ru_that, _about_this, _gerund)
_KY_FINDERS: tuple[Finder, ...] = (_dash_speech, _ky_lead_in, _ky_reported, _about_this)


def split_sentences(text: str) -> list[tuple[int, int]]:
    """A plain splitter for callers without sentence boundaries (tests, other tools)."""
    out, start = [], 0
    for m in _SENTENCE_BREAK_RE.finditer(text):
        if _INITIAL_RE.search(text[max(0, m.start() - 3) : m.start()].rstrip(".")):
            continue
        if m.start() > start:
            out.append((start, m.start()))
        start = m.end()
    if start < len(text):
        out.append((start, len(text)))
    return out
