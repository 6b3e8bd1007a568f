"""What the story stage knows about one article: made once from its text, kept in the store
(so a run rebuilds its window without re-reading texts), compared many times.

- `shingles` → a MinHash (datasketch) over 3-word shingles of lemmas: near-duplicate text.
- `terms`: content lemmas with counts (title counted twice): TF-IDF cosine within a language.
- `entities`: registry ids (the registry is bilingual, so they cross languages as they are).
- `numbers` and `dates` (day.month), language-independent.
- `keys`: the first five folded letters of long words and of names — transliterated names
  and international words (референдум/референдумга, инфляция/инфляциянын) meet there
  across Russian and Kyrgyz without a translation model — and the concepts of a small
  Russian–Kyrgyz glossary of news words (`glossary.py`).
"""

from __future__ import annotations

import json
import re
import zlib
from collections import Counter
from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache

import numpy as np
from datasketch import MinHash

from pipeline import morph
from pipeline.stories.glossary import concept_keys

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

    def minhash(self) -> MinHash | None:
        if self.signature is None:
            return None
        return MinHash(num_perm=NUM_PERM, seed=_SEED, hashvalues=self.signature, permutations=_permutations(), scheme=SCHEME)

    def dump(self) -> bytes:
        """The stored form (zlib-compressed JSON with the signature as a list)."""
        data = {
            "terms": self.terms, "entities": sorted(self.entities), "numbers": sorted(self.numbers),
            "dates": sorted(self.dates), "keys": self.keys, "attributed_to": self.attributed_to,
            "shingles": self.shingle_count, "headline": sorted(self.headline),
            "lead": sorted(self.lead),
            "signature": self.signature.tolist() if self.signature is not None else None,
        }
        return zlib.compress(json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode(), 6)

    @classmethod
    def load(cls, blob: bytes, article_id: str, source: str, language: str, moment: float) -> Features:
        data = json.loads(zlib.decompress(blob))
        sig = data["signature"]
        return cls(article_id, source, language, moment, data["terms"], frozenset(data["entities"]),
                   frozenset(data["numbers"]), frozenset(data["dates"]), data["keys"],
                   np.array(sig, dtype=np.uint64) if sig is not None else None,
                   data["attributed_to"], data["shingles"], frozenset(data.get("headline", ())),
                   frozenset(data.get("lead", ())))


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
    day.month dates."""
    dates = set()
    for m in _NUMERIC_DATE_RE.finditer(text):
        dates.add(f"{int(m.group(1))}.{int(m.group(2))}")
    rest = _NUMERIC_DATE_RE.sub(" ", text)
    for day_re, (d_group, m_group) in zip(_DATE_RES, ((1, 2), (2, 1)), strict=True):
        for m in day_re.finditer(rest):
            day = int(m.group(d_group))
            if 1 <= day <= 31:
                dates.add(f"{day}.{_MONTHS[m.group(m_group).lower()]}")
        rest = day_re.sub(" ", rest)  # the day of a date is not a number of its own
    numbers = {f"{int(m.group(1))}:{m.group(2)}" for m in _CLOCK_RE.finditer(rest)}
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


_LEMMAS: dict[str, dict[str, str]] = {}  # language -> word -> folded lemma: news vocabulary repeats
_LEMMA_CACHE = 300_000  # words kept per language before the cache starts afresh


def _lemmas(words: list[tuple[str, int, int]], language: str) -> list[str]:
    """The folded lemmas (Russian) or stems (Kyrgyz) of words, through a per-language cache."""
    cache = _LEMMAS.setdefault(language, {})
    if len(cache) > _LEMMA_CACHE:
        cache.clear()
    out = []
    for w, _, _ in words:
        lemma = cache.get(w)
        if lemma is None:
            lemma = cache[w] = morph.fold(morph.lemma(w, language))
        out.append(lemma)
    return out


def make_features(article_id: str, source: str, language: str, moment: datetime, title: str, text: str,
                  entities: frozenset[str], attributed_to: str | None = None) -> Features:
    """Everything the matcher compares, from an article's title, text and registry ids."""
    words, title_words = morph.tokens(text), morph.tokens(title)
    lemmas, title_lemmas = _lemmas(words, language), _lemmas(title_words, language)
    terms = Counter(_content(lemmas))
    terms.update(2 * _content(title_lemmas))
    keys = Counter(k for w, _, _ in words + title_words if (k := _key(w)))
    headline = _about(title_words, title_lemmas, language)
    lead = headline | _about(words[:LEAD_WORDS], lemmas[:LEAD_WORDS], language)
    concepts = concept_keys(lemmas + title_lemmas, language)
    keys.update(concepts)
    terms.update(concepts)  # synonyms meet within a language too (правительство, кабмин → өкмөт)
    shingles = {" ".join(lemmas[i:i + SHINGLE]).encode() for i in range(len(lemmas) - SHINGLE + 1)}
    signature = None
    if shingles:
        mh = MinHash(num_perm=NUM_PERM, seed=_SEED, permutations=_permutations(), scheme=SCHEME)
        mh.update_batch(list(shingles))
        signature = mh.hashvalues
    numbers, dates = numbers_and_dates(f"{title}\n{text}")
    return Features(article_id, source, language, moment.timestamp(), dict(terms), entities, numbers, dates,
                    dict(keys), signature, attributed_to, len(shingles), headline, lead)


def _about(words: list[tuple[str, int, int]], lemmas: list[str], language: str) -> frozenset[str]:
    """What a title or a lead names: its content lemmas and glossary concepts, and ("k:…") its
    keys and concepts for the other language."""
    concepts = concept_keys(lemmas, language)
    return frozenset([*_content(lemmas), *concepts, *(f"k:{k}" for w, _, _ in words if (k := _key(w))),
                      *(f"k:{c}" for c in concepts)])


def _content(lemmas: list[str]) -> list[str]:
    return [t for t in lemmas if len(t) > 1 and t not in STOPWORDS and not t.isdigit()]
