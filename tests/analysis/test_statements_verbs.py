"""The generated speech verbs: Russian forms from pymorphy3's lexemes, Kyrgyz cue forms from the
suffix rules with vowel harmony — what is in the lists, what must stay out, and the trie regex."""

from __future__ import annotations

import re

import pytest

from pipeline.analysis.speech import verbs_ky, verbs_ru
from pipeline.analysis.speech.cues import cue_gender, plural_cue
from pipeline.analysis.speech.wordlists import trie_pattern

# (imperfective, perfective) pairs and single verbs the issue names, with forms a news text uses
RU_EXPECTED = [
    "говорит", "говорят", "говорил", "говорила", "говорили", "сказал", "сказала", "сказало", "сказали",
    "рассказывает", "рассказала", "утверждает", "утверждали", "объясняет", "объяснила", "поясняет", "пояснил",
    "пишет", "пишут", "написала", "отвечает", "ответили", "предупреждает", "предупредила", "подчеркивает",
    "подчёркивает", "подчеркнула", "уверяет", "уверил", "сообщает", "сообщили", "заявляет", "заявило",
    "отмечает", "отметила", "добавляет", "добавил", "уточняет", "уточнила", "признается", "признаётся",
    "призналась", "считает", "считают", "полагает", "настаивает", "настаивала", "напоминает", "напомнил",
    "комментирует", "прокомментировала", "цитирует", "жалуется", "пожаловались", "обещает", "пообещал",
    "призывает", "призвали", "требуют", "потребовала", "спросил", "опровергла", "подтвердили",
]


@pytest.mark.parametrize("word", RU_EXPECTED)
def test_russian_speech_forms_are_generated(word: str) -> None:
    assert verbs_ru.form_of(word) is not None, word


@pytest.mark.parametrize("word", ["заявит", "скажет", "сообщим", "заявить", "скажи", "говорю", "заявленный",
                                  "говорящий", "сказано", "выборы", "сообщение"])
def test_forms_that_attribute_nothing_are_left_out(word: str) -> None:
    """Future (not said yet), infinitive, imperative, first person, participles, nouns."""
    assert verbs_ru.form_of(word) is None, word


def test_russian_grammar_travels_with_the_form() -> None:
    said_she = verbs_ru.form_of("заявила")
    assert said_she is not None and (said_she.lemma, said_she.tense, said_she.gender, said_she.plural) == (
        "заявить", "past", "f", False)
    they = verbs_ru.form_of("говорят")
    assert they is not None and (they.tense, they.plural) == ("present", True)
    assert verbs_ru.form_of("говорится").tense == "impersonal"  # type: ignore[union-attr]
    assert verbs_ru.form_of("добавив").tense == "gerund"  # type: ignore[union-attr]
    assert cue_gender("сказала", "ru") == "f" and cue_gender("сказал", "ru") == "m" and cue_gender("говорит", "ru") is None
    assert plural_cue("заявили", "ru") and not plural_cue("заявил", "ru") and not plural_cue("говорится", "ru")


def test_every_lemma_gives_past_forms_of_all_genders_and_both_numbers() -> None:
    forms = verbs_ru.speech_forms().values()
    for lemma in verbs_ru.SPEECH_LEMMAS:
        past = {(f.gender, f.plural) for f in forms if f.lemma == lemma.replace("ё", "е") or f.lemma == lemma}
        past = {p for p in past if p != (None, False)}
        assert {("m", False), ("f", False), (None, True)} <= past, lemma


def test_imperfectives_have_a_present_and_perfectives_do_not() -> None:
    forms = list(verbs_ru.speech_forms().values())
    present = {f.lemma for f in forms if f.tense == "present"}
    assert {"говорить", "заявлять", "сообщать", "подчёркивать", "считать", "цитировать"} <= present
    assert not {"сказать", "заявить", "сообщить", "подчеркнуть", "пообещать"} & present


# --- Kyrgyz ---------------------------------------------------------------------------------------

