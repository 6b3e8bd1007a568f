"""What the story stage knows about one article: made once from its text, kept in the store
(so a run rebuilds its window without re-reading texts), compared many times.

- `shingles` → a MinHash (datasketch) over 3-word shingles of lemmas: near-duplicate text.
- `terms`: content lemmas with counts (title counted twice): TF-IDF cosine within a language.
- `entities`: registry ids (the registry is bilingual, so they cross languages as they are).
- `numbers` and `dates` (day.month), language-independent.
- `names`: the keys of words written with a capital inside a sentence — streets, villages,
  companies, private persons: what the registry does not know but one event's tellings share
  («склад на Толстого», «ДТП у Сосновки»).
- `keys`: the first five folded letters of long words and of names — transliterated names
  and international words (референдум/референдумга, инфляция/инфляциянын) meet there
  across Russian and Kyrgyz without a translation model — and the concepts of a
  Russian–Kyrgyz glossary of news words (`glossary.py`).
"""

from __future__ import annotations

import json
import re
import zlib
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache

import numpy as np
from datasketch import MinHash

from pipeline import morph
from pipeline.stories.acts import GENERIC, act_titles
from pipeline.stories.glossary import concepts

NUM_PERM = 64  # MinHash permutations: ±0.06 on a Jaccard estimate, 2× faster than 128
SHINGLE = 3
LEAD_WORDS = 50  # a title is compared with the other article's title and lead, not its whole text
KEY_LEN = 5
_SEED = 1  # fixed: signatures stored in the store must stay comparable across runs
SCHEME = "affine32"  # datasketch 2 hashing scheme, named so stored signatures stay comparable

STOPWORDS = frozenset("""
и в во не что он на я с со как а то все она так его но да ты к у же вы за бы по только ее мне было вот от
меня еще нет о из ему теперь когда даже ну вдруг ли если уже или ни быть был него до вас нибудь опять уж
вам ведь там потом себя ничего ей может они тут где есть надо ней для мы тебя их чем была сам чтобы без
будто чего раз тоже себе под будет ж тогда кто этот того потому этого какой совсем ним здесь этом один
почти мой тем чтобы нее сейчас были куда зачем всех никогда можно при наконец два об другой хоть после
над больше тот через эти нас про всего них какая много разве три эту моя впрочем хорошо свою этой перед
иногда лучше чуть том нельзя такой им более всегда конечно всю между это также который свой год
жана менен үчүн учун деп бул ал да дагы же эле бир ошол анын алар биз сиз мен сен болуп болот болгон
менен тууралуу боюнча ар бардык кийин чейин анда мында деген керек эмес эч бирок ошондой ушул ошону
""".split())
_MONTHS = {"янв": 1, "фев": 2, "мар": 3, "апр": 4, "мая": 5, "май": 5, "июн": 6, "июл": 7, "авг": 8,
           "сен": 9, "окт": 10, "ноя": 11, "дек": 12}
_MONTH_RE = "(янв|фев|мар|апр|мая|май|июн|июл|авг|сен|окт|ноя|дек)"
_DATE_RES = (
    re.compile(rf"\b(\d{{1,2}})\s*-?\s*{_MONTH_RE}[а-яөүң]*", re.IGNORECASE),  # 12 октября, 12-октябрда
    re.compile(rf"\b{_MONTH_RE}[а-яөүң]*н\s+(\d{{1,2}})(?![\d.,]|\s\d)", re.IGNORECASE),  # октябрдын 12си
)
_NUMERIC_DATE_RE = re.compile(r"\b(\d{1,2})\.(\d{1,2})\.(\d{2,4})\b")
_DIGIT_RE = re.compile(r"\d")
_CLOCK_RE = re.compile(r"(?<![\w:.,])(\d{1,2}):(\d{1,2})(?![\d:])")  # 03:42, саат 03:42де, a score 2:1
_NUMBER_RE = re.compile(r"(?<![\w.,])\d{1,3}(?:[ \u00a0\u202f]\d{3})+(?:[.,]\d+)?(?![\w])|(?<![\w.,])\d+(?:[.,]\d+)?(?![\w])")


