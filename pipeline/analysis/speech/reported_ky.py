"""Kyrgyz reported speech: X … деп билдирди; X … экенин белгиледи; X билдиргендей, …;
Xтын айтымында / пикиринде / оюнча, …; Бул тууралуу X кабарлады.; X мындай деди: … (a colon
without quote marks). The Kyrgyz subject comes first, so the speaker is read from the sentence
start (or the clause after «ал эми», «бирок»), past any addressee in the dative."""

from __future__ import annotations

import re

from pipeline.analysis.speech import cues
from pipeline.analysis.speech.document import Document, Found, Speaker, clause, cue_word, trimmed
from pipeline.analysis.speech.speakers import speaker_after, speaker_before, speaker_ky_subject, unnamed, usable
from pipeline.morph import fold

_CONNECTIVE_RE = re.compile(r"[\s,]*(?:ал\s+эми|бирок|анткени|ошондой\s+эле)\s+", re.I)
_QUOTE_BEFORE_RE = re.compile(r"[»\"”]\s*,?\s*[—–-]?\s*\Z")
_WORD_RE = re.compile(r"[\w-]+")
_JUST_SO = frozenset({"ушундай", "мындай", "ошондой", "ушинтип", "ошентип"})  # «ушундай деп»: what was said is elsewhere
_KY_ROLE_RE = re.compile(r"прокурор|министр|мэр|мэри|торагасы|башчысы|депутат|директору|жетекчиси|орун\s+басары|окулу|"
                         r"адвокат|эксперт|мугалим|студент|дарыгер|дыйкан|айдоочу|пенсионер|активист|тургун")
# sentence openers that are not a subject: adverbs of time, connectives, pronouns («Ал» is handled apart)
_NOT_SUBJECTS = frozenset({"быйыл", "бүгүн", "кечээ", "эртең", "азыр", "ошондой", "буга", "мындан", "андан", "бирок",
                           "ошентип", "натыйжада", "учурда", "ал", "алар", "бул", "ушул", "мурда", "кийин"})
_KY_PLURAL_RE = re.compile(r"[лдт][аео]р(?:ы|и|у)?\Z")  # folded: тургундар, адистери, депутаттар
_KY_HEAD_RE = re.compile(r"(?:кызматы|катчысы|окулу|окулдору|башчысы|торагасы|директору|министри|жетекчиси|адиси|"
                         r"мэриясы|бири|"
                         # a body's own head word, in the nominative: «Райондук прокуратура», «Ош шаардык соту»
                         r"прокуратура|прокуратурасы|соту|министрлиги|комитети|кенеши|инспекциясы|башкармалыгы|"
                         r"болуму)\Z")
_KY_GENITIVE_END = re.compile(r"[нтд][ыиу]н\Z")
_KY_LOCATIVE_PLURAL_RE = re.compile(r"[лдт][ао]р[дт][ао]\Z")  # folded: тармактарда


def lead_in(doc: Document, found: list[Found]) -> list[Found]:
    """X билдиргендей, … / УКМК тарабынан билдирилгендей, … / Ташиевдин айтымында, …"""
    out = []
    for m in cues.kyrgyz().lead_in.finditer(doc.text):
        if doc.inside_quote(m.start()):
            continue
        cue = cue_word(m.group(1))
        sent_lo = doc.sentence_at(m.start())[0]
        speaker = speaker_before(doc, sent_lo, m.start(), cue) or unnamed(doc, sent_lo, m.start())
        start, end = clause(doc, m.end(), sentence_of=m.start())
        if speaker and end > start:
            out.append(Found(speaker, "indirect", cue, start, end, m.start()))
    return out


