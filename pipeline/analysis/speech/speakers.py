"""The speaker slot of a cue: who is named after it («— заявил глава ГКНБ Камчыбек Ташиев»),
before it («пресс-служба ГКНБ сообщила»), or first in a Kyrgyz sentence («БШКнын төрагасы …
деп билдирди»).

Only a possible subject speaks (`objects.usable`): an addressee in the dative («рассказали
„Вечернему Бишкеку“ в мэрии», «сотко … билдирген»), a noun after с/к/для/о, an object in the
Kyrgyz accusative, and a news outlet right after the verb («рассказал 24.kg директор …») are
passed over. A slot without a linked speaker keeps its words as the speaker's description, cut
to the noun phrase (never «Хотя», «сейчас», «мындай»).
"""

from __future__ import annotations

import re
from functools import lru_cache

from pipeline.analysis.speech import anaphora, cues
from pipeline.analysis.speech.document import TRIM, Document, Speaker
from pipeline.analysis.speech.objects import KY_DATIVE_RE, KY_PLAIN_DATIVE_RE, usable
from pipeline.morph import fold, ru_parses
from pipeline.records import Mention

_KY_GENITIVE_RE = re.compile(r"(?:н|д|т)(?:ын|ин|ун|үн)\Z", re.I)
_KY_TOLD_RE = re.compile(
    r"\s*(?:[«\"“][^»\"”]{1,40}[»\"”]\s*(?:агенттигине|сайтына|басылмасына|гезитине|телеканалына|радиосуна)|"
    r"журналисттерге|маалымат\s+каражаттарына|ЖМКга)(?![\w-])", re.I)
# the head a genitive owns, in the nominative: «басма сөз катчысы», «бири», «мэриясы» (not «эфиринде»)
KY_POSSESSED_HEAD = re.compile(r"(?:\s+[а-яөүң-]+){0,2}?\s+[а-яөүң-]*(?:с[ыиуү]|[^аеиоуыөүэ\s][ыиуү])(?![\w-])")
_KY_OBLIQUE_RE = re.compile(r"(?:[дтн][аео]|[гк][аео]|[дтн][аео]н|[нд][ыиу])\Z")  # folded: -да, -га, -дан, -ны
_LEADING_PREPOSITION_RE = re.compile(r"\A(?:в|во|на|у|из)\s+", re.I)
_RU_NOT_IN_NAMES = frozenset({"ADVB", "CONJ", "PRCL", "INTJ", "PRED", "GRND", "VERB", "INFN", "COMP", "NPRO", "PREP"})
_KY_NOT_IN_NAMES = frozenset({
    "мындай", "ошондой", "ошентип", "азыр", "бүгүн", "кечээ", "ачык", "дагы", "да", "бирок", "анткени", "ал", "эми",
    "эле", "буга", "чейин", "ошол", "бул", "андан", "ары", "кийин", "мурда", "учурда", "өз", "кезегинде", "ошону",
    "менен", "бирге", "жана", "болсо", "деп", "деди",
})
_SPEAK_FOR = frozenset({"пресс-служба", "аппарат", "офис", "штаб", "администрация", "канцелярия"})
_TIME_NOUNS = frozenset({"день", "неделя", "месяц", "год", "утро", "вечер", "ночь", "время", "понедельник", "вторник",
                         "среда", "четверг", "пятница", "суббота", "воскресенье", "сутки", "период"})
_WORD_RE = re.compile(r"[«\"“„]?[\w.-]+[»\"”“]?")


def speaker_after(doc: Document, lo: int, hi: int, cue: str, *, context: int | None = None) -> Speaker | None:
    """The speaker named after the cue: '— заявил глава ГКНБ Камчыбек Ташиев', '— подчеркнул он'.

    A pronoun refers to someone named before `context` (the quote's start: a name inside the
    quote is not who "он" is).
    """
    cue_end = _word_after(doc.text, lo)
    cands = [m for m in doc.speakers_in(lo, hi) if usable(doc, m, cue_end)]
    pronouns = doc.pronouns_in(lo, hi)
    if pronouns and (not cands or pronouns[0].start() < cands[0].start):
        return anaphora.resolve_pronoun(doc, pronouns[0].group(), lo if context is None else context, cue)
    anaphor = anaphora.body_anaphor(doc, lo, cands[0].start if cands else hi)
    if anaphor is not None:
        return anaphor
    if not cands:
        return _document_owner(doc, lo, hi)
    comma = doc.text.find(",", cands[0].end, hi)
    group = [m for m in cands if comma < 0 or m.start < comma]
    group_of = anaphora.collective(doc, cands, 0) if cues.plural_cue(cue, doc.lang) else None
    if group_of:
        return group_of
    return _choose(doc, group, cue, last=False)


