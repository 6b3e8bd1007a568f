"""Speech cues for Russian and Kyrgyz news: the words that say "someone said this".

Kept apart from `statements.py` so the lexicons can grow without touching the matching logic.
Every pattern is compiled once at import (they are constants, not clients). Verb patterns cover
gender and number (заявил / заявила / заявили; деди / дешти) and are matched case-insensitively.
"""

from __future__ import annotations

import re

_W = r"[0-9A-Za-zА-Яа-яЁёӨөҮүҢң]"  # one word character of either language

# --- Russian -----------------------------------------------------------------------------------

_RU_PAST_STEMS = (
    "заяви", "сказа", "подчеркну", "отмети", "добави", "сообщи", "написа", "поясни", "рассказа",
    "уточни", "напомни", "завери", "призна", "предупреди", "ответи", "объяви", "констатирова",
    "пообеща", "призва", "указа", "подтверди", "опроверг", "сообща", "заявля",
)
_RU_PRESENT = (
    "заявляет", "заявляют", "сообщает", "сообщают", "пишет", "пишут", "отмечает", "отмечают",
    "подчеркивает", "подчеркивают", "подчёркивает", "говорит", "говорят", "поясняет", "уточняет",
    "добавляет", "говорится", "указывается", "отмечается", "подчеркивается", "сообщается",
    "цитирует", "считает", "считают", "полагает", "полагают",  # a reported view is a statement too
)
RU_VERB = (
    r"(?:(?:" + "|".join(_RU_PAST_STEMS) + r")л(?:а|о|и)?|" + "|".join(_RU_PRESENT) + r")"
)
# «…», — заявил X / «…» — говорится в заявлении X (the speaker follows the marker: ЦИК, в его …)
RU_AFTER_QUOTE = re.compile(r"\s*[,.!?…]?\s*[—–-]{1,2}\s*(" + RU_VERB + r")\b", re.I)
# X заявил: «…» / X: «…»
RU_BEFORE_COLON = re.compile(r"(?:\b(" + RU_VERB + r")\b[^.!?:\n«\"“„]{0,60})?:\s*\Z", re.I)
# X заявил(а), что … / X сообщил о том, что …
RU_THAT = re.compile(r"\b(" + RU_VERB + r")\b(?:\s+(?!что)" + _W + r"+){0,4}?\s*,?\s*(?:о\s+том\s*,\s*)?(?:что|будто)\s", re.I)
# По словам X, … / Как сообщил X, … / Согласно заявлению X, …
RU_LEAD_IN = re.compile(
    r"(?:(?<=\A)|(?<=[\s(«\"]))(по\s+словам|по\s+(?:его|её|ее|их)\s+словам|по\s+информации|как\s+(?:" + RU_VERB
    + r")|согласно\s+(?:заявлению|сообщению|информации|данным\s+пресс-службы))\b",
    re.I,
)
# Об этом сообщил X. — the statement is the sentence before.
RU_ABOUT_THIS = re.compile(r"\bоб\s+этом\s+(?:также\s+)?(" + RU_VERB + r")\b", re.I)
# …, добавив, что … — a second statement by the same speaker.
RU_GERUND = re.compile(r"\b(добавив|отметив|подчеркнув|заявив|напомнив|пояснив|уточнив|указав|сообщив)\s*,?\s*что\s", re.I)
# Dialogue style: "— Выборы пройдут честно, — сказал он."
RU_DASH_CUE = re.compile(r",\s*[—–]\s*(" + RU_VERB + r")\b", re.I)

RU_PERSON_PRONOUNS = {"он": "m", "она": "f", "его": None, "её": "f", "ее": "f"}
RU_PLURAL_PRONOUNS = frozenset({"они", "их"})
RU_COLLECTIVE_HEADS = re.compile(
    r"(?:представители|представительницы|члены|лидеры|руководители|депутаты|сторонники|активисты)"
    r"(?:\s+(?:оппозиционных\s+)?(?:партий|фракций|партии|фракции|движений))?\s*\Z",
    re.I,
)

