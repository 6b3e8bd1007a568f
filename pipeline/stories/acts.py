"""The legal acts, orders and programmes an article names by their quoted titles — Закон «О
пастбищах», «Аарычылык жөнүндө» мыйзам, орден «Баатыр эне». The President signs several laws a
day and the Cabinet passes several resolutions; their releases share the actor, the verb, the
day and most words, and differ in little but the act. Two texts of one language that each name
acts, none of them shared, tell of different acts: that is a penalty on the pair
(`matching.StoryParams.act_conflict`), never a reason to join.
"""

from __future__ import annotations

import re

# an act's kind, written before its quoted title (ru) or after it (ky)
_KIND = (r"(?:закон|указ|постановлени|распоряжени|кодекс|программ|стратеги|концепци|положени|соглашени|"
         r"договор|орден|медал|мыйзам|жарлык|токтом|буйрук|келишим|макулдашуу)")
_BEFORE = re.compile(rf"{_KIND}[а-яёөүң]*(?:\s+[А-ЯЁӨҮҢа-яёөүң-]+){{0,3}}\s*«([^«»]{{3,200}}?)»", re.IGNORECASE)
_AFTER = re.compile(rf"«([^«»]{{3,200}}?)»\s*{_KIND}", re.IGNORECASE)
# an unquoted act: the one or two lower-case words it is "about" (Указ о помиловании, соглашение
# между Кыргызстаном и Казахстаном об организации …), on one line and within one clause
_ABOUT_RU = re.compile(r"(?i:закон|указ|постановлени|распоряжени|соглашени|договор|меморандум|программ|концепци|"
                       r"стратеги)[а-яё]*(?: [А-ЯЁа-яё-]+){0,5}? (?:о|об) ([а-яё]+(?: [а-яё]+)?)")
_ABOUT_KY = re.compile(r"([а-яөүң]+(?: [а-яөүң]+)?) (?:жөнүндө|тууралуу) "
                       r"(?i:мыйзам|жарлык|токтом|буйрук|макулдашуу|келишим|меморандум|программа)")
_SPEECH = re.compile(r"[.!?]\s")  # a quote holding a sentence end is speech, not a title
# words every act's title may hold (as written: `features` reduces them as it reduces the text)
GENERIC = frozenset("""
внесение изменение дополнение некоторый законодательный акт кыргызский республика закон кодекс
признание утративший сила порядок вопрос утверждение положение
киргизүү өзгөртүү өзгөртүүлөрдү толуктоо толуктоолорду кошуу жөнүндө тууралуу кыргыз республикасынын
мыйзам мыйзамына кодекс кодексине айрым мыйзамдык актыларга
""".split())


def act_titles(text: str) -> list[str]:
    """The titles of the acts a text names, as written: quoted ones that follow or precede an
    act's kind, and the first words of what an unquoted act is "about" (Указ о помиловании)."""
    found = [m.group(1) for pattern in (_BEFORE, _AFTER, _ABOUT_RU, _ABOUT_KY) for m in pattern.finditer(text)]
    return [t for t in found if not _SPEECH.search(t)]