def _document_owner(doc: Document, lo: int, hi: int) -> Speaker | None:
    """«…, говорится в сообщении.»: the document is that of the subject of the sentence before."""
    if doc.lang != "ru" or not cues.russian().document.match(doc.text[_word_end(doc.text, lo) : hi]):
        return None
    sent_lo = doc.sentence_at(lo)[0]
    if sent_lo == 0:
        return None
    prev_lo, prev_hi = doc.sentence_at(sent_lo - 1)
    subjects = [m for m in doc.speakers_in(prev_lo, prev_hi) if anaphora.subject_like(doc, m) and usable(doc, m)]
    return Speaker(subjects[0].entity_id, subjects[0].surface) if subjects else None


def speaker_before(doc: Document, lo: int, hi: int, cue: str) -> Speaker | None:
    """The speaker named before the cue: 'пресс-служба ГКНБ сообщила', 'Он заявил'."""
    cands = [m for m in doc.speakers_in(lo, hi) if usable(doc, m)]
    pronouns = doc.pronouns_in(lo, hi)
    if pronouns and (not cands or pronouns[-1].start() >= cands[-1].end):
        return anaphora.resolve_pronoun(doc, pronouns[-1].group(), pronouns[-1].start(), cue)
    anaphor = anaphora.body_anaphor(doc, cands[-1].end if cands else lo, hi)
    if anaphor is not None:
        return anaphor
    if not cands:
        return None
    last_comma = _last_comma_outside_names(doc, lo, hi)
    clause = [m for m in cands if m.start > last_comma] or cands
    nearest = clause[-1]
    group_of = anaphora.collective(doc, cands, cands.index(nearest)) if cues.plural_cue(cue, doc.lang) else None
    if group_of:
        return group_of
    return _choose(doc, clause, cue, last=True)


def _choose(doc: Document, group: list[Mention], cue: str, *, last: bool) -> Speaker:
    """A person before a body («глава ГКНБ Ташиев»), of the cue's gender when it shows one."""
    gender = cues.cue_gender(cue, doc.lang)
    ordered = list(reversed(group)) if last else group
    persons = [m for m in ordered if m.entity_type == "person"]
    person = next((m for m in persons if anaphora.fits(doc, m, gender)), persons[0] if persons else None)
    chosen = person or (group[-1] if last else group[0])
    source = cues.RU_SOURCE_BEFORE.search(doc.text, max(0, chosen.start - 20), chosen.start)
    if source is not None:  # «Источник в ГКНБ рассказал»: an anonymous insider
        return Speaker(None, doc.text[source.start() : _word_end(doc.text, chosen.end)], "unnamed")
    dependent = _head_noun_before(doc, chosen) if chosen.entity_type == "person" else None
    if dependent is not None:  # «Адвокат Жээнбековой заявил»: the lawyer speaks, not his client
        return Speaker(None, doc.text[dependent : _word_end(doc.text, chosen.end)], "unnamed")
    if person is None:
        leader = cues.RU_LEADER_BEFORE.search(doc.text, max(0, chosen.start - 40), chosen.start)
        if leader is not None:  # «Глава ГКНБ заявил»: the head speaks, not the body
            return anaphora.head_of(doc, chosen.entity_id, doc.text[leader.start() : chosen.end], leader.start())
    return Speaker(chosen.entity_id, chosen.surface)


def _head_noun_before(doc: Document, m: Mention) -> int | None:
    """Where a common noun in the nominative governing the person in the genitive starts
    («адвокат Жээнбековой», «родственники Осмоновой», «пресс-секретарь президента»)."""
    words = re.findall(r"[А-Яа-яЁё]+", doc.text[m.start : m.end])
    if not words or not _oblique(words[-1]):
        return None  # «министр Жапаров», «юрист Бекмырза Токтоналиев»: the name itself is the subject
    before = re.search(r"([А-Яа-яЁё-]+)\s*\Z", doc.text[max(0, m.start - 30) : m.start])
    if before is None:
        return None
    at = max(0, m.start - 30) + before.start(1)
    if before.group(1)[:1].isupper() and doc.sentence_at(at)[0] != at:
        return None  # a capital inside the sentence is a name, not a common noun
    head = ru_parses(before.group(1))[0]
    if head.tag.POS != "NOUN" or head.tag.case != "nomn" or head.normal_form in _SPEAK_FOR:
        return None
    return at


def _oblique(word: str) -> bool:
    """Surely not a nominative: a woman's surname in -ой (Жээнбековой), or a dictionary word with
    no nominative reading (президента). Unknown surnames are guessed badly, so they never are."""
    if word.lower().endswith(("овой", "евой", "иной", "ыной", "ской", "цкой")):
        return True
    if word[:1].isupper() and word.lower().endswith(("ов", "ев", "ёв", "ин", "ын")):
        return False  # «Исмаилов»: a man's surname in the nominative, whatever the dictionary guesses
    parses = ru_parses(word)
    return parses[0].is_known and not any(p.tag.case == "nomn" for p in parses)


