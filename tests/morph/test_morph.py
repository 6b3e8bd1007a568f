"""pipeline.morph: folding, tokens, Russian and Kyrgyz lemmas, and query lemmas for words whose
language is unknown — the contract the analysis and both indexes share."""

from __future__ import annotations

import pytest

from pipeline.morph import fold, ky_lemma, lemma, lemmas, query_lemmas, ru_lemma, tokens


def test_fold_lowers_and_drops_the_letters_people_skip() -> None:
    assert fold("Ёлка") == "елка"
    assert fold("Өкмөт Үй Шаңкай") == "окмот уй шанкай"


def test_tokens_keep_hyphens_apostrophes_and_offsets() -> None:
    text = "УКМК-нын маалыматы: Ысык-Көлдө 2021-жылы"
    assert [t for t, _, _ in tokens(text)] == ["УКМК-нын", "маалыматы", "Ысык-Көлдө", "2021-жылы"]
    assert all(text[start:end] == word for word, start, end in tokens(text))


def test_kyrgyz_lemma_is_folded_after_stemming() -> None:
    # Stemming needs ө for harmony (Көлдө); folding afterwards makes кол match what people type.
    assert ky_lemma("Ысык-Көлдө") == "ысык-кол"
    assert ky_lemma("Ысык-Колдо") == "ысык-кол"
    assert lemma("шайлоонун", "ky") == lemma("Шайлоо", "ky") == "шайлоо"
    assert lemma("өкмөттүн", "ky") == "окмот"
    assert lemma("БШКнын", "ky") == "бшк"
    assert lemmas("БШКнын төрагасы шайлоонун жыйынтыгын жарыялады", "ky")[:2] == ["бшк", "торага"]


@pytest.mark.parametrize(
    ("word", "expected"),
    [
        ("выборов", "выборы"),
        ("ГКНБ", "гкнб"),  # an abbreviation pymorphy3 does not know stays as it is
        ("ЦИК", "цик"),
        ("заявил", "заявить"),
        ("Ёлке", "елка"),
        # pymorphy3 guesses Kyrgyz surnames: Жапарова → жапаров but Жапаров → жапар. Entity
        # linking therefore matches persons by explicit variants, not by these lemmas.
        ("Жапарова", "жапаров"),
        ("Жапаров", "жапар"),
    ],
)
def test_russian_lemmas(word: str, expected: str) -> None:
    assert ru_lemma(word) == expected
    assert lemma(word, "ru") == expected


def test_other_languages_are_only_lower_cased() -> None:
    assert lemma("Elections", "en") == "elections"


@pytest.mark.parametrize(
    ("word", "expected"),
    [
        ("шайлоонун", ("шайлоонун", "шайлоо")),  # no Kyrgyz letters: both readings
        ("выборов", ("выборы", "выборов")),
        ("выборы", ("выборы",)),  # the two agree: one lemma
        ("ГКНБ", ("гкнб",)),
        ("Өкмөттүн", ("окмот",)),  # Kyrgyz letters: Kyrgyz only
        ("Ысык-Көлдө", ("ысык-кол",)),
        ("Japarov", ("japarov",)),  # Latin: lower-cased
        ("CEC", ("cec",)),
    ],
)
def test_query_lemmas(word: str, expected: tuple[str, ...]) -> None:
    assert query_lemmas(word) == expected


def test_query_and_document_meet() -> None:
    """A query typed without Kyrgyz letters finds the document word that has them."""
    assert lemma("Кыргызстандын", "ky") in query_lemmas("кыргызстан")
    assert lemma("шайлоого", "ky") in query_lemmas("шайлоо")
    assert lemma("министрлигинин", "ky") in query_lemmas("министрлик")
    assert ru_lemma("выборов") in query_lemmas("выборы")


@pytest.mark.parametrize(
    ("inflected", "bare"),
    [
        ("Жогорку Кеңештин", "Жогорку Кеңеш"),
        ("Борбордук шайлоо комиссиясынын", "Борбордук шайлоо комиссиясы"),
        ("Ички иштер министрлигине", "Ички иштер министрлиги"),
        ("Улуттук коопсуздук мамлекеттик комитетинин", "Улуттук коопсуздук мамлекеттик комитети"),
        ("Министрлер Кабинетинин", "Министрлер Кабинети"),
        ("УКМКнын маалыматы", "УКМК маалымат"),
    ],
)
def test_inflected_body_names_meet_their_registry_form(inflected: str, bare: str) -> None:
    """The entity ruler matches lemma sequences: a body named in any case must match its entry."""
    assert lemmas(inflected, "ky") == lemmas(bare, "ky")
