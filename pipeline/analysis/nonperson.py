"""A person's name inside the name of a street, school, village, award or institution is not a
mention of the person: «улица Бейшеналиева», «школа имени Токтогула», «им. Ж. Баласагына»,
«Бейшеналиева көчөсү», «Ж. Баласагын атындагы университет», «Манас айылы». Nor is a town's name
inside a river's, lake's, reservoir's or pass's a mention of the town: «Нарын дарыясы», «Токтогул
суу сактагычы», «река Нарын», «перевал Тоо-Ашуу» (`names_a_feature`).

Russian puts the thing's word before the name (улица, проспект, школа имени, премия имени);
Kyrgyz puts it after (көчөсү, атындагы, айылы). Initials between the word and the surname
are skipped (им. Ю. Абдрахманова).
"""

from __future__ import annotations

import re

from spacy.tokens import Span

from pipeline.morph import fold

# Russian lemmas (folded) and abbreviations that name a thing after a person
_BEFORE = frozenset({"улица", "ул", "проспект", "пр", "переулок", "пер", "бульвар", "б-р", "площадь", "пл",
                     "имя", "имени", "им", "село", "поселок", "пос", "микрорайон", "мкр", "аэропорт",
                     "стадион", "пик", "тракт", "набережная", "сквер", "парк"})
_ON_BEHALF = frozenset({"от", "по"})  # «от имени Жапарова» is on his behalf: a mention
# Kyrgyz words after the name (folded stems; endings follow)
_AFTER = ("кочо", "атында", "проспект", "айыл", "бульвар", "аянт", "мкр", "кыштак", "мектеб", "району", "базар")
_INITIAL = re.compile(r"^(?:[A-ZА-ЯЁӨҮҢ]\.){1,2}$|^\.$")
LOOK_BACK = 3
_KY_CASE_END = re.compile(r"(?:[дт][аео]|[гк][аео]|[дт][аео]н|[ндт][ыиу]н)$")


def names_a_thing(span: Span) -> bool:
    """Whether the person-looking span is part of a street, school, village or award name."""
    doc = span.doc
    i = span.start - 1
    steps = 0
    while i >= 0 and steps < LOOK_BACK and _INITIAL.match(doc[i].text):
        i -= 1
        steps += 1
    if i >= 0 and not doc[i].is_punct:
        word = doc[i]
        if fold(word.lemma_ or word.text).rstrip(".") in _BEFORE or word.lower_.rstrip(".") in _BEFORE:
            return not (word.lower_ == "имени" and word.i > 0 and doc[word.i - 1].lower_ in _ON_BEHALF)
    if span.end < len(doc) and not _KY_CASE_END.search(fold(span[-1].text)):
        # only a bare name names a thing (Ош базары); Өзгөндө базар is "in Uzgen, the market"
        after = fold(doc[span.end].text)
        if after.startswith(_AFTER):
            return True
    return False


# a river, lake, reservoir, pass or gorge named like a town (Russian lemmas before, Kyrgyz stems after)
_FEATURE_BEFORE = frozenset({"река", "озеро", "водохранилище", "перевал", "ущелье", "долина", "пик", "ледник"})
_FEATURE_AFTER = ("дарыя", "суу сактаг", "кол ", "колу", "ашуу", "капчыг", "ороон", "мончок")


def names_a_feature(span: Span) -> bool:
    """Whether a place name is part of a river's, lake's or pass's name: «Нарын дарыясы»,
    «Токтогул суу сактагычынан», «река Нарын» (not the town; the region's «Ысык-Көл облусу» is)."""
    doc = span.doc
    if span.start > 0 and fold(doc[span.start - 1].lemma_ or doc[span.start - 1].text) in _FEATURE_BEFORE:
        return True
    if span.end < len(doc):
        after = fold(doc[span.end:min(span.end + 2, len(doc))].text) + " "
        return after.startswith(_FEATURE_AFTER)
    return False