@dataclass
class Features:
    """One article's matching material. `signature` is the MinHash (None without shingles)."""

    article_id: str
    source: str
    language: str
    moment: float  # unix seconds (UTC)
    terms: dict[str, int]
    entities: frozenset[str]
    numbers: frozenset[str]
    dates: frozenset[str]
    keys: dict[str, int]
    signature: np.ndarray | None = None
    attributed_to: str | None = None
    shingle_count: int = 0
    # the title's content lemmas and its keys ("k:…"): what the article says it is about
    headline: frozenset[str] = frozenset()
    lead: frozenset[str] = frozenset()  # the same of the title and the text's first LEAD_WORDS words
    names: frozenset[str] = frozenset()  # keys of capitalised words inside sentences (`names_in`)
    acts: frozenset[str] = frozenset()  # lemmas of the quoted titles of acts it names (`acts.py`)
    places: frozenset[str] = frozenset()  # registry places named in its lead: where it happened

    def dump(self) -> bytes:
        """The stored form (zlib-compressed JSON with the signature as a list)."""
        data = {
            "terms": self.terms, "entities": sorted(self.entities), "numbers": sorted(self.numbers),
            "dates": sorted(self.dates), "keys": self.keys, "attributed_to": self.attributed_to,
            "shingles": self.shingle_count, "headline": sorted(self.headline),
            "lead": sorted(self.lead), "names": sorted(self.names), "acts": sorted(self.acts),
            "places": sorted(self.places),
            "signature": self.signature.tolist() if self.signature is not None else None,
        }
        return zlib.compress(json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode(), 1)  # fast; any level reads back

    @classmethod
    def load(cls, blob: bytes, article_id: str, source: str, language: str, moment: float) -> Features:
        data = json.loads(zlib.decompress(blob))
        sig = data["signature"]
        return cls(article_id, source, language, moment, data["terms"], frozenset(data["entities"]),
                   frozenset(data["numbers"]), frozenset(data["dates"]), data["keys"],
                   np.array(sig, dtype=np.uint64) if sig is not None else None,
                   data["attributed_to"], data["shingles"], frozenset(data.get("headline", ())),
                   frozenset(data.get("lead", ())), frozenset(data.get("names", ())),
                   frozenset(data.get("acts", ())), frozenset(data.get("places", ())))


@lru_cache(maxsize=1)
def _permutations() -> object:
    """Made once: building a MinHash draws its permutations again, which costs more than hashing."""
    return MinHash(num_perm=NUM_PERM, seed=_SEED).permutations


def _number(raw: str) -> str:
    digits = re.sub(r"[ \u00a0\u202f]", "", raw).replace(",", ".")
    if "." in digits:
        digits = digits.rstrip("0").rstrip(".")
    return digits.lstrip("0") or "0"


def numbers_and_dates(text: str) -> tuple[frozenset[str], frozenset[str]]:
    """Numbers as written (thousands joined, decimal comma as point; times and scores whole) and
    day.month dates. Each pattern is cut out of the text only when it was found there."""
    if not _DIGIT_RE.search(text):
        return frozenset(), frozenset()
    dates = set()
    rest = text
    found = list(_NUMERIC_DATE_RE.finditer(rest))
    if found:
        dates.update(f"{int(m.group(1))}.{int(m.group(2))}" for m in found)
        rest = _NUMERIC_DATE_RE.sub(" ", rest)
    for day_re, (d_group, m_group) in zip(_DATE_RES, ((1, 2), (2, 1)), strict=True):
        found = list(day_re.finditer(rest))
        if not found:
            continue
        for m in found:
            day = int(m.group(d_group))
            if 1 <= day <= 31:
                dates.add(f"{day}.{_MONTHS[m.group(m_group).lower()]}")
        rest = day_re.sub(" ", rest)  # the day of a date is not a number of its own
    found = list(_CLOCK_RE.finditer(rest))
    numbers = {f"{int(m.group(1))}:{m.group(2)}" for m in found}
    if found:
        rest = _CLOCK_RE.sub(" ", rest)  # a time or a score is one thing, not two numbers
    numbers.update(_number(m.group()) for m in _NUMBER_RE.finditer(rest))
    return frozenset(numbers), frozenset(dates)


_TRANSLIT = str.maketrans({"ы": "и", "й": "и", "э": "е", "ъ": None, "ь": None})


@lru_cache(maxsize=200_000)
def _key(word: str) -> str:
    """The first letters with the spellings that differ between Russian and Kyrgyz renderings of
    one name evened out (Ат-Баши / Ат-Башы, Айтматов / Айтматовдун, Майли-Суу / Майлуу-Суу);
    "" for a word too short or common to key (only long words and names are keyed)."""
    if word.isdigit() or not (len(word) >= 6 or (word[:1].isupper() and len(word) >= 3)):
        return ""
    folded = morph.fold(word).translate(_TRANSLIT)
    if "-" in folded and folded[0].isalpha():  # Кара-Кече / кара-кечинский, Ат-Баши / Ат-Башы: each part counts
        return "-".join(part[:3] for part in folded.split("-"))
    return folded[:KEY_LEN]