def reported(doc: Document, found: list[Found]) -> list[Found]:
    """X … деп билдирди / X … экенин айтты: the speaker opens the sentence, the clause follows."""
    rules = cues.kyrgyz()
    matches = sorted(
        [(m, False) for m in rules.dep.finditer(doc.text)] + [(m, True) for m in rules.that.finditer(doc.text)],
        key=lambda pair: pair[0].start(),
    )
    out = []
    previous_end = 0  # a second "X … деп кошумчалады" in the same sentence starts after the first
    for m, is_that in matches:
        if doc.inside_quote(m.start()) or doc.text[max(0, m.start() - 1)] in "»\"”—–":
            continue
        if not is_that and _QUOTE_BEFORE_RE.search(doc.text[max(0, m.start() - 6) : m.start()]):
            continue  # «…» деп — a direct quote, found already
        cue = cue_word(m.group(2 if is_that else 1))
        lo = max(doc.sentence_at(m.start())[0], previous_end)
        previous_end = m.end()
        connective = _CONNECTIVE_RE.match(doc.text, lo)
        lo = connective.end() if connective else lo
        clause_end = m.end(1) if is_that else m.start()
        subject = speaker_ky_subject(doc, lo, clause_end, cue)
        if subject is None:
            after = speaker_after(doc, m.end(), doc.clause_end(m.end()), cue)
            subject = ((after, lo) if after is not None else _described_subject(doc, lo, clause_end)
                       or _dropped_subject(doc, lo, cue) or _plural_subject(doc, lo, clause_end, cue))
        if subject is None and connective and out and doc.sentence_at(out[-1].start)[0] == doc.sentence_at(lo)[0]:
            subject = (out[-1].speaker, lo)  # «X … деп убада берген, бирок … мойнуна алат»: the same subject
        if subject is None:
            continue
        speaker, clause_start = subject
        start, end = trimmed(doc.text, clause_start, clause_end)
        if end > start and fold(doc.text[start:end]) not in _JUST_SO:
            out.append(Found(speaker, "indirect", cue, start, end, m.start()))
    return out


def _dropped_subject(doc: Document, lo: int, cue: str) -> tuple[Speaker, int] | None:
    """Kyrgyz drops a subject the sentence before named: «Дыйкан Төлөн Абдыкеримов … айдаган.
    Түшүм аз болот деп кооптонот.» The subject opening the sentence before speaks, when the verb
    agrees: a person with a singular verb, a body or party with either."""
    before = doc.sentence_before(lo)
    if before is None or doc.speakers_in(lo, doc.sentence_at(lo)[1]):
        return None
    opening = [m for m in doc.speakers_in(*before) if m.start - before[0] <= 25 and usable(doc, m)]
    if not opening:
        return None
    subject = opening[0]
    if subject.entity_type == "person" and cues.plural_cue(cue, "ky"):
        return None
    return Speaker(subject.entity_id, subject.surface), lo


def _described_subject(doc: Document, lo: int, hi: int) -> tuple[Speaker, int] | None:
    """A subject the registry does not know, up to its head word: a post or role («Мэриянын басма
    сөз кызматы», «депутат», «Нарын шаарынын мэриясы»), or capitalised words («Студент Алина Ким»)."""
    for i, word in enumerate(_WORD_RE.finditer(doc.text, lo, hi)):
        if i >= 6:
            break
        folded = fold(word.group())
        if _KY_HEAD_RE.search(folded) or (_KY_ROLE_RE.fullmatch(folded) and word.group().islower()):
            return Speaker(None, _subject_phrase(doc, lo, word), "unnamed"), word.end()
    return _capitalised_subject(doc, lo, hi)


def _subject_phrase(doc: Document, lo: int, head: re.Match[str]) -> str:
    """From the start of the genitive chain that owns the head («Нарын шаарынын мэриясы»), or the
    head alone after other words (««Биринчи радионун» эфиринде депутат» → «депутат»)."""
    words = list(_WORD_RE.finditer(doc.text, lo, head.start()))
    start = head.start()
    for word in reversed(words):
        if not (_KY_GENITIVE_END.search(fold(word.group())) or word.group()[:1].isupper()) or \
                doc.text[word.end():start].strip(" «»\"") != "":
            break
        start = word.start()
    return doc.text[start : head.end()].strip()


def _plural_subject(doc: Document, lo: int, hi: int, cue: str) -> tuple[Speaker, int] | None:
    """«Жергиликтүү тургундар … деп билдиришти», «Социалдык тармактарда … деп жазышууда»: a plural
    or a place of saying before a plural verb."""
    if not cues.plural_cue(cue, "ky"):
        return None
    for i, word in enumerate(_WORD_RE.finditer(doc.text, lo, hi)):
        if i >= 5:
            break
        folded = fold(word.group())
        if _KY_PLURAL_RE.search(folded) or (i <= 2 and _KY_LOCATIVE_PLURAL_RE.search(folded)):
            return Speaker(None, doc.text[lo : word.end()].strip(), "unnamed"), word.end()
    return None


