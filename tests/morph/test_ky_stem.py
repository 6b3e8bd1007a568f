"""The Kyrgyz stemmer: our own table of forms, words it must leave whole, and round trips through
the `kyrgyz` package, which generates case forms independently of our rules."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.ky_stem import known_stems, normalise_spelling, stem

HERE = Path(__file__).parent


def _rows(name: str) -> list[list[str]]:
    lines = (HERE / name).read_text(encoding="utf-8").splitlines()
    return [line.split("\t") for line in lines if line.strip() and not line.startswith("#")]


@pytest.mark.parametrize(("form", "expected", "why"), _rows("ky_stem_cases.tsv"), ids=lambda v: v)
def test_inflected_form_gives_its_stem(form: str, expected: str, why: str) -> None:
    assert stem(form) == expected, why


@pytest.mark.parametrize(("word", "why"), _rows("ky_stem_kept.tsv"), ids=lambda v: v)
def test_word_that_only_looks_inflected_is_kept(word: str, why: str) -> None:
    assert stem(word) == normalise_spelling(word.lower()), why


# Common news nouns (few of them in ky_stems.txt) and names (most of them there).
ROUND_TRIP = (
    "шайлоо депутат кеңеш министр өкмөт президент тергөө сот добуш талапкер шаар облус район "
    "маселе комиссия кызмат элчи долбоор бюджет салык баа жол көпүрө мектеп оорукана дарыгер "
    "студент университет көл дарыя суу жер эгин түшүм соода базар завод ишкана компания кредит "
    "карыз реформа укук журналист редакция маалымат кабар сайт гезит китеп спорт мелдеш медал "
    "Бишкек Нарын Талас Баткен Ош Чүй Токмок Каракол Жапаров Ташиев Касымалиев"
).split()


@pytest.mark.parametrize("word", ROUND_TRIP)
def test_every_case_form_from_the_kyrgyz_package_comes_back_to_one_stem(word: str) -> None:
    import kyrgyz  # a test dependency (pyproject [test]): these tests must run, never skip
    from kyrgyz.cases import Case

    forms = {case.name: kyrgyz.inflect(word, case=case) for case in Case}
    stems = {name: stem(form) for name, form in forms.items()}
    assert set(stems.values()) == {stem(word)}, (forms, stems)


def test_stem_is_lower_case_and_handles_odd_input() -> None:
    assert stem("ШАЙЛООНУН") == "шайлоо"  # an all-capital headline word is not an abbreviation
    assert stem("") == ""
    assert stem("2026") == "2026"
    assert stem("COVID-19") == "covid-19"
    assert stem("Жапаров’дун") == "жапаров"  # apostrophe before the ending


def test_known_stems_file_is_loaded_and_normalised() -> None:
    known = known_stems()
    assert known["нарын"] == "нарын"
    assert known["балдар"] == "бала"
    assert all(value == normalise_spelling(value) for value in known.values())
    assert "беларус" in known  # written беларусь in the file; stems never end in ь


def test_every_listed_stem_is_its_own_stem() -> None:
    """A stem in ky_stems.txt must survive the stripper, or listing it would be pointless."""
    known = known_stems()
    assert [word for word, target in known.items() if stem(word) != target] == []