Word = tuple[str, bool, str | None, str]  # lemma, whether it is a content word, glossary concept, key
_WORDS: dict[str, dict[str, Word]] = {}  # language -> word -> what features use of it: news vocabulary repeats
_WORD_CACHE = 300_000  # words kept per language before the cache starts afresh


def _words(text: str, language: str) -> list[Word]:
    """Each word's folded lemma (Russian) or stem (Kyrgyz), content flag, concept and key, made
    once per word and language."""
    cache = _WORDS.setdefault(language, {})
    if len(cache) > _WORD_CACHE:
        cache.clear()
    table = concepts()
    out = []
    for w in morph.WORD_RE.findall(text):
        info = cache.get(w)
        if info is None:
            lemma = morph.fold(morph.lemma(w, language))
            info = cache[w] = (lemma, len(lemma) > 1 and lemma not in STOPWORDS and not lemma.isdigit(),
                               table.get((language, lemma)), _key(w))
        out.append(info)
    return out


def make_features(article_id: str, source: str, language: str, moment: datetime, title: str, text: str,
                  entities: frozenset[str], attributed_to: str | None = None,
                  registry_surfaces: Iterable[str] = (), places: frozenset[str] = frozenset()) -> Features:
    """Everything the matcher compares, from an article's title, text and registry ids;
    `registry_surfaces` (how the registry's entities are written in it) are left out of its
    names: the entity ids already count them. `places`: the registry places its lead names."""
    body, head = _words(text, language), _words(title, language)
    terms = Counter(lemma for lemma, content, _, _ in body if content)
    terms.update(2 * [lemma for lemma, content, _, _ in head if content])
    keys = Counter(key for _, _, _, key in body + head if key)
    headline = _about(head)
    lead = headline | _about(body[:LEAD_WORDS])
    found = [c for _, _, c, _ in body + head if c]
    keys.update(found)
    terms.update(found)  # synonyms meet within a language too (правительство, кабмин → өкмөт)
    lemmas = [w[0] for w in body]
    shingles = {" ".join(lemmas[i:i + SHINGLE]).encode() for i in range(len(lemmas) - SHINGLE + 1)}
    signature = None
    if shingles:
        mh = MinHash(num_perm=NUM_PERM, seed=_SEED, permutations=_permutations(), scheme=SCHEME)
        mh.update_batch(list(shingles))
        signature = mh.hashvalues
    numbers, dates = numbers_and_dates(f"{title}\n{text}")
    return Features(article_id, source, language, moment.timestamp(), dict(terms), entities, numbers, dates,
                    dict(keys), signature, attributed_to, len(shingles), headline, lead,
                    (names_in(title) | names_in(text)) - _keys_of(registry_surfaces),
                    _acts(f"{title}\n{text}", language), places)


_NAME_RE = re.compile(r"(?<=[\w,;:)»\"] )[А-ЯЁӨҮҢA-Z][а-яёөүңa-z]+(?:-[А-ЯЁӨҮҢA-Zа-яёөүңa-z]+)*")


def _keys_of(surfaces: Iterable[str]) -> set[str]:
    return {_key(w) for s in surfaces for w in morph.WORD_RE.findall(s)}


def names_in(text: str) -> frozenset[str]:
    """Keys of the capitalised words that follow a word or a comma, not a sentence's end: names,
    not first words. Acronyms (ЦИК, ДТП) are left to the registry and the terms."""
    return frozenset(k for m in _NAME_RE.finditer(text) if (k := _key(m.group())))


def _acts(text: str, language: str) -> frozenset[str]:
    """The content lemmas of the acts' quoted titles, less the words any act's title holds."""
    titles = act_titles(text)
    if not titles:
        return frozenset()
    generic = _generic(language)
    return frozenset(lemma for t in titles for lemma, content, _, _ in _words(t, language)
                     if content and lemma not in generic)


@lru_cache(maxsize=4)
def _generic(language: str) -> frozenset[str]:
    """GENERIC as this language's lemmas or stems (folded, as `_words` makes them)."""
    return frozenset(lemma for lemma, _, _, _ in _words(" ".join(GENERIC), language))


def _about(words: list[Word]) -> frozenset[str]:
    """What a title or a lead names: its content lemmas and glossary concepts, and ("k:…") its
    keys and concepts for the other language."""
    out = set()
    for lemma, content, concept, key in words:
        if content:
            out.add(lemma)
        if concept:
            out.add(concept)
            out.add(f"k:{concept}")
        if key:
            out.add(f"k:{key}")
    return frozenset(out)
