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
_QUOTE = re.compile(r"«([^«»]{3,200}?)»")  # every pattern starts at a literal: a scan, not a search at each letter
_KIND_BEFORE = re.compile(rf"{_KIND}[а-яёөүң]*(?:\s+[А-ЯЁӨҮҢа-яёөүң-]+){{0,3}}\s*$", re.IGNORECASE)
_KIND_AFTER = re.compile(rf"\s*{_KIND}", re.IGNORECASE)
# an unquoted act: the one or two lower-case words it is "about" (Указ о помиловании, соглашение
# между Кыргызстаном и Казахстаном об организации …), on one line and within one clause
_ABOUT_RU = re.compile(r" об? ([а-яё]+(?: [а-яё]+)?)")
_KIND_RU = re.compile(r"(?:закон|указ|постановлени|распоряжени|соглашени|договор|меморандум|программ|концепци|"
                      r"стратеги)[а-яё]*(?: [А-ЯЁа-яё-]+){0,5}$", re.IGNORECASE)  # within five words before «о»
_ABOUT_KY = re.compile(r" (?:жөнүндө|тууралуу) (?:мыйзам|жарлык|токтом|буйрук|макулдашуу|келишим|меморандум|программа)")
_KY_WORDS = re.compile(r"(?<![а-яөүң])([а-яөүң]+(?: [а-яөүң]+)?)$")  # the one or two words before
_SPEECH = re.compile(r"[.!?]\s")  # a quote holding a sentence end is speech, not a title
# words every act's title may hold (as written: `features` reduces them as it reduces the text)
GENERIC = frozenset("""
внесение изменение дополнение некоторый законодательный акт кыргызский республика закон кодекс
признание утративший сила порядок вопрос утверждение положение
киргизүү өзгөртүү өзгөртүүлөрдү толуктоо толуктоолорду кошуу жөнүндө тууралуу кыргыз республикасынын
мыйзам мыйзамына кодекс кодексине айрым мыйзамдык актыларга
""".split())


def act_titles(text: str) -> list[str]:
    """The titles of the acts a text names: quoted ones that follow or precede an act's kind, as
    written, and the first words of what an unquoted act is "about" (Указ о помиловании), lower-cased."""
    found = [m.group(1) for m in _QUOTE.finditer(text)
             if _KIND_BEFORE.search(text, max(0, m.start() - 80), m.start()) or _KIND_AFTER.match(text, m.end())]
    found += [m.group(1) for m in _ABOUT_RU.finditer(text) if _KIND_RU.search(text, max(0, m.start() - 100), m.start())]
    for m in _ABOUT_KY.finditer(text.lower()):
        words = _KY_WORDS.search(text, max(0, m.start() - 60), m.start())
        if words:
            found.append(words.group(1))
    return [t for t in found if not _SPEECH.search(t)]
