"""Turns what the pipelines found into `Mention`s, each with an entity id.

- A registry match carries its id (any case form, either language).
- A bare surname (`surname:<key>` from the ruler) right after another given name or initial
  ("Айбек Осмонов", "Б. Жапаров") is an unknown namesake and gets a provisional id; otherwise it
  is resolved among the registry's namesakes:
  1. one namesake → that one;
  2. role words next to it ("премьер Жапаров", "президент Жапаров", "Жапаров, төрагасы") that
     name a post a namesake held on the article's day (then: at any time, "экс-премьер");
  3. still open → the namesake named in full most recently earlier in the same article;
  4. still open → the holder of the most senior post that day (roles are ranked in the order
     the registry lists them), else the first namesake by id.
- Anything else (slovnet PER/ORG/LOC, Kyrgyz name rules) gets a provisional id
  (`pipeline.analysis.provisional`); a bare surname of an unknown person reuses the id of the
  fuller name with that surname named earlier in the article.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, field
from datetime import date

from spacy.tokens import Doc, Span, Token

from pipeline.analysis.components import MODEL_SPANS, NOT_GIVEN, RULE_SPANS, TITLE_WORDS, sentences
from pipeline.analysis.countries import PREFIX as COUNTRY_PREFIX
from pipeline.analysis.foreign import HOME, CountryTrail, ForeignBodies, foreign_id, is_place_in_country
from pipeline.analysis.gender import span_gender
from pipeline.analysis.names import is_russian_given_name, looks_like_surname, surname_key
from pipeline.analysis.nlp import is_surname_id, surname_of
from pipeline.analysis.nonperson import names_a_feature, names_a_thing
from pipeline.analysis.plausibility import word_key
from pipeline.analysis.shared_heads import SharedHeads
from pipeline.analysis.provisional import person_key, provisional_id, thing_key, thing_name
from pipeline.analysis.registry import Entity, Post, Registry
from pipeline.analysis.titles import Titles
from pipeline.morph import fold, ru_parses, tokens
from pipeline.records import Mention

MODEL_TYPES = {"PER": "person", "ORG": "organisation", "LOC": "place"}
INITIAL = re.compile(r"^(?:[A-ZА-ЯЁӨҮҢ]\.){1,2}$")
WINDOW_BEFORE = 6  # tokens looked at for role words before a bare surname
WINDOW_AFTER = 4
_PEOPLE = ("гражданин", "граждан", "житель", "жительница", "уроженец", "уроженка", "мигрант", "выходец", "турист")
# a word of ours, not a name: кыргызские, кыргызстанский, кыргызстандык (searched in the text: cheaper
# than walking every token of every article)
_OURS_RE = re.compile(r"(?<![\w-])(?:кыргызск|кыргызстанск|киргизск|кыргызстандык)", re.I)


@dataclass
class ArticleContext:
    """What linking remembers while it walks one article (its chunks come in order)."""

    day: date | None
    lang: str
    full_named: dict[str, int] = field(default_factory=dict)  # registry person id → last position
    # (surname key, gender) → (provisional id, name, position) of unknown persons named in full
    unknown_by_surname: dict[tuple[str, str | None], tuple[str, str, int]] = field(default_factory=dict)
    sentence_base: int = 0
    countries: CountryTrail = field(default_factory=CountryTrail)  # «суд страны», «коңшу өлкөнүн»
    # (token index in the current doc, the trail after the place named there): titles read it
    trail_marks: list[tuple[int, CountryTrail]] = field(default_factory=list)


def posts_on(entity: Entity, day: date | None) -> tuple[Post, ...]:
    """Posts held on `day`; without a date, the posts held now (no end date)."""
    if day is not None:
        return entity.posts_on(day)
    return tuple(p for p in entity.posts if p.end is None)


class Linker:
    """Built once per registry; `link(doc, offset, ctx)` per spaCy doc (one chunk of an article)."""

    def __init__(self, registry: Registry) -> None:
        self.registry = registry
        self.foreign = ForeignBodies()
        self.titles = Titles(registry, self.foreign)
        self.shared_heads = SharedHeads(registry)
        self._by_surname: dict[str, list[Entity]] = {}
        for entity in registry.entities:
            for surname in set(entity.surname.values()):
                self._by_surname.setdefault(surname_key(surname), []).append(entity)
        self._seniority = {role: i for i, role in enumerate(registry.roles)}
        self._role_starts = {words[0] for by_lang in registry.roles.values() for lang, phrases in by_lang.items()
                             for words in (self._role_key(p, lang) for p in phrases) if words}
        self._role_words: dict[str, list[tuple[str, ...]]] = {
            role: sorted({self._role_key(word, lang) for lang, words in by_lang.items() for word in words})
            for role, by_lang in registry.roles.items()
        }

    @staticmethod
    def _role_key(phrase: str, lang: str) -> tuple[str, ...]:
        return tuple(word_key(w, lang) for w, _, _ in tokens(phrase))

    # ------------------------------------------------------------------ walking a doc
    def link(self, doc: Doc, offset: int, ctx: ArticleContext) -> list[Mention]:
        sent_starts = [s.start_char for s in sentences(doc)]
        found: list[tuple[Span, str]] = [(e, "registry") for e in doc.ents]
        found += [(s, "model") for s in doc.spans.get(MODEL_SPANS, ())]
        found += [(s, "rule") for s in doc.spans.get(RULE_SPANS, ())]
        listed = self.shared_heads.find(doc, ctx.lang)  # «Ысык-Көл жана Талас облустарында»: regions
        shared = {span.start: entity_id for span, entity_id in listed}
        if listed:
            found = [f for f in found if not any(f[0].start < s.end and s.start < f[0].end for s, _ in listed)]
            found += [(span, "shared") for span, _ in listed]
        found.sort(key=lambda f: f[0].start)
        mentions = []
        ctx.trail_marks = [(-1, ctx.countries.copy())]
        ours = [t.i for t in _words_at(doc, _OURS_RE) if t.ent_iob_ in ("O", "")]
        for i, (span, method) in enumerate(found):
            while ours and ours[0] < span.start:  # «Кыргызские спасатели …, сообщили в МЧС»: ours
                ctx.countries.sentence = ctx.sentence_base + max(0, bisect_right(sent_starts, doc[ours[0]].idx) - 1)
                ctx.countries.note(HOME)
                ctx.trail_marks.append((ours.pop(0), ctx.countries.copy()))
            if span.label_ in ("person", "PER", "place", "LOC") and names_a_thing(span):
                continue  # улица Бейшеналиева, Бейшеналиева көчөсү, улица Токтогула (not the town)
            if span.label_ in ("place", "LOC") and names_a_feature(span):
                continue  # Нарын дарыясы, Токтогул суу сактагычы, река Нарын (not the town)
            sentence = ctx.sentence_base + max(0, bisect_right(sent_starts, span.start_char) - 1)
            ctx.countries.sentence = sentence
            position = offset + span.start_char
            if method == "shared":
                mention = self._place_mention(span, shared[span.start], ctx, position, sentence, offset)
            elif method == "registry":
                mention = self._registry_mention(span, found, i, ctx, position, sentence, offset)
            else:
                mention = self._unknown_mention(span, method, ctx, position, sentence, offset)
            if mention is not None:
                mentions.append(mention)
        covered = {t for span, _ in found for t in range(span.start, span.end)}
        mentions += self._repeated_surnames(doc, offset, ctx, covered, sent_starts)
        persons = [span for span, _ in found if _is_person(span)]
        for span, holder in self.titles.find(doc, ctx.lang, ctx.day, ctx.trail_marks, persons):
            entity = self.registry.get(holder)
            if entity is not None:
                sentence = ctx.sentence_base + max(0, bisect_right(sent_starts, span.start_char) - 1)
                mentions.append(Mention(entity.id, entity.type, entity.name(ctx.lang if ctx.lang in ("ru", "ky") else "en"),
                                        span.text, offset + span.start_char, offset + span.end_char, sentence, "title"))
        ctx.sentence_base += len(sent_starts)
        return sorted(mentions, key=lambda m: m.start)

    @staticmethod
    def _repeated_surnames(doc: Doc, offset: int, ctx: ArticleContext, covered: set[int],
                           sent_starts: list[int]) -> list[Mention]:
        """A bare surname of an unknown person named in full earlier («Асанов» after «Бакыт
        Асанов»), which neither the model nor the rules found on its own."""
        if not ctx.unknown_by_surname:
            return []
        bases = {base for base, _ in ctx.unknown_by_surname}
        out = []
        for token in doc:
            if token.i in covered or not token.is_title or not looks_like_surname(token.text):
                continue
            base = surname_key(token.text)
            if base not in bases:
                continue
            span = doc[token.i:token.i + 1]
            earlier = _unknown_by_surname(ctx, base, span_gender(span, ctx.lang))
            if earlier is None or earlier[2] >= offset + token.idx:
                continue
            sentence = ctx.sentence_base + max(0, bisect_right(sent_starts, token.idx) - 1)
            out.append(Mention(earlier[0], "person", earlier[1], token.text, offset + token.idx,
                               offset + token.idx + len(token.text), sentence, "coref"))
        return out

    def _registry_mention(self, span: Span, found: list[tuple[Span, str]], i: int, ctx: ArticleContext,
                          position: int, sentence: int, offset: int) -> Mention | None:
        pattern_id = span.ent_id_
        if is_surname_id(pattern_id) and self._other_first_name(span, ctx.lang):
            # "Айбек Осмонов" is not the registry's Дамирбек Осмонов: an unknown namesake
            whole = Span(span.doc, span.start - 1, span.end, label="PER")
            return self._unknown_mention(whole, "rule", ctx, offset + whole.start_char, sentence, offset)
        if is_surname_id(pattern_id):
            gender = span_gender(span, ctx.lang)
            key = surname_of(pattern_id)
            entity = self._resolve_surname(key, gender, span, found, i, ctx)
            if entity is None or self._unknown_named_later(key, gender, entity, ctx):
                # a woman's form of a man's surname (or the reverse), or a namesake the article
                # introduced in full: not the registry's person
                return self._unknown_mention(span, "rule", ctx, position, sentence, offset, label="PER")
        else:
            entity = self.registry.get(pattern_id)
            if entity is not None and entity.type == "person":
                ctx.full_named[entity.id] = position
        if entity is None:
            return None
        if span[0].is_lower and entity.generic_out_of_time(" ".join(word_key(t.text, ctx.lang) for t in span),
                                                              ctx.day, _phrase_key):
            return None  # «правительство» after 2021 is any government, not the renamed Cabinet
        if entity.type == "person":
            ctx.countries.home_named = True  # one of our officials: bodies named alone now are ours
        lang = ctx.lang if ctx.lang in ("ru", "ky") else "en"
        if entity.type == "place":
            if _part_of_a_name(span):  # Токтогул Сатылганов, Нурбек Токтогул уулу: a person, not the town
                whole = Span(span.doc, span.start - self._other_first_name(span, ctx.lang),
                             min(span.end + 1, len(span.doc)), label="PER")  # with its given name, if any
                if names_a_thing(whole):
                    return None  # Токтогул Сатылганов атындагы мектеп
                return self._unknown_mention(whole, "rule", ctx, offset + whole.start_char, sentence, offset,
                                             label="PER")
            ctx.countries.note(entity.id if is_place_in_country(entity.id)
                               else COUNTRY_PREFIX + entity.country if entity.country else HOME, entity.id,
                               scene=_names_a_scene(span))
            ctx.trail_marks.append((span.start, ctx.countries.copy()))
        elif entity.type == "body" and (country := self.foreign.country_of(span, ctx.lang, ctx.countries, entity.id)):
            if ctx.countries.last != country:  # «казахстанский Минфин … МИД страны»
                ctx.countries.note(country)
                ctx.trail_marks.append((span.start, ctx.countries.copy()))
            return Mention(foreign_id(entity, country), "organisation",
                           self.foreign.foreign_mention_name(entity, country, lang), span.text, position,
                           offset + span.end_char, sentence, "registry")
        elif entity.type == "body" and (town := _town_of_office(entity.id)) is not None:
            ctx.countries.last_city = town  # «Мэрия Оша … в мэрии»: Osh's
            ctx.trail_marks.append((span.start, ctx.countries.copy()))
        return Mention(entity.id, entity.type, entity.name_on(ctx.day, lang), span.text, position, offset + span.end_char,
                       sentence, "registry")

    def _place_mention(self, span: Span, entity_id: str, ctx: ArticleContext, position: int, sentence: int,
                       offset: int) -> Mention | None:
        """A region or district of ours found by `SharedHeads`."""
        entity = self.registry.get(entity_id)
        if entity is None:
            return None
        ctx.countries.note(HOME, entity.id)
        ctx.trail_marks.append((span.start, ctx.countries.copy()))
        lang = ctx.lang if ctx.lang in ("ru", "ky") else "en"
        return Mention(entity.id, entity.type, entity.name_on(ctx.day, lang), span.text, position,
                       offset + span.end_char, sentence, "registry")

    def _other_first_name(self, span: Span, lang: str) -> bool:
        """Whether a bare registry surname follows a given name or initial that is not its
        namesakes' (those would have matched in full): a capitalised word that is not a title
        or role word, nor an ordinary sentence opener (Russian: one pymorphy3 knows as a name)."""
        if span.start == 0:
            return False
        prev = span.doc[span.start - 1]
        if INITIAL.match(prev.text):
            return True
        if not (prev.is_title and prev.is_alpha) or prev.ent_iob_ not in ("O", ""):
            return False
        if any(m.start <= prev.i < m.end and m.label_ != "PER" for m in span.doc.spans.get(MODEL_SPANS, ())):
            return False  # "президент России Путин": a place, not a given name
        lower = prev.lower_
        if lower in TITLE_WORDS or lower in NOT_GIVEN or fold(prev.lemma_ or lower) in self._role_starts:
            return False
        if prev.is_sent_start and lang == "ru":
            return is_russian_given_name(prev.text)
        return True

    @staticmethod
    def _unknown_named_later(key: str, gender: str | None, entity: Entity, ctx: ArticleContext) -> bool:
        """An unknown namesake named in full after the registry person was (Айбек Осмонов, then
        Осмонов) is the one a bare surname means."""
        unknown = _unknown_by_surname(ctx, key, gender)
        return unknown is not None and unknown[2] > ctx.full_named.get(entity.id, -1)

    def _unknown_mention(self, span: Span, method: str, ctx: ArticleContext, position: int,
                         sentence: int, offset: int, label: str | None = None) -> Mention | None:
        entity_type = MODEL_TYPES.get(label or span.label_)
        if entity_type is None:
            return None
        if entity_type == "person":
            gender = span_gender(span, ctx.lang)
            key, name = person_key(span.text, ctx.lang, gender)
            if not key:
                return None
            words = key.split()
            # «Асан уулу» after «Нурлан Асан уулу» is the same man, as «Асанов» after «Бакыт Асанов»
            patronymic = len(words) > 1 and words[-1] in ("уулу", "кызы")
            base = " ".join(words[-2:]) if patronymic else surname_key(words[-1])
            bare = len(words) == 1 + patronymic
            earlier = _unknown_by_surname(ctx, base, gender) if bare else None
            if earlier is not None:
                entity_id, name, _ = earlier
            else:
                entity_id = provisional_id(entity_type, key)
                if not bare:
                    ctx.unknown_by_surname[(base, gender)] = (entity_id, name, position)
        else:
            key = thing_key(span.text, ctx.lang)
            if not key:
                return None
            entity_id, name = provisional_id(entity_type, key), thing_name(span.text, ctx.lang)
        return Mention(entity_id, entity_type, name, span.text, position, offset + span.end_char, sentence, method)

    # ------------------------------------------------------------ namesakes
    def candidates(self, key: str) -> list[Entity]:
        found = {e.id: e for e in (*self.registry.by_surname(key), *self._by_surname.get(key, ()))}
        return [found[k] for k in sorted(found)]

    def _resolve_surname(self, key: str, gender: str | None, span: Span, found: list[tuple[Span, str]],
                         i: int, ctx: ArticleContext) -> Entity | None:
        """The registry namesake a bare surname means; None when none fits its gender."""
        cands = [c for c in self.candidates(key) if gender is None or c.gender in (None, gender)]
        if len(cands) <= 1:
            return cands[0] if cands else None
        window = self._window(span, found, i)
        for day_only in (True, False):
            by_role = [c for c in cands
                       if self._has_role_word(window, posts_on(c, ctx.day) if day_only else c.posts)]
            if len(by_role) == 1:
                return by_role[0]
            if by_role:
                cands = by_role
                break
        named = [c for c in cands if c.id in ctx.full_named]
        if named:
            return max(named, key=lambda c: ctx.full_named[c.id])
        ranked = [(min(self._seniority.get(p.role, len(self._seniority)) for p in posts_on(c, ctx.day)), c.id, c)
                  for c in cands if posts_on(c, ctx.day)]
        return min(ranked)[2] if ranked else cands[0]

    @staticmethod
    def _window(span: Span, found: list[tuple[Span, str]], i: int) -> list[str]:
        """Folded lemmas around the mention, within its sentence, not reaching past another
        person ("президент Садыр Жапаров и Жапаров" must not lend "президент" to the second)."""
        doc, sent = span.doc, span.sent
        persons = [f.start for f, _ in found if _is_person(f)]
        ends = [f.end for f, _ in found[:i] if _is_person(f)]
        after = [start for start in persons if start >= span.end]
        lo = max(sent.start, span.start - WINDOW_BEFORE, max(ends, default=0))
        hi = min(sent.end, span.end + WINDOW_AFTER, min(after, default=len(doc)))
        return [fold(t.lemma_ or t.text) for t in doc[lo:span.start]] + ["|"] + \
               [fold(t.lemma_ or t.text) for t in doc[span.end:hi]]

    def _has_role_word(self, window: list[str], posts: tuple[Post, ...]) -> bool:
        return any(_contains(window, words) for post in posts for words in self._role_words.get(post.role, ()))


def _words_at(doc: Doc, pattern: re.Pattern[str]) -> list[Token]:
    """The tokens where a pattern matches the doc's text (first token of each match)."""
    out = []
    for m in pattern.finditer(doc.text):
        span = doc.char_span(m.start(), m.end(), alignment_mode="expand")
        if span is not None and len(span):
            out.append(span[0])
    return out


