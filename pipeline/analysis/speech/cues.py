"""The cue constructions of Russian and Kyrgyz news, built from the generated speech verbs.

Kept apart from the matching logic so constructions can grow without touching it. The verb
alternatives are tries over every generated form (`verbs_ru`, `verbs_ky`); patterns are
compiled once, when first asked for, and matched case-insensitively.
"""

from __future__ import annotations

import re
from functools import cache

from pipeline.analysis.speech import verbs_ky, verbs_ru
from pipeline.analysis.speech.wordlists import trie_pattern

_W = r"[0-9A-Za-zА-Яа-яЁёӨөҮүҢң]"  # one word character of either language
_END = r"(?![\w-])"
QUOTE_OPEN = "«\"“„"
_QUOTED_WORD = r"[«\"“„]?[\w-]+(?:\.[\w-]+)*[»\"”“]?"  # a word, maybe a quoted name: «Вечернему Бишкеку»

# Claims that are not verbs: «X уверен, что …».
RU_CLAIM_ADJECTIVES = ("уверен", "уверена", "уверены", "убежден", "убеждена", "убеждены", "убеждён", "убеждёна")
RU_PERSON_PRONOUNS = {"он": "m", "она": "f", "его": None, "её": "f", "ее": "f"}
RU_PLURAL_PRONOUNS = frozenset({"они", "их"})
KY_PLURAL_PRONOUNS = frozenset({"алар", "алардын"})
RU_COLLECTIVE_HEADS = re.compile(
    r"(?:представители|представительницы|члены|лидеры|руководители|депутаты|сторонники|активисты)"
    r"(?:\s+(?:оппозиционных\s+)?(?:партий|фракций|партии|фракции|движений))?\s*\Z",
    re.I,
)
KY_SPEAKER_HEAD = re.compile(
    r"\s*(?:басма\s+сөз\s+кызматы|маалымат\s+кызматы|пресс-кызматы|маалымат\s+борбору|өкүлү|өкүлдөрү|депутаттары)(?![\w-])",
    re.I,
)
KY_COLLECTIVE_HEADS = re.compile(r"\s*(?:партияларынын\s+)?(?:өкүлдөрү|мүчөлөрү|лидерлери|депутаттары)", re.I)
# «ведомство», «министрлик»: a body named before, spoken of by its kind; «Там заверили» (there, at it)
BODY_ANAPHORS = re.compile(
    r"(?<![\w-])(там|ведомств[оаеуом]{0,3}|министерств[оаеуом]{0,3}|мекеме\w*|министрлик\w*|комиссия\w*|комиссии|"
    r"мэри[ияюей]{1,2}|фонд[еауом]{0,2}|агентств[оаеуом]{0,3}|регулятор[еауом]{0,2}|палат[аеуыой]{1,2}|"
    r"служб[аеуыой]{1,2}|правительств[оаеуом]{0,3}|комитет[еауом]{0,2})(?![\w-])", re.I
)
# «Глава ГКНБ», «БШКнын төрагасы»: the head of a body speaks, not the body (titles resolve in linking).
RU_LEADER_BEFORE = re.compile(
    r"(?<![\w-])(?:глав[аеуы]|председател[ьяюем]+|руководител[ьяюем]+|начальник[аеуом]*|директор[аеуом]*|министр[аеуом]*|"
    r"замглавы|заместител[ьяюем]+|мэр[аеуом]*|вице-премьер[аеуом]*)\s+(?:[\w-]+\s+){0,1}\Z",
    re.I,
)
# «Источник в ГКНБ», «УКМКдагы булак»: someone unnamed inside the body, never the body or its head.
RU_SOURCE_BEFORE = re.compile(r"(?<![\w-])(?:источник[аеуом]*|собеседник[аеуом]*)\s+(?:в|во|из)\s+\Z", re.I)
KY_SOURCE_AFTER = re.compile(r"\s*(?:булак|булагы|булактар)(?![\w-])", re.I)
KY_LEADER_AFTER = re.compile(
    r"\s*(?:төрагасы|башчысы|жетекчиси|министри|директору|мэри|орун\s+басары|булагы)(?![\w-])", re.I)
# «Айыл өкмөтүнүн башчысы: «…»», «Директор школы: «…»»: a colon after a post speaks too.
ROLE_BEFORE_COLON = re.compile(
    r"(?<![\w-])(?:глав[аеы]|председател[ьяюем]+|министр[аеом]*|директор[аеом]*|руководител[ьяюем]+|начальник[аеом]*|"
    r"эксперт[аеом]*|депутат[аеом]*|представител[ьяюем]+|"
    r"башчысы|төрагасы|өкүлү|министри|директору|жетекчиси|эксперт|депутат|адиси|мугалими?)"
    r"(?:\s+[\w-]+){0,3}\s*:\s*\Z",
    re.I,
)
SPEAKER_TYPES = frozenset({"person", "party", "body", "organisation", "media"})


