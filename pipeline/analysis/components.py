"""Kabarchy's spaCy components, declared by name (`@Language.factory`) with what they need and set.

- `kabarchy_ru_lemma` / `kabarchy_ky_lemma`: token.lemma_ from `pipeline.morph` (cached there).
- `kabarchy_paragraphs`: a line break also ends a sentence.
- `kabarchy_name_forms`: token.norm_ = the canonical registry word it is a case form of, else the
  folded lemma; the entity ruler matches on it.
- `kabarchy_registry_filter`: drops registry matches that are ordinary words (реформа).
- `kabarchy_slovnet_ner` (Russian only): slovnet's PER/ORG/LOC spans on `doc.spans["model"]`,
  leaving out whatever overlaps a registry match in `doc.ents`.
- `kabarchy_ky_names` (Kyrgyz only): rule-found person names on `doc.spans["rules"]`.

Importing this module registers the factories; `pipeline.analysis.nlp` builds the pipelines.
"""

from __future__ import annotations

import re

from collections.abc import Callable, Iterable, Iterator
from functools import lru_cache
from pathlib import Path

from spacy.language import Language
from spacy.matcher import Matcher
from spacy.tokens import Doc, Span
from spacy.util import filter_spans, minibatch

from pipeline.analysis.names import KY_SUFFIXES, FormTable, parses, token_norm
from pipeline.analysis.ner_ru import MAX_CHARS, RussianNER, batch_sentences
from pipeline.ky_stem import name_stem
from pipeline.morph import KY_LETTERS, fold, ky_lemma, ru_lemma

COMPONENTS_VERSION = "2"  # bump when a component's output changes (it is part of Analyzer.version)
MODEL_SPANS = "model"
MAX_KNOWN = 200_000  # words whose norm a NameForms remembers
RULE_SPANS = "rules"


class LemmaSetter:
    """Sets token.lemma_ from a cached per-word function (spaCy's blank lemmatizers give up)."""

    def __init__(self, lemma: Callable[[str], str]) -> None:
        self.lemma = lemma

    def __call__(self, doc: Doc) -> Doc:
        for token in doc:
            if not token.is_space:
                token.lemma_ = self.lemma(token.text)
        return doc


@Language.factory("kabarchy_ru_lemma", requires=["token.text"], assigns=["token.lemma"])
def make_ru_lemma(nlp: Language, name: str) -> LemmaSetter:
    return LemmaSetter(ru_lemma)


@Language.factory("kabarchy_ky_lemma", requires=["token.text"], assigns=["token.lemma"])
def make_ky_lemma(nlp: Language, name: str) -> LemmaSetter:
    return LemmaSetter(ky_lemma)


class ParagraphBreaks:
    """A line break ends a sentence even without a full stop (headlines, list items, bylines)."""

    def __call__(self, doc: Doc) -> Doc:
        for token in doc[:-1]:
            if token.is_space and "\n" in token.text:
                doc[token.i + 1].is_sent_start = True
        return doc


@Language.factory("kabarchy_paragraphs", requires=["token.is_sent_start"], assigns=["token.is_sent_start"])
def make_paragraphs(nlp: Language, name: str) -> ParagraphBreaks:
    return ParagraphBreaks()


class NameForms:
    """Sets token.norm_, the attribute the entity ruler matches on: the canonical registry word
    when the token is one of its generated case forms (Жапаровдун → жапаров, БШКнын → БШК),
    else the folded lemma. The table is filled by `nlp.build_pipeline`."""

    def __init__(self, lang: str) -> None:
        self.table = FormTable()
        self.kyrgyz = lang == "ky"
        self._known: dict[str, str] = {}  # text → norm; the table is filled before the first doc

    def __call__(self, doc: Doc) -> Doc:
        known = self._known
        if len(known) > MAX_KNOWN:
            known.clear()
        for token in doc:
            if token.is_space:
                continue
            norm = known.get(token.text)
            if norm is None:
                norm = known[token.text] = self._norm(token.text, token.lemma_)
            token.norm_ = norm
        return doc

    def _norm(self, text: str, lemma: str) -> str:
        """A token's norm depends on its text alone (its lemma is a function of the text)."""
        norm = self.table.get(token_norm(text))
        if norm is not None:
            return norm
        # a capitalised Kyrgyz word is read as a name: Бишкектиктер (its people) ≠ Бишкек
        return _ky_name_key(text) if self.kyrgyz and text[:1].isupper() else fold(lemma)


@lru_cache(maxsize=100_000)
def _ky_name_key(word: str) -> str:
    return fold(name_stem(word))


