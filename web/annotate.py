"""An article's text as HTML with entity mentions linked and statements marked.

The text is untrusted: every character of it is escaped; only our own <a> and <q> tags are
added, at the analysis' character offsets. Statements and mentions may nest or overlap, so the
text is cut at every boundary and each piece is wrapped in what covers it.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from markupsafe import Markup, escape


@dataclass(frozen=True)
class Span:
    start: int
    end: int


@dataclass(frozen=True)
class MentionSpan(Span):
    entity_id: str
    name: str


@dataclass(frozen=True)
class StatementSpan(Span):
    number: int  # 1-based, as listed under the text
    speaker: str


def annotate(text: str, mentions: Sequence[MentionSpan], statements: Sequence[StatementSpan],
             entity_href: Callable[[str], str]) -> Markup:
    n = len(text)
    valid_m = [m for m in mentions if 0 <= m.start < m.end <= n]
    valid_s = [s for s in statements if 0 <= s.start < s.end <= n]
    cuts = sorted({0, n, *(x for sp in (*valid_m, *valid_s) for x in (sp.start, sp.end))})
    out: list[str] = []
    for a, b in zip(cuts, cuts[1:]):
        piece = str(escape(text[a:b]))
        mention = next((m for m in valid_m if m.start <= a and b <= m.end), None)
        if mention is not None:
            piece = (f'<a class="mention" href="{escape(entity_href(mention.entity_id))}" '
                     f'title="{escape(mention.name)}">{piece}</a>')
        said = next((s for s in valid_s if s.start <= a and b <= s.end), None)
        if said is not None:
            piece = (f'<q class="statement" id="s{said.number}-{a}" data-n="{said.number}" '
                     f'title="{escape(said.speaker)}">{piece}</q>')
        out.append(piece)
    return Markup("".join(out))