# --- Kyrgyz ------------------------------------------------------------------------------------

_KY_SPEECH_STEMS = (
    "айт", "билдир", "белгиле", "белгил", "жаз", "кошумчала", "түшүндүр", "маалымда", "кабарла",
    "эскерт", "ырас", "чакыр", "сура", "билгиз", "жарыяла", "такта", "эсепте", r"жооп\s+бер",
)
KY_VERB = r"(?:(?:" + "|".join(_KY_SPEECH_STEMS) + r")" + _W + r"*)"
# «…», — деди X / «…» — деп билдирди X / «…» деп жазды
KY_AFTER_QUOTE = re.compile(
    r"\s*[,.!?…]?\s*(?:[—–-]{1,2}\s*)?(деди|дешти|деген|деп(?:\s+баса)?\s+" + KY_VERB + r")\b", re.I
)
KY_BEFORE_COLON = re.compile(r"(?:\b(" + KY_VERB + r")\b[^.!?:\n«\"“„]{0,40})?:\s*\Z", re.I)
# X … деп билдирди (reported, no quote marks)
KY_DEP = re.compile(r"\s*,?\s*\bдеп(?:\s+баса)?\s+(" + KY_VERB + r")\b", re.I)
# … экенин айтты / … чечилгенин билдирди / … башталарын айтты (participle + accusative)
KY_THAT = re.compile(
    r"(" + _W + r"*(?:экенин|экендигин|[гк][аеоөыиуү]н(?:[ыиуү]н|д[ыиуү]г[ыиуү]н)|[аеоө]{1,2}р[ыиуү]н))"
    r"\s+(?:баса\s+)?(" + KY_VERB + r")\b",
    re.I,
)
# X билдиргендей, … / X маалымдагандай, … / X тарабынан билдирилгендей, … / Xтын айтымында, …
KY_LEAD_IN = re.compile(
    r"\b(" + KY_VERB + r"[гк][аеоө]нд[аеоө]й|" + r"(?:билдирил|маалымдал|кабарлан|белгилен|жарыялан)"
    + r"[гк][аеоө]нд[аеоө]й|айтымында|сөзүнө\s+караганда|маалыматына\s+караганда)\s*,",
    re.I,
)
# Бул тууралуу X кабарлады. — the statement is the sentence before.
KY_ABOUT_THIS = re.compile(r"\b(?:бул|ал)\s+(?:тууралуу|жөнүндө|боюнча)\b", re.I)
KY_SENTENCE_VERB = re.compile(r"\b(" + KY_VERB + r")\s*[.!?]?\s*\Z", re.I)
KY_DASH_CUE = re.compile(r",\s*[—–]\s*(деди|дешти|деп(?:\s+баса)?\s+" + KY_VERB + r")\b", re.I)

KY_PLURAL_PRONOUNS = frozenset({"алар", "алардын"})
# "УКМКнын басма сөз кызматы …": the words naming the speaker's office, not what was said.
KY_SPEAKER_HEAD = re.compile(
    r"\s*(?:басма\s+сөз\s+кызматы|маалымат\s+кызматы|пресс-кызматы|маалымат\s+борбору|өкүлү|өкүлдөрү|депутаттары)(?![\w-])",
    re.I,
)
KY_COLLECTIVE_HEADS = re.compile(r"\s*(?:партияларынын\s+)?(?:өкүлдөрү|мүчөлөрү|лидерлери|депутаттары)", re.I)
KY_PLURAL_VERB = re.compile(r"(?:ышты|ишти|ушту|үштү|шты|шти|шту|штү|дешти)\Z", re.I)
RU_PLURAL_VERB = re.compile(r"(?:ли|ют|ят|ут)\Z", re.I)

SPEAKER_TYPES = frozenset({"person", "party", "body", "organisation", "media"})