@Language.factory("kabarchy_name_forms", requires=["token.lemma"], assigns=["token.norm"])
def make_name_forms(nlp: Language, name: str) -> NameForms:
    return NameForms(nlp.lang)


class RegistryFilter:
    """Drops registry matches that are ordinary words or another country's body
    (`plausibility.Plausibility`), before the model looks for what is left."""

    def __init__(self, lang: str) -> None:
        self.lang = lang
        self.check: Callable[[Span, str], bool] = lambda ent, lang: True

    def __call__(self, doc: Doc) -> Doc:
        doc.ents = [e for e in doc.ents if self.check(e, self.lang)]
        return doc


@Language.factory("kabarchy_registry_filter", requires=["doc.ents"], assigns=["doc.ents"])
def make_registry_filter(nlp: Language, name: str) -> RegistryFilter:
    return RegistryFilter(nlp.lang)


def sentences(doc: Doc) -> list[Span]:
    """The doc's sentences, without the whitespace-only ones a chunk's trailing break makes
    (worked out once per doc: the model, the linker and the stage all ask)."""
    found = doc.user_data.get(_SENTENCES)
    if found is None:
        found = doc.user_data[_SENTENCES] = [s for s in doc.sents if not all(t.is_space for t in s)]
    return found


_SENTENCES = "kabarchy.sentences"


def _free(doc: Doc, span: Span) -> bool:
    """No registry match (doc.ents) shares a token with the span."""
    return all(token.ent_iob_ in ("O", "") for token in span)


class SlovnetNER:
    """Wraps slovnet: runs it on batches of whole sentences so a huge article stays bounded."""

    def __init__(self, model: RussianNER, max_chars: int = MAX_CHARS) -> None:
        self.model = model
        self.max_chars = max_chars

    def __call__(self, doc: Doc) -> Doc:
        return next(iter(self.pipe([doc])))

    def pipe(self, docs: Iterable[Doc], batch_size: int = 64) -> Iterator[Doc]:
        """Many docs' sentences go to the model together: it is fastest on full batches."""
        for batch in minibatch(docs, size=batch_size):
            pieces: list[tuple[int, str]] = []
            owners: list[int] = []
            for k, doc in enumerate(batch):
                bounds = [(s.start_char, s.end_char) for s in sentences(doc)]
                for piece in batch_sentences(bounds, doc.text, self.max_chars):
                    pieces.append(piece)
                    owners.append(k)
            found: list[list[Span]] = [[] for _ in batch]
            for k, spans in zip(owners, self.model.piece_spans(pieces), strict=True):
                doc = batch[k]
                for ms in spans:
                    span = doc.char_span(ms.start, ms.end, label=ms.label, alignment_mode="expand")
                    if span is not None and _free(doc, span):
                        found[k].append(span)
            for doc, spans in zip(batch, found, strict=True):
                doc.spans[MODEL_SPANS] = filter_spans(spans)
                yield doc


@Language.factory(
    "kabarchy_slovnet_ner",
    requires=["doc.sents", "doc.ents"],
    assigns=["doc.spans"],
    default_config={"model_folder": None, "max_chars": MAX_CHARS},
)
def make_slovnet_ner(nlp: Language, name: str, model_folder: str | None, max_chars: int) -> SlovnetNER:
    if nlp.lang != "ru":
        raise ValueError("the slovnet NER model is Russian; never add it to a non-Russian pipeline")
    return SlovnetNER(RussianNER.load(Path(model_folder) if model_folder else None), max_chars)


_UPPER = "А-ЯЁӨҮҢ"
_LOWER = "а-яёөүң"
# the folded endings, matched on the unfolded lower-case text (дүн as well as дун)
_KY_SUFFIX = "(?:" + "|".join(KY_SUFFIXES).translate(str.maketrans({"о": "[оө]", "у": "[уү]", "н": "[нң]"})) + ")?"
# -ов/-ев only: a Russian -ин surname (Путин) cannot be told from a Kyrgyz genitive (Кеңештин,
# Биримдигинин) by shape; titles still find "президент Владимир Путин"
SURNAME = {"IS_TITLE": True, "LOWER": {"REGEX": rf"^[{_LOWER}]{{2,}}(?:ов|ев|ова|ева){_KY_SUFFIX}$"}}
# Capitalised words that open Kyrgyz sentences and are not given names (Бүгүн Иванов ...)
NOT_GIVEN = ("бүгүн", "кечээ", "эртең", "быйыл", "азыр", "учурда", "мурда", "кийин", "андан", "мындан",
             "ошондой", "ошол", "бул", "ал", "алар", "бирок", "анткени", "ошентип", "жакында", "ушул",
             "мисалы", "демек", "акыркы", "ошондуктан", "маалыматка", "билдирүүгө", "жыйында",
             # common nouns that open news sentences before a name in an oblique case (Сот Садыковду актады)
             "сот", "тергөө", "прокуратура", "прокурор", "милиция", "мэрия", "өкмөт", "министрлик", "мекеме",
             "комиссия", "партия", "кеңеш", "жыйын", "мыйзам", "шаар", "айыл", "эл", "адам", "аял", "бала",
             "жаран", "тургун", "жетекчи", "кызматкер", "дарыгер", "мугалим", "окуучу", "студент", "полиция",
             "тарап", "соттун", "ведомство", "агенттик", "аким", "акимчилик", "депутаттар", "кабыл")