KY_EXPECTED = {
    # stem: forms across the four harmony classes and both stem endings
    "айт": ["айтты", "айтышты", "айтат", "айтышат", "айткан", "айтып жатат", "айткандай", "айтылды"],
    "билдир": ["билдирди", "билдиришти", "билдирет", "билдирген", "билдирип жатат", "билдиргендей", "билдирилди"],
    "белгиле": ["белгиледи", "белгилешти", "белгилейт", "белгилеген", "белгилеп жатат", "белгилеп өттү",
                "белгилегендей", "белгиленди"],
    "баса белгиле": ["баса белгиледи", "баса белгилеген"],
    "жаз": ["жазды", "жазышты", "жазат", "жазган", "жазып жатат"],
    "кошумчала": ["кошумчалады", "кошумчалашты", "кошумчалайт", "кошумчалаган"],
    "түшүндүр": ["түшүндүрдү", "түшүндүрүштү", "түшүндүрөт", "түшүндүргөн", "түшүндүрүп берди", "түшүндүргөндөй"],
    "маалымда": ["маалымдады", "маалымдашты", "маалымдайт", "маалымдаган", "маалымдагандай", "маалымдалды"],
    "эскерт": ["эскертти", "эскертишти", "эскертет", "эскерткен", "эскерткендей"],
    "сүйлө": ["сүйлөдү", "сүйлөйт", "сүйлөгөн", "сүйлөп жатат"],
    "жооп бер": ["жооп берди", "жооп беришти", "жооп берет", "жооп берген"],
    "ойло": ["ойлойт", "ойлогон", "ойлоду"],
    "мойнуна ал": ["мойнуна алды", "мойнуна алган", "мойнуна алынды"],
}


@pytest.mark.parametrize(("stem", "forms"), list(KY_EXPECTED.items()))
def test_kyrgyz_cue_forms_follow_harmony_and_assimilation(stem: str, forms: list[str]) -> None:
    generated = {w for w, f in verbs_ky.cue_forms().items() if f.stem == stem}
    assert set(forms) <= generated, sorted(set(forms) - generated)


@pytest.mark.parametrize("word", ["айтди", "билдирды", "белгилеипти", "түшүндүрды", "жазган жатат", "айтлды",
                                  "белгилейди", "маалымданды"])
def test_kyrgyz_misharmonised_forms_are_never_made(word: str) -> None:
    assert verbs_ky.form_of(word) is None


_BACK, _FRONT = set("аыоу"), set("еиөү")


def test_every_suffix_vowel_harmonises_with_its_stem() -> None:
    """The first word's suffix vowels are back after a back stem and front after a front one
    (айт-ты, түшүндүр-гөн, белгиле-ген); rounding is the `kyrgyz` package's business."""
    for word, form in verbs_ky.cue_forms().items():
        if form.stem == "де":
            continue
        stem = form.stem.split()[-1]
        first = word.split()[len(form.stem.split()) - 1]
        suffix_vowels = {c for c in first[len(stem):] if c in "аыоуеиөү"}
        last_vowel = next(c for c in reversed(stem) if c in "аыоуеиөүэ")
        allowed = _BACK if last_vowel in _BACK else _FRONT
        assert suffix_vowels <= allowed, (word, suffix_vowels)


def test_kyrgyz_grammar_travels_with_the_form() -> None:
    assert verbs_ky.form_of("билдиришти").plural and not verbs_ky.form_of("билдирди").plural  # type: ignore[union-attr]
    assert verbs_ky.form_of("айтып   жатат").kind == "progressive"  # type: ignore[union-attr]
    assert verbs_ky.form_of("дешти").plural  # type: ignore[union-attr]
    assert plural_cue("деп билдиришти", "ky") and not plural_cue("деп билдирди", "ky")
    passive = verbs_ky.words("passive")
    assert "маалымдалгандай" in passive and "маалымдалгандай" not in verbs_ky.words("as_said")


def test_trie_pattern_matches_exactly_the_words() -> None:
    words = verbs_ru.words()
    pattern = re.compile(r"(?:" + trie_pattern(words) + r")\Z")
    assert all(pattern.match(w) for w in words)
    assert not any(pattern.match(w + "х") for w in ("заявил", "говорит")) and not pattern.match("заяви")
    spaced = re.compile(trie_pattern(["деп айтты", "деди"]))
    assert spaced.fullmatch("деп   айтты") and spaced.fullmatch("деди") and not spaced.fullmatch("деп")
    assert re.compile(trie_pattern([])).search("anything") is None