def speaker_ky_subject(doc: Document, lo: int, hi: int, cue: str) -> tuple[Speaker, int] | None:
    """Kyrgyz puts the speaker first: 'БШКнын төрагасы Н. Шайлдабекова … деп билдирди'.

    Returns the speaker and where its phrase ends (the reported clause starts there).
    """
    head = doc.text[lo:hi]
    pron = re.match(r"\s*[—–-]?\s*(ал|алар)(?![\w-])", head, re.I)
    if pron:
        return anaphora.resolve_pronoun(doc, pron.group(1), lo + pron.start(1), cue), lo + pron.end()
    anaphor = re.match(r"\s*(?:[\w-]+\s+){0,2}?(?=(?:мекеме|министрлик)\w*)", head, re.I)
    if anaphor and not doc.speakers_in(lo, lo + anaphor.end()):
        body = anaphora.body_anaphor(doc, lo + anaphor.end(), hi)
        if body is not None:
            return body, _past_addressee(doc, _word_end(doc.text, lo + anaphor.end()), hi)
    cands = [m for m in doc.speakers_in(lo, hi) if usable(doc, m)]
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
    group_of = anaphora.collective(doc, cands, i) if cues.plural_cue(cue, doc.lang) else None
    if group_of:
        return group_of, doc.text.find(group_of.surface, lo) + len(group_of.surface)
    end = _word_end(doc.text, cands[i].end)
    source = cues.KY_SOURCE_AFTER.match(doc.text, end)
    if source is not None:  # «УКМКдагы булак»: an anonymous insider
        return Speaker(None, doc.text[cands[i].start : source.end()], "unnamed"), source.end()
    if _KY_GENITIVE_RE.search(doc.text[cands[i].start : end]):
        leader = cues.KY_LEADER_AFTER.match(doc.text, end)
        if leader is not None:  # «БШКнын төрагасы … билдирди»: the head speaks, not the body
            head = anaphora.head_of(doc, cands[i].entity_id, doc.text[cands[i].start : leader.end()], cands[i].start)
            return head, leader.end()
        if not cues.KY_SPEAKER_HEAD.match(doc.text, end):
            owned = KY_POSSESSED_HEAD.match(doc.text, end)
            if owned is not None and not any(_KY_OBLIQUE_RE.search(fold(w)) for w in owned.group().split()[:-1]):
                # «ИИМдин басма сөз катчысы», «тургундарынын бири» (not «КТРКнын эфиринде мектеп формасы»)
                return Speaker(None, doc.text[cands[i].start : owned.end()], "unnamed"), owned.end()
            return None  # «КТРКнын эфиринде»: a genitive that modifies something else is no subject
    head_words = cues.KY_SPEAKER_HEAD.match(doc.text, end)
    end = head_words.end() if head_words else end
    return Speaker(cands[i].entity_id, cands[i].surface), _past_addressee(doc, end, hi)


def _past_addressee(doc: Document, end: int, hi: int) -> int:
    """«… Жогорку сотко …», «… «24.kg» агенттигине …»: an addressee right after the speaker
    belongs to the saying, not to what was said."""
    told = [m for m in doc.speakers_in(end, hi) if m.start - end <= 3 and not usable(doc, m)]
    if not told:
        outlet = _KY_TOLD_RE.match(doc.text, end, hi)  # an outlet or the press the linker did not name
        return outlet.end() if outlet else end
    after = _word_end(doc.text, told[0].end)
    head = re.match(r"[»\"”]?\s*[\w-]+", doc.text[after:hi])  # «24.kg» агенттигине: the dative is the next word
    if head and after == told[0].end and KY_DATIVE_RE.search(fold(head.group())):
        return after + head.end()
    return after


def _last_comma_outside_names(doc: Document, lo: int, hi: int) -> int:
    """The last comma before the cue that ends a clause (not one inside a list of names)."""
    pos = doc.text.rfind(",", lo, hi)
    while pos >= 0:
        after = doc.text[pos + 1 : hi].lstrip()
        if after[:1] not in cues.QUOTE_OPEN:
            return pos
        pos = doc.text.rfind(",", lo, pos)
    return -1


def last_clause_start(doc: Document, lo: int, hi: int) -> int:
    return max(lo, _last_comma_outside_names(doc, lo, hi) + 1)


def _word_end(text: str, pos: int) -> int:
    while pos < len(text) and (text[pos].isalnum() or text[pos] in "-'’"):
        pos += 1
    return pos