# a plural (Тараптар, Тургундардын) is never a given name
_KY_PLURAL_RE = re.compile(r"(?:лар|лер|лор|лөр|дар|дер|дор|дөр|тар|тер|тор|төр)(?:[а-яөүң]{0,5})$")
GIVEN = {"IS_TITLE": True, "LOWER": {"REGEX": rf"^[{_LOWER}]{{3,}}$", "NOT_IN": list(NOT_GIVEN)}}
INITIALS = {"TEXT": {"REGEX": rf"^(?:[{_UPPER}]\.){{1,2}}$"}}
PATRONYMIC_WORD = {"LOWER": {"REGEX": rf"^(?:уулу|кызы){_KY_SUFFIX}$"}}
# Words before a name that say it is a person's name: президент Садыр Жапаров, депутат ...
TITLE_WORDS = ("президент", "президенти", "министр", "министри", "депутат", "депутаты", "төрага",
               "төрагасы", "мэр", "мэри", "аким", "акими", "элчи", "элчиси", "губернатор", "губернатору",
               "вице-премьер", "омбудсмен", "прокурор", "прокурору", "судья", "судьясы", "директор",
               "директору", "журналист", "активист", "адвокат")
TITLE = {"LOWER": {"IN": list(TITLE_WORDS)}}
PERSON_PATTERNS: tuple[list[dict], ...] = (
    [GIVEN, SURNAME],
    [GIVEN, GIVEN, PATRONYMIC_WORD],
    [GIVEN, PATRONYMIC_WORD],
    [INITIALS, SURNAME],
    [SURNAME, INITIALS],
    [TITLE, GIVEN, GIVEN],
    [TITLE, SURNAME],
    [SURNAME],  # a capitalised -ов/-ев word alone is a surname in Kyrgyz text (Сот Садыковду актады)
)


class KyrgyzNames:
    """Finds person names in Kyrgyz text by shape, since no Kyrgyz NER model can be installed."""

    def __init__(self, nlp: Language) -> None:
        self.matcher = Matcher(nlp.vocab)
        for i, pattern in enumerate(PERSON_PATTERNS):
            self.matcher.add(f"person-{i}", [pattern], greedy="LONGEST")

    def __call__(self, doc: Doc) -> Doc:
        found = []
        for _, start, end in self.matcher(doc):
            if doc[start].lower_ in TITLE_WORDS:
                start += 1  # the title is a cue, not part of the name
            span = Span(doc, start, end, label="PER")
            if _free(doc, span) and not _KY_PLURAL_RE.search(span[0].lower_):
                found.append(span)
        found += self._russian_given_names(doc)
        doc.spans[RULE_SPANS] = filter_spans(found)
        return doc

    @staticmethod
    def _russian_given_names(doc: Doc) -> list[Span]:
        """A Russian or Arabic given name pymorphy3 knows (Владимир, Мухаммед) before a
        capitalised word: a foreign name without an -ов surname (Владимир Путинге)."""
        out = []
        for token in doc[:-1]:
            nxt = doc[token.i + 1]
            if (token.is_title and nxt.is_title and nxt.is_alpha and token.lower_ not in NOT_GIVEN
                    and _known_given(token.text)):
                span = Span(doc, token.i, token.i + 2, label="PER")
                if _free(doc, span):
                    out.append(span)
        return out


@lru_cache(maxsize=50_000)
def _known_given(word: str) -> bool:
    """pymorphy3 knows the word as a given name and not as an ordinary word first."""
    readings = parses(word)
    return bool(readings) and "Name" in readings[0].tag and readings[0].score >= 0.5 and not KY_LETTERS.intersection(word)


@Language.factory("kabarchy_ky_names", requires=["doc.ents"], assigns=["doc.spans"])
def make_ky_names(nlp: Language, name: str) -> KyrgyzNames:
    return KyrgyzNames(nlp)
