"""Every form of a name finds the article, on both backends: surnames of both genders and
words the dictionary does not know (Кенеш, Кеңеш) meet at one search key in documents and
queries — while common words keep their own meaning (DESIGN: "search merges, linking
distinguishes"; bench/search_forms.py measures it on 109 queries)."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest

from indexes.base import Index, SearchQuery
from indexes.documents import build_documents
from pipeline import morph
from pipeline.records import ExtractedArticle, FeedEntry, SourceConfig
from pipeline.store import Store

ARTICLES = {
    "tashiev": ("ru", "Председатель ГКНБ Камчыбек Ташиев провёл совещание с пограничниками."),
    "japarov": ("ru", "Президент Садыр Жапаров подписал закон, принятый Жогорку Кенешем."),
    "kenesh": ("ru", "Депутаты Жогорку Кеңеш обсудили поправки; в местных кенешах спорили о бюджете."),
    "ky": ("ky", "Жогорку Кеңештин депутаттары Шайлдабекованын сунушун талкуулашты."),
    "decoy": ("ru", "Директором театра назначен Бакыт Жапаркулов; рейс Ташкент — Бишкек запустят в июле."),
    "common": ("ru", "Выборов в городской совет не будет. Готова ли энергосистема к зиме?"),
}


@pytest.fixture
def forms_index(index_backend: Index, tmp_path: Path) -> Index:
    with Store.open(tmp_path / "forms.sqlite") as store:
        store.sync_sources([SourceConfig(id="t", name="T", homepage="https://t.example/", languages=("ru", "ky"),
                                         kind="outlet", feeds=("https://t.example/rss",))])
        for aid, (lang, text) in ARTICLES.items():
            store.discover(aid, FeedEntry(source_id="t", url=f"https://t.example/{aid}", found_in="https://t.example/rss"))
            store.save_extracted(aid, ExtractedArticle(title=aid, text=text, language=lang,
                                                       published=datetime.fromisoformat("2023-05-01T10:00:00+06:00")),
                                 aid)
        docs = build_documents(store, list(ARTICLES))
    index_backend.index(docs.articles, docs.statements)
    index_backend.refresh()
    return index_backend


def found(index: Index, text: str) -> set[str]:
    return {h.id for h in index.search(SearchQuery(text=text, limit=50)).hits}


@pytest.mark.parametrize(("query", "expected"), [
    ("Ташиева", {"tashiev"}), ("Ташиеву", {"tashiev"}), ("ташиевым", {"tashiev"}),
    ("Жапаровым", {"japarov"}), ("Жапарова", {"japarov"}), ("Жапаровой", {"japarov"}),
    ("выборах Жапарова", set()),  # both words must be there: none has both
    ("Жапаров закон", {"japarov"}),
    ('"Жогорку Кенеше"', {"japarov", "kenesh", "ky"}),
    ("Кенеш", {"japarov", "kenesh", "ky"}), ("Кеңешке", {"japarov", "kenesh", "ky"}),
    ("кенешем", {"japarov", "kenesh", "ky"}),
    ("Шайлдабековой", {"ky"}), ("Шайлдабеков", {"ky"}),
    # precision: other names and common words keep their own keys
    ("Жапаркулова", {"decoy"}), ("Ташкента", {"decoy"}),
    ("выборы", {"common"}), ("готов", {"common"}),
])
def test_every_form_finds_the_article(forms_index: Index, query: str, expected: set[str]) -> None:
    assert found(forms_index, query) == expected


def test_search_keys_merge_while_lemmas_keep_linking_apart() -> None:
    assert morph.search_key("Жапаровой", "ru") == morph.search_key("Жапаров", "ru") == "жапаров"
    assert morph.search_key("Кенеше", "ru") == morph.search_key("Кенешем", "ru") == "кенеш"
    # Entity linking's lemma still tells a woman's surname from a man's
    assert morph.lemma("Жапаровой", "ru") != morph.lemma("Жапаров", "ru")
    # known words keep their dictionary lemma, also sentence-initial
    assert morph.search_key("Выборов", "ru") == "выборы" and morph.search_key("Готова", "ru") == "готовый"
