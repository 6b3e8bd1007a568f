"""Snippets of the original text with the matched words in <mark>, everything else escaped.

Both backends call this with the stored original text and the query's index tokens, so a
snippet marks "выборов" for the query "выборы" the same way on SQLite and Elasticsearch.
"""

from __future__ import annotations

from collections.abc import Set
from functools import lru_cache
from html import escape

from pipeline import morph

from indexes.analysis import index_token

SNIPPET_CHARS = 240


@lru_cache(maxsize=200_000)
def _own_token(word: str) -> str:
    return index_token(word)


@lru_cache(maxsize=200_000)
def _lemma_token(word: str, lang: str) -> str:
    return index_token(morph.search_key(word, lang))


def _matches(text: str, lang: str, wanted: Set[str]) -> list[tuple[int, int]]:
    """Spans of the words whose own folded form or lemma is wanted. Only words sharing their
    first two letters with a wanted token are lemmatised: a lemma keeps its word's start in
    all but a few suppletive forms, and snippets of long texts stay fast with cold caches."""
    if not wanted:
        return []
    starts = {t[:2] for t in wanted}
    spans = []
    for m in morph.WORD_RE.finditer(text):
        own = _own_token(m.group())
        if own in wanted or (own[:2] in starts and _lemma_token(m.group(), lang) in wanted):
            spans.append(m.span())
    return spans


def _render(text: str, spans: list[tuple[int, int]], lo: int, hi: int) -> str:
    out, pos = [], lo
    for start, end in spans:
        if start < lo or end > hi:
            continue
        out.append(escape(text[pos:start]))
        out.append(f"<mark>{escape(text[start:end])}</mark>")
        pos = end
    out.append(escape(text[pos:hi]))
    return "".join(out)


def mark_all(text: str, lang: str, wanted: Set[str]) -> str:
    """The whole text (e.g. a title) with matched words marked."""
    return _render(text, _matches(text, lang, wanted), 0, len(text))


def snippet(text: str, lang: str, wanted: Set[str], max_chars: int = SNIPPET_CHARS) -> str:
    """The window of about `max_chars` holding the most matched words, cut at word edges."""
    text = " ".join(text.split())  # paragraphs become one line in a snippet
    spans = _matches(text, lang, wanted)
    if len(text) <= max_chars:
        return _render(text, spans, 0, len(text))
    best_lo, best_n, j = 0, 0, 0
    for i, (start, _) in enumerate(spans):  # two pointers: spans[i:j] fit in a window at start
        j = max(j, i)
        while j < len(spans) and spans[j][1] <= start + max_chars:
            j += 1
        if j - i > best_n:
            best_lo, best_n = start, j - i
    # Centre the best run a little: start some words before the first match.
    lo = max(0, best_lo - max_chars // 4) if best_n else 0
    if lo > 0:
        space = text.find(" ", lo)
        lo = space + 1 if 0 <= space < best_lo else lo
    hi = min(len(text), lo + max_chars)
    if hi < len(text):
        space = text.rfind(" ", lo, hi)
        hi = space if space > lo else hi
    body = _render(text, spans, lo, hi)
    return ("…" if lo > 0 else "") + body + ("…" if hi < len(text) else "")