def _word_after(text: str, pos: int) -> int:
    """The end of the word starting at `pos` (the cue verb)."""
    return _word_end(text, pos)


def unnamed(doc: Document, lo: int, hi: int, *, before_verb: bool = False) -> Speaker | None:
    """A speaker the registry does not know: the noun phrase of the slot, kept as written.

    Leading adverbs, particles and conjunctions go («Хотя», «сейчас», «мындай»), and so does an
    addressee («журналистам», «„Вечернему Бишкеку“»); the phrase ends at a comma or a verb.
    A Russian slot before its verb is read backwards from the verb first: the subject stands next
    to it («… отставку Эксперты считают» → «Эксперты»; «В тот же день Южная Корея заявила»).
    """
    if before_verb and doc.lang == "ru":
        kept = _ru_phrase_before(doc.text[lo:hi])
        if kept:
            return Speaker(None, kept, "unnamed")
        # «Директор компании назвал ситуацию … и сказал, что»: the subject of the first verb
    words = _LEADING_PREPOSITION_RE.sub("", doc.text[lo:hi].strip(TRIM))  # "В мэрии Бишкека" → "мэрии Бишкека"
    comma = words.find(",")
    words = (words[:comma] if comma > 0 else words)[:80].strip()
    kept = _ky_phrase(words) if doc.lang == "ky" else _ru_phrase(words)
    return Speaker(None, kept, "unnamed") if kept else None


def _ru_phrase_before(slot: str) -> str:
    """The noun phrase that ends the slot: words in the nominative or genitive (директор школы
    №5), names and numbers, back to a verb, conjunction, comma or other case; «в мэрии» (an
    institution in the locative) counts as well."""
    tokens = list(_WORD_RE.finditer(slot))
    start = end = None
    has_head = False
    for t in reversed(tokens):
        bare = t.group().strip("«»\"“”„")
        parses = ru_parses(bare) if re.search(r"[А-Яа-яЁё]", bare) else []
        if parses and parses[0].tag.POS == "PREP":
            has_head = has_head or bare.lower() in ("в", "во", "на")
            break
        if not parses or (bare.isupper() and len(bare) > 1):  # Latin, digits, abbreviations: names
            start, end = t.start(), end or t.end()
            continue
        if start is None and (parses[0].tag.POS in ("ADVB", "PRCL") or bare.lower() in ("также", "тоже")):
            continue  # «Министр также заявил»: an adverb next to the verb is not the subject
        if parses[0].normal_form in _TIME_NOUNS or parses[0].tag.POS in ("CONJ", "PRCL", "INTJ", "ADVB", "NPRO") \
                or "Apro" in parses[0].tag or (len(bare) == 1 and bare.islower()):
            break  # «В тот же день Южная Корея заявила», «… и сказал», «При этом сенатор»
        if not any(p.tag.POS in ("NOUN", "ADJF", "PRTF", "NUMR") and p.tag.case in ("nomn", "gent", "loct")
                   for p in parses) or slot[t.end():].lstrip().startswith(","):
            break
        start, end = t.start(), end or t.end()
        has_head = has_head or any(p.tag.POS == "NOUN" and p.tag.case == "nomn" for p in parses) or bare[:1].isupper()
    if start is None or not has_head:
        return ""
    return slot[start:end].strip(TRIM)


def _ru_phrase(words: str) -> str:
    tokens = list(_WORD_RE.finditer(words))
    start = end = None
    has_noun = False
    for t in tokens:
        bare = t.group().strip("«»\"“”„")
        parse = _best_parse(bare) if re.search(r"[А-Яа-яЁё]", bare) else None
        pos = parse.tag.POS if parse is not None else "NOUN"  # Latin, digits, abbreviations: names
        addressee = parse is not None and parse.tag.case in ("datv",) and start is None
        if start is None:
            if pos in _RU_NOT_IN_NAMES or addressee or pos is None:
                continue
            start = t.start()
        elif pos in ("VERB", "INFN", "GRND", "CONJ") and bare.lower() not in ("и",):
            break
        end = t.end()
        has_noun = has_noun or pos == "NOUN" or bare[:1].isupper()
    if start is None or end is None or not has_noun:
        return ""
    return words[start:end].strip()


@lru_cache(maxsize=50_000)
def _best_parse(word: str):  # type: ignore[no-untyped-def]
    return ru_parses(word)[0]


def _ky_phrase(words: str) -> str:
    tokens = [t for t in _WORD_RE.finditer(words)]
    kept = [t for t in tokens if t.group()[:1].isupper() or (
        t.group().lower().strip("«»\"“”„") not in _KY_NOT_IN_NAMES and not KY_PLAIN_DATIVE_RE.search(fold(t.group())))]
    if not kept:
        return ""
    return words[kept[0].start() : kept[-1].end()].strip()