def ru_verb_pattern() -> str:
    """Finite speech forms (past, present, impersonal) and the claim adjectives."""
    return trie_pattern([*verbs_ru.words("past", "present", "impersonal"), *RU_CLAIM_ADJECTIVES])


def ky_verb_pattern(*, quotative: bool = True) -> str:
    """Finite and participle speech forms (not the passive: it has no speaker of its own)."""
    return trie_pattern(verbs_ky.words("past", "present", "participle", "progressive", quotative=quotative))


class RussianCues:
    """Russian constructions: «…», — заявил X; X: «…»; X заявил, что …; по словам X, …"""

    def __init__(self) -> None:
        verb = ru_verb_pattern()
        self.verb = re.compile(r"(?<![\w-])(" + verb + r")" + _END, re.I)
        # «…», — заявил X / «…» говорит X (no dash) / «…» — говорится в заявлении X
        self.after_quote = re.compile(r"\s*[,.!?…]?\s*(?:[—–-]{1,2}\s*)?(" + verb + r")" + _END, re.I)
        # X заявил: «…» / X: «…» / X заявил: выборы пройдут честно.
        self.before_colon = re.compile(r"(?:(?<![\w-])(" + verb + r")" + _END + r"[^.!?:\n«\"“„]{0,60})?:\s*\Z", re.I)
        self.colon_speech = re.compile(r"(?<![\w-])(" + verb + r")" + _END + r"[^.!?:\n«\"“„]{0,60}:\s+(?=[^\s«\"“„])", re.I)
        # X заявил(а), что … / X сообщил «Вечернему Бишкеку», что … / X указал на то, что …
        self.that = re.compile(
            r"(?<![\w-])(" + verb + r")" + _END + r"(?:\s+(?!что)" + _QUOTED_WORD + r"){0,5}?\s*,?\s*"
            r"(?:(?:о\s+том|на\s+то)\s*,\s*)?(?:что|будто)\s",
            re.I,
        )
        # По словам X, … / По мнению X, … / Как сообщил X, … / Как он говорит, … / Согласно заявлению X, …
        self.lead_in = re.compile(
            r"(?:(?<=\A)|(?<=[\s(«\"]))(по\s+(?:его|её|ее|их)\s+(?:словам|мнению|оценке|данным)|"
            r"по\s+(?:словам|мнению|оценке|оценкам|утверждению|признанию|заявлению|информации|сообщению)|со\s+слов|"
            r"как\s+(?:(?:он|она|они)\s+)?(?:" + verb + r"|переда[её]т|передают|передал[аи]?)|"
            r"согласно\s+(?:заявлению|сообщению|информации|данным\s+пресс-службы))" + _END,
            re.I,
        )
        # Об этом сообщил X. / Об этом 24.kg рассказали в мэрии. / …, о чём заявил X.
        self.about_this = re.compile(r"(?<![\w-])об\s+этом\s+(?:\S+\s+){0,2}?(" + verb + r")" + _END, re.I)
        self.of_which = re.compile(r",\s*о\s+ч[её]м\s+(?:\S+\s+){0,2}?(" + verb + r")" + _END, re.I)
        # «…», говорится в сообщении — the document of whoever was named before.
        self.document = re.compile(
            r"\A\s*в\s+(?:сообщении|заявлении|документе|релизе|ответе|письме|обращении|посте|публикации|пресс-релизе)\s*\Z",
            re.I)
        # …, добавив, что … — a second statement by the same speaker.
        self.gerund = re.compile(r"(?<![\w-])(" + trie_pattern(verbs_ru.words("gerund")) + r")\s*,?\s*(?:о\s+том\s*,\s*)?что\s", re.I)
        # — Выборы пройдут честно, — сказал он. / «Выборы прошли спокойно, — сказал X. — …»
        self.dash_cue = re.compile(r",\s*[—–]\s*(" + verb + r")" + _END, re.I)
        # «…». Так президент ответил на вопрос журналиста. — the next sentence names the speaker.
        self.so_said = re.compile(r"\s*(?:Так|Такими\s+словами|Именно\s+так)\s+(?:[^.!?\n]{0,80}?\s)?(" + verb + r")" + _END)
        # Рост цен, говорят фермеры, продолжится. / Цены вырастут, считают фермеры.
        self.comma_cue = re.compile(r",\s*(" + verb + r")" + _END, re.I)


