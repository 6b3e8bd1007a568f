"""The index tokens of a text and of a query word — one definition for documents, queries,
highlighting and every backend, so they all match the same way.

An index token is a folded search key (`pipeline.morph.search_key`: a lemma, or for surnames
and unknown words a stem every case form shares) with apostrophes dropped; it contains only
word characters and inner hyphens, so SQLite's unicode61 tokenizer (with '-' as a token
character) and Elasticsearch's whitespace tokenizer both see exactly one token per word.
"""

from __future__ import annotations

import re
from functools import lru_cache

from pipeline import morph

from indexes.translit import is_latin, to_cyrillic

_NOT_TOKEN = re.compile(r"[^\w-]+")


def index_token(s: str) -> str:
    return _NOT_TOKEN.sub("", morph.fold(s)).strip("-")


def text_tokens(text: str, lang: str) -> list[str]:
    """One index token per word of `text`, in order (positions matter for phrases)."""
    out = []
    for word, _, _ in morph.tokens(text):
        tok = index_token(morph.search_key(word, lang))
        out.append(tok or index_token(word))
    return out


def _lemma_candidates(word: str) -> set[str]:
    # The word itself too: documents in other languages ('en', 'und') index words as written.
    return {*morph.query_keys(word), word.lower()}


@lru_cache(maxsize=50_000)
def word_alternatives(word: str) -> tuple[str, ...]:
    """The index tokens a query word may match: its folded lemmas in Russian and Kyrgyz and the
    word itself; a Latin word also through its Cyrillic spellings (Japarov → жапаров)."""
    found = _lemma_candidates(word)
    for spelling in to_cyrillic(word) if is_latin(word) else ():
        found |= _lemma_candidates(spelling)
    return tuple(sorted({t for t in map(index_token, found) if t}))
