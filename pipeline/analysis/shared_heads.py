"""Regions and districts named together under one plural head: «Ысык-Көл жана Талас облустарында»,
«Кадамжай жана Баткен райондорунда», «Чуйской и Джалал-Абадской областей», «из Аламудунского и
Жайыльского районов». Each name is the region or district (not the town of that name: «Талас
облустарында» is Talas Region), though only the last stands next to the head word.

The names come from the registry: every region or district whose name is «<X> облусу / району»
(Kyrgyz) or «<X-ская> область / <X-ский> район» (Russian) is found by its <X> before such a head.
"""

from __future__ import annotations

import re

from spacy.tokens import Doc, Span

from pipeline.analysis.plausibility import word_key
from pipeline.analysis.registry import Registry
from pipeline.morph import fold, ru_parses, tokens

# the head word of a region's or district's name, per language: Kyrgyz stems, Russian lemmas
_HEADS = {"ky": ("облус", "район"), "ru": ("область", "район")}
_KY_PLURAL_HEADS = ("облустар", "райондор")
_RU_HEAD_STARTS = ("област", "район")
_HEAD_RE = re.compile(r"(?<![\w-])(?:облуст|облус|район|област)\w*", re.I)
_JOINS = frozenset({"жана", "и", ",", "менен"})
MAX_NAMES = 4


class SharedHeads:
    """Built once per registry; `find(doc, lang)` per doc."""

    def __init__(self, registry: Registry) -> None:
        self._by_name: dict[str, dict[tuple[str, str], str]] = {"ru": {}, "ky": {}}
        for entity in registry.entities:
            if entity.type != "place":
                continue
            for lang, table in self._by_name.items():
                names = [entity.names.get(lang, ""), *entity.aliases.get(lang, ())]
                for name in names:
                    words = [w for w, _, _ in tokens(name)]
                    if len(words) < 2:
                        continue
                    head = _head_of(words[-1], lang)
                    if head is not None:
                        table.setdefault((_name_key(" ".join(words[:-1]), lang), head), entity.id)

    def find(self, doc: Doc, lang: str) -> list[tuple[Span, str]]:
        """(span, region or district id) for each name under a plural head shared with others."""
        table = self._by_name.get(lang)
        if not table:
            return []
        out: list[tuple[Span, str]] = []
        for m in _HEAD_RE.finditer(doc.text):  # only the words that may be a plural head, not every token
            span = doc.char_span(m.start(), m.end(), alignment_mode="expand")
            if span is None or not len(span):
                continue
            token = span[0]
            head = _plural_head(token, lang)
            if head is None:
                continue
            names = self._names_before(doc, token.i, head, table, lang)
            if len(names) > 1:  # one name before a plural head is not a list («районах Ошской области»)
                out += names
        return out

    def _names_before(self, doc: Doc, head_at: int, head: str, table: dict[tuple[str, str], str],
                      lang: str) -> list[tuple[Span, str]]:
        found: list[tuple[Span, str]] = []
        end = head_at
        ent = next((e for e in doc.ents if e.start < head_at < e.end or e.end == head_at + 1 and e.start < head_at), None)
        if ent is not None and ent.label_ == "place":  # the last name matched whole: «Джалал-Абадской областей»
            found.append((ent, ent.ent_id_))
            end = ent.start
            if end == 0 or doc[end - 1].lower_ not in _JOINS:
                return found
            end -= 1
        while end > 0 and len(found) < MAX_NAMES:
            start = end - 1
            while start >= 2 and doc[start - 1].text == "-":  # Иссык-Кульской: three tokens in Russian
                start -= 2
            words = doc[start:end]
            if not words.text[:1].isupper():
                break
            entity = table.get((_name_key(words.text.replace(" ", ""), lang), head))
            if entity is None:
                break
            found.append((doc[start:head_at + 1] if end == head_at else words, entity))
            if start == 0 or doc[start - 1].lower_ not in _JOINS:
                break
            end = start - 1
        return list(reversed(found))


def _head_of(word: str, lang: str) -> str | None:
    key = fold(word) if lang == "ky" else word_key(word, lang)
    return next((h for h in _HEADS[lang] if key.startswith(h)), None)


def _plural_head(token: object, lang: str) -> str | None:
    """The head word a plural region or district word stands for: облустарында → облус."""
    text = fold(token.text)  # type: ignore[attr-defined]
    if lang == "ky":
        return next((h for h, p in zip(_HEADS["ky"], _KY_PLURAL_HEADS) if text.startswith(p)), None)
    if not text.startswith(_RU_HEAD_STARTS):
        return None  # most words: no parse needed
    readings = ru_parses(token.text)  # type: ignore[attr-defined]
    if not readings or "plur" not in readings[0].tag:
        return None
    return readings[0].normal_form if readings[0].normal_form in _HEADS["ru"] else None


def _name_key(name: str, lang: str) -> str:
    """Ысык-Көл → ысык-кол; Чуйская / Чуйской → чуйский (the adjective's lemma)."""
    return fold(name) if lang == "ky" else " ".join(word_key(w, lang) for w, _, _ in tokens(name))