class KyrgyzCues:
    """Kyrgyz constructions: «…», — деди X; … деп билдирди; … экенин айтты; X билдиргендей, …"""

    def __init__(self) -> None:
        verb = ky_verb_pattern()
        said = ky_verb_pattern(quotative=False)
        self.verb = re.compile(r"(?<![\w-])(" + verb + r")" + _END, re.I)
        dep = r"деп\s+(?:[^\s.!?«»\"]+\s+){0,3}?(?:" + said + r")"
        passive = trie_pattern(verbs_ky.words("passive"))
        # «…», — деди X / «…» — деп билдирди X / «…» деп X жазды / «…» — деп айтылат УКМКнын билдирүүсүндө
        self.after_quote = re.compile(
            r"\s*[,.!?…]?\s*(?:[—–-]{1,2}\s*)?(деди|дешти|деген|дейт|дешет|" + dep + r"|деп\s+(?:" + passive + r"))"
            + _END, re.I)
        self.before_colon = re.compile(r"(?:(?<![\w-])(" + verb + r")" + _END + r"[^.!?:\n«\"“„]{0,40})?:\s*\Z", re.I)
        self.colon_speech = re.compile(r"(?<![\w-])(" + verb + r")" + _END + r"[^.!?:\n«\"“„]{0,40}:\s+(?=[^\s«\"“„])", re.I)
        # X … деп билдирди (reported, no quote marks; an addressee may stand between)
        self.dep = re.compile(r"\s*,?\s*(?<![\w-])деп\s+(?:[^\s.!?«»\"]+\s+){0,3}?(" + said + r")" + _END, re.I)
        # … экенин айтты / … чечилгенин билдирди / … башталарын айтты (participle + accusative) /
        # … керектигин белгиледи (-лык + accusative)
        self.that = re.compile(
            r"(" + _W + r"*(?:экенин|экендигин|[гк][аеоөыиуү]н(?:[ыиуү]н|д[ыиуү]г[ыиуү]н)|[аеоө]{1,2}р[ыиуү]н|"
            r"(?:керек|эмес|зарыл|мүмкүн|тийиш|жок)[дтл]?[ыиуү]г[ыиуү]н))"  # керектигин, эместигин, зарылдыгын
            r"\s+(?:[^\s.!?«»\"]+\s+){0,2}?(" + said + r")" + _END,
            re.I,
        )
        # X билдиргендей, … / УКМК тарабынан билдирилгендей, … / Xтын айтымында, … / Xтын пикиринде, …
        as_said = trie_pattern(verbs_ky.words("as_said", "passive"))  # passive: «УКМК тарабынан билдирилгендей»
        self.lead_in = re.compile(
            r"(?<![\w-])(" + as_said + r"|айтымында|пикиринде|оюнча|сөзүнө\s+караганда|маалыматына\s+караганда|"
            r"билдирүүсүнө\s+караганда|(?:оюу|ою|пикири|сөзү|айтуусу|билдирүүсү)\s+боюнча)\s*,",  # «маалыматына караганда» = «по информации»
            re.I,
        )
        # Бул тууралуу X кабарлады. — the statement is the sentence before.
        self.about_this = re.compile(r"(?<![\w-])(?:бул|ал|буга)\s+(?:тууралуу|жөнүндө|боюнча|байланыштуу)(?![\w-])", re.I)
        # «… билишет дейт ал.», «… кымбаттады дешет сатуучулар.»: the quotative after a plain clause
        self.quotative = re.compile(r"(?<![\w-])(деди|дешти|дейт|дешет)(?![\w-])", re.I)
        self.sentence_verb = re.compile(r"(?<![\w-])(" + said + r")\s*[.!?]?\s*\Z", re.I)
        self.dash_cue = re.compile(r",\s*[—–]\s*(деди|дешти|" + dep + r")" + _END, re.I)
        # «…». Президент журналисттин суроосуна ушинтип жооп берди.
        self.so_said = re.compile(
            r"\s*(?:[^.!?\n]{0,80}?\s)?(?:ушинтип|ошентип|мындайча|ушундайча|ушундай\s+деп|деп)\s+(?:[^.!?\n\s]+\s+){0,2}?("
            + said + r")" + _END,
            re.I)


@cache
def russian() -> RussianCues:
    return RussianCues()


@cache
def kyrgyz() -> KyrgyzCues:
    return KyrgyzCues()


def plural_cue(cue: str, lang: str) -> bool:
    """Whether the cue's verb is plural (заявили, билдиришти): a list before it speaks together."""
    words = cue.lower().split()
    if not words:
        return False
    if lang == "ky":
        form = verbs_ky.form_of(" ".join(words[1:]) if words[0] == "деп" else cue)
        return form is not None and form.plural
    form = verbs_ru.form_of(words[-1])
    return form is not None and form.plural and form.tense != "impersonal"


def cue_gender(cue: str, lang: str) -> str | None:
    """'m' or 'f' when a Russian past-tense cue shows the speaker's gender (заявила → f)."""
    if lang != "ru":
        return None
    words = cue.lower().split()
    form = verbs_ru.form_of(words[-1]) if words else None
    if form is not None and form.gender in ("m", "f"):
        return form.gender
    return {"уверен": "m", "убежден": "m", "убеждён": "m", "уверена": "f", "убеждена": "f"}.get(words[-1] if words else "")


def impersonal(cue: str) -> bool:
    form = verbs_ru.form_of(cue.split()[-1]) if cue.split() else None
    return form is not None and form.tense == "impersonal"
