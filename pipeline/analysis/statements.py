"""Who said what: direct quotes and reported speech in Russian and Kyrgyz news.

Rule-based on purpose: the speech cues of news prose are few and formulaic («…», — заявил X;
по словам X, …; «…» — деп билдирди X; X билдиргендей, …), while trained attribution models for
Kyrgyz do not exist. The verbs are not listed form by form: `speech.verbs_ru` generates every
form of the speech and claim verbs with pymorphy3, `speech.verbs_ky` the Kyrgyz cue forms by
rule. The rules live in `pipeline.analysis.speech` (quotes, reported speech per language,
speakers, anaphora); this module runs them and keeps one reading of each stretch of text.

An outlet is never a speaker (`speech.outlets`): what it relays is its source's, what it reports
on its own is no statement. A statement whose speaker cannot be resolved keeps `speaker_id=None` and says why in
`speaker_reason` (collective, unnamed, pronoun, missing) rather than guessing.
Offsets are character offsets into the article text of the statement text, quote marks excluded.
"""

from __future__ import annotations

import bisect
from collections.abc import Callable, Sequence
from datetime import date

from pipeline.analysis.registry import Registry
from pipeline.analysis.speech import reported_ky, reported_ru
from pipeline.analysis.speech.document import MAX_STATEMENT_CHARS, Document, Found, split_sentences
from pipeline.analysis.speech.outlets import outlets_relay
from pipeline.analysis.speech.quotes import dash_speech, direct_quotes, quote_spans
from pipeline.records import Mention, Statement

__all__ = ["MAX_STATEMENT_CHARS", "find_statements", "quote_spans", "split_sentences"]

Finder = Callable[[Document, list[Found]], list[Found]]
# In order of trust: a later finder's reading of text an earlier one took is dropped.
_RU_FINDERS: tuple[Finder, ...] = (
    dash_speech, reported_ru.lead_in, reported_ru.that_clause, reported_ru.about_this, reported_ru.gerund,
    reported_ru.colon_speech, reported_ru.comma_cue,
)
_KY_FINDERS: tuple[Finder, ...] = (
    dash_speech, reported_ky.lead_in, reported_ky.reported, reported_ky.about_this, reported_ky.colon_speech,
    reported_ky.quotative,
)


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
    doc = Document(text, lang, mentions, sentences, registry, day)
    found = direct_quotes(doc)
    doc.set_quoted([(f.start, f.end) for f in found])
    for finder in _KY_FINDERS if lang == "ky" else _RU_FINDERS:
        found += finder(doc, found)
    found = outlets_relay(doc, found)  # an outlet is a report's source, never its speaker
    kept: list[Found] = []  # sorted by start; none contains another, so ends are sorted too
    starts: list[int] = []  # kept's starts, for bisect
    for f in found:  # direct quotes first, so they win over a reported reading of the same text
        i = bisect.bisect_left(starts, f.start)
        neighbours = kept[max(0, i - 1) : i + 1]
        if f.end - f.start <= MAX_STATEMENT_CHARS and not any(_overlaps((f.start, f.end), (k.start, k.end)) for k in neighbours):
            kept.insert(i, f)
            starts.insert(i, f.start)
    return [doc.statement(f, day) for f in kept]


def _overlaps(a: tuple[int, int], b: tuple[int, int]) -> bool:
    """More than half of the shorter span is shared: the same statement read twice."""
    shorter = min(a[1] - a[0], b[1] - b[0]) or 1
    return min(a[1], b[1]) - max(a[0], b[0]) > shorter // 2
