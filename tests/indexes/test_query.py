"""Query syntax, transliteration and highlighting: the shared pieces both backends rely on."""

from __future__ import annotations

import pytest

from indexes.base import QueryError
from indexes.highlight import mark_all, snippet
from indexes.query import Phrase, Term, parse_query
from indexes.translit import to_cyrillic


@pytest.mark.parametrize("latin, cyrillic", [
    ("Japarov", "жапаров"), ("Zhaparov", "жапаров"), ("Dzhaparov", "жапаров"), ("Tashiev", "ташиев"),
    ("Atambayev", "атамбаев"), ("Otunbayeva", "отунбаева"), ("Kyrgyzstan", "кыргызстан"),
    ("Kamchybek", "камчыбек"), ("Yusupov", "юсупов"), ("Aybek", "айбек"), ("Jogorku", "жогорку"),
])
def test_latin_names_become_cyrillic(latin: str, cyrillic: str) -> None:
    spellings = to_cyrillic(latin)
    assert spellings[0] == cyrillic and len(spellings) <= 6


def test_cyrillic_words_are_not_transliterated() -> None:
    assert to_cyrillic("Жапаров") == [] and to_cyrillic("ЦИК-2021") == []


def test_parse_structure() -> None:
    q = parse_query('выборы "Жогорку Кенеш" ЦИК OR БШК -референдум -"местные выборы"')
    assert len(q.must) == 3
    assert q.must[0].atoms == (Term("выборы", ("выборы",)),)
    assert isinstance(q.must[1].atoms[0], Phrase) and len(q.must[1].atoms[0].terms) == 2
    assert [a.word for a in q.must[2].atoms] == ["ЦИК", "БШК"]  # type: ignore[union-attr]
    assert len(q.must_not) == 2 and isinstance(q.must_not[1], Phrase)


def test_words_become_folded_lemmas() -> None:
    assert "выборы" in parse_query("выборов").must[0].atoms[0].alternatives  # type: ignore[union-attr]
    assert "шайлоо" in parse_query("шайлоонун").must[0].atoms[0].alternatives  # type: ignore[union-attr]
    assert "кенеш" in parse_query("Кеңеш").must[0].atoms[0].alternatives  # type: ignore[union-attr]
    assert "жапаров" in parse_query("Japarov").must[0].atoms[0].alternatives  # type: ignore[union-attr]


def test_stop_words_dropped_unless_alone() -> None:
    assert [c.atoms[0].word for c in parse_query("выборы в парламент").must] == ["выборы", "парламент"]  # type: ignore[union-attr]
    assert [c.atoms[0].word for c in parse_query("и в").must] == ["и", "в"]  # type: ignore[union-attr]


@pytest.mark.parametrize("text", ["", "   ", "---", '""', "OR OR", "|", "«»", "!!!"])
def test_empty_queries_match_everything(text: str) -> None:
    assert parse_query(text).is_empty


def test_limits() -> None:
    with pytest.raises(QueryError, match="too long"):
        parse_query("а" * 10_000)
    with pytest.raises(QueryError, match="too many words"):
        parse_query(" ".join(f"слово{i}" for i in range(40)))


def test_phrase_variants_are_capped() -> None:
    phrase = parse_query('"Japarov Zhaparov Dzhaparov Japarov Zhaparov"').must[0].atoms[0]
    assert isinstance(phrase, Phrase) and 1 <= len(phrase.variants()) <= 16


def test_snippet_window_picks_the_matches_and_escapes() -> None:
    text = "Начало. " * 60 + "Итоги <выборов> & голосования. " + "Конец. " * 60
    html = snippet(text, "ru", parse_query("выборы").highlight_tokens)
    assert html.startswith("…") and html.endswith("…") and len(html) < 400
    assert "&lt;<mark>выборов</mark>&gt; &amp;" in html


def test_mark_all_without_matches_only_escapes() -> None:
    assert mark_all('a < b & "c"', "ru", frozenset({"выборы"})) == "a &lt; b &amp; &quot;c&quot;"