def _phrase_key(phrase: str, lang: str) -> str:
    return " ".join(word_key(w, lang) for w, _, _ in tokens(phrase))


def _names_a_scene(span: Span) -> bool:
    """A place named as where the news happens, not where someone comes from: «По всей Ботсване»,
    «министр транспорта Германии», «В Новосибирске», but not «альпинист из Казахстана», «граждане
    России», «уроженец Таджикистана»."""
    doc = span.doc
    if span.start == 0:
        return True
    prev = doc[span.start - 1]
    if fold(prev.lemma_ or prev.lower_).startswith(_PEOPLE):
        return False
    if prev.lower_ in ("из", "от", "с", "со") and span.start > 1:  # «альпинист из Казахстана», not «уехать из Москвы»
        readings = ru_parses(doc[span.start - 2].text)
        return not (readings and readings[0].tag.POS == "NOUN" and "anim" in readings[0].tag)
    return True


def _town_of_office(body_id: str) -> str | None:
    """body:osh-mayor-office → place:osh (the registry names a town's mayor's office so)."""
    if body_id.endswith("-mayor-office"):
        return "place:" + body_id.removeprefix("body:").removesuffix("-mayor-office")
    return None


def _part_of_a_name(span: Span) -> bool:
    """A place name followed by уулу/кызы or by a surname is a person's given name."""
    if span.end >= len(span.doc):
        return False
    nxt = span.doc[span.end]
    return fold(nxt.text).startswith(("уулу", "кызы")) or (nxt.is_title and looks_like_surname(nxt.text))


def _unknown_by_surname(ctx: ArticleContext, base: str, gender: str | None) -> tuple[str, str, int] | None:
    """The unknown person with this surname named in full earlier: of this gender, or of
    either when the form does not say (the only one, or the latest)."""
    if gender is not None:
        return ctx.unknown_by_surname.get((base, gender)) or ctx.unknown_by_surname.get((base, None))
    found = [v for (b, _), v in ctx.unknown_by_surname.items() if b == base]
    return max(found, key=lambda v: v[2]) if found else None


def _is_person(span: Span) -> bool:
    return span.label_ in ("person", "PER")


def _contains(window: list[str], words: tuple[str, ...]) -> bool:
    """Whether the role words occur in order in the window; a word matches a token it begins
    (Kyrgyz adds endings: төрага → төрагасы)."""
    n = len(words)
    return n > 0 and any(all(window[j + k].startswith(words[k]) for k in range(n))
                         for j in range(len(window) - n + 1))