def _capitalised_subject(doc: Document, lo: int, hi: int) -> tuple[Speaker, int] | None:
    """«Студент Алина Ким … деп билдирди», «Адвокат … билдирди»: the capitalised words that open
    the sentence (a role and a name the registry and the name rules do not know)."""
    end = None
    for word in _WORD_RE.finditer(doc.text, lo, hi):
        role = end is not None and _KY_ROLE_RE.fullmatch(fold(word.group()))  # «Башкы прокурор», «Бишкектин мэри»
        if not (word.group()[:1].isupper() or role) or word.group().lower() in _NOT_SUBJECTS \
                or doc.speaker_starts_between(word.start(), word.end()):  # a name already judged no subject
            break
        end = word.end()
    if end is None or end >= hi:
        return None
    phrase = doc.text[lo:end].strip()
    if len(phrase.split()) < 2 and not _KY_ROLE_RE.fullmatch(fold(phrase)):
        return None  # one capital is just the sentence's first word («Түшүм аз болот …»)
    return Speaker(None, phrase, "unnamed"), end


def quotative(doc: Document, found: list[Found]) -> list[Found]:
    """«Окуучулар кыргыз тилин жакшы билишет дейт ал.» — a clause, the quotative, the speaker."""
    out = []
    for m in cues.kyrgyz().quotative.finditer(doc.text):
        if doc.inside_quote(m.start()) or _QUOTE_BEFORE_RE.search(doc.text[max(0, m.start() - 6) : m.start()]) \
                or doc.text[m.end() : m.end() + 2].lstrip().startswith(":"):  # «мындай деди: …» is colon speech
            continue
        sent_lo = doc.sentence_at(m.start())[0]
        cue = m.group(1).lower()
        slot_end = doc.clause_end(m.end())
        speaker = speaker_after(doc, m.end(), slot_end, cue) or unnamed(doc, m.end(), slot_end)
        start, end = trimmed(doc.text, sent_lo, m.start())
        if speaker and end > start and not doc.inside_quote(start):
            out.append(Found(speaker, "indirect", cue, start, end, m.start()))
    return out


def about_this(doc: Document, found: list[Found]) -> list[Found]:
    """'Бул тууралуу X кабарлады.' — the sentence before is the statement."""
    out = []
    rules = cues.kyrgyz()
    for m in rules.about_this.finditer(doc.text):
        before = doc.sentence_before(m.start())
        if before is None:
            continue
        prev_lo, prev_hi = before
        verb = rules.sentence_verb.search(doc.text, m.end(), doc.clause_end(m.end()) + 1)
        if not verb:
            continue
        cue = cue_word(verb.group(1))
        subject = speaker_ky_subject(doc, m.end(), verb.start(), cue)
        speaker = subject[0] if subject else unnamed(doc, m.end(), verb.start())
        start, end = trimmed(doc.text, prev_lo, prev_hi, final_stop=True)
        if speaker and end > start and not any(min(end, f.end) > max(start, f.start) for f in found):
            out.append(Found(speaker, "indirect", cue, start, end, m.start()))
    return out


def colon_speech(doc: Document, found: list[Found]) -> list[Found]:
    """'Ташиев мындай деди: чек ара ачылат.' — speech after a colon, without quote marks."""
    out = []
    for m in cues.kyrgyz().colon_speech.finditer(doc.text):
        if doc.inside_quote(m.start()):
            continue
        cue = cue_word(m.group(1))
        sent_lo = doc.sentence_at(m.start())[0]
        subject = speaker_ky_subject(doc, sent_lo, m.start(1), cue)
        speaker = subject[0] if subject else unnamed(doc, sent_lo, m.start(1))
        start, end = clause(doc, m.end(), sentence_of=m.start())
        if speaker and end > start:
            out.append(Found(speaker, "indirect", cue, start, end, m.start(1)))
    return out
