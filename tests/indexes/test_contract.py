"""The index contract: every backend gives the same answers on the fixture corpus."""

from __future__ import annotations

import threading
from datetime import date
from pathlib import Path

import pytest
import yaml

from indexes.documents import DocumentSet

from indexes.base import (
    Index,
    QueryError,
    SearchQuery,
    StatementQuery,
    TimelineQuery,
)

CASES = yaml.safe_load((Path(__file__).parent / "fixtures" / "search_cases.yaml").read_text(encoding="utf-8"))


def _query(raw: dict) -> SearchQuery:
    fields = {k: tuple(v) if isinstance(v, list) else v for k, v in raw.items()}
    return SearchQuery(**{"limit": 100, **fields})


@pytest.mark.parametrize("case", CASES, ids=[c["name"] for c in CASES])
def test_search_case(filled: Index, case: dict) -> None:
    result = filled.search(_query(case["query"]))
    expected = case["expect"]["ids"]
    got = [h.id for h in result.hits]
    if case["expect"].get("ordered"):
        assert got == expected
    else:
        assert sorted(got) == sorted(expected)
    assert result.total == case["expect"].get("total", len(expected))


def test_ids_and_stats(filled: Index, corpus: dict) -> None:
    assert filled.ids() == {a["id"] for a in corpus["articles"]}
    stats = filled.stats()
    assert stats.articles == len(corpus["articles"])
    assert stats.statements == sum(len(a.get("statements") or ()) for a in corpus["articles"])


def test_facets(filled: Index) -> None:
    result = filled.search(SearchQuery(text="выборы OR шайлоо", facets=True, limit=1))
    f = result.facets
    assert f is not None and result.total == 14
    assert [(b.key, b.count, b.label) for b in f.sources] == [
        ("24kg", 4, "24.kg"), ("shailoo", 4, "ЦИК КР"), ("azattyk", 3, "Азаттык"), ("kaktus", 3, "Kaktus.media")]
    assert [(b.key, b.count) for b in f.languages] == [("ru", 10), ("ky", 4)]
    assert [(b.key, b.count, b.label) for b in f.entities] == [
        ("body:cec", 8, "ЦИК"), ("body:jogorku-kenesh", 4, "Жогорку Кенеш"), ("person:sadyr-japarov", 3, "Садыр Жапаров")]
    assert [(b.key, b.count) for b in f.entity_types] == [("body", 9), ("person", 3)]
    # Bishkek days: ru-08 at 17:00Z is still the 28th there, ru-09 at 20:00Z is already the 29th.
    assert [(b.key, b.count) for b in f.dates] == [
        ("2021-10-06", 1), ("2021-10-12", 1), ("2021-11-03", 1), ("2021-11-15", 1), ("2021-11-17", 1),
        ("2021-11-28", 1), ("2021-11-29", 4), ("2021-12-21", 1), ("2022-01-26", 1), ("2022-02-16", 2)]


def test_facet_size_limits_buckets(filled: Index) -> None:
    f = filled.search(SearchQuery(facets=True, facet_size=2, limit=1)).facets
    assert f is not None
    assert [b.key for b in f.sources] == ["24kg", "azattyk"]
    assert len(f.entities) == 2 and f.entities[0].key == "body:cec"


def test_no_facets_unless_asked(filled: Index) -> None:
    assert filled.search(SearchQuery(text="выборы")).facets is None


def _pages(index: Index, query: SearchQuery, size: int, *, cursor: bool) -> list[str]:
    ids: list[str] = []
    after = None
    for page in range(50):
        q = SearchQuery(**{**query.__dict__, "limit": size, "offset": 0 if cursor else page * size, "after": after})
        result = index.search(q)
        ids += [h.id for h in result.hits]
        if cursor:
            if result.next_after is None:
                break
            after = result.next_after
        elif len(result.hits) < size:
            break
    return ids


@pytest.mark.parametrize("query", [
    SearchQuery(sort="date"),
    SearchQuery(text="выборы OR шайлоо OR бюджет OR ЦИК"),
    SearchQuery(text="выборы OR Жапаров", sort="date", languages=("ru",)),
    SearchQuery(entity_ids=("body:cec",), sort="date"),
    SearchQuery(entity_ids=("body:cec",), languages=("ru", "ky"), date_from=date(2021, 9, 1)),
], ids=["all by date", "relevance", "filtered by date", "an entity's", "an entity's, filtered"])
def test_cursor_paging_equals_offset_paging(filled: Index, query: SearchQuery) -> None:
    full = [h.id for h in filled.search(SearchQuery(**{**query.__dict__, "limit": 100})).hits]
    assert len(full) >= 7
    assert _pages(filled, query, 3, cursor=True) == full
    assert _pages(filled, query, 3, cursor=False) == full


def test_highlight_escapes_html_and_marks_inflected_forms(filled: Index) -> None:
    hit = next(h for h in filled.search(SearchQuery(text="выборы", limit=100)).hits if h.id == "ru-17")
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; амперсандом" in hit.snippet
    assert "<mark>выборах</mark>" in hit.snippet
    assert "<script>" not in hit.snippet and "<b>" not in hit.title_html
    assert hit.title_html == "Разметка &lt;b&gt; &amp; &quot;кавычки&quot;"


def test_highlight_in_kyrgyz_and_folded(filled: Index) -> None:
    hits = {h.id: h for h in filled.search(SearchQuery(text="шайлоо окмот OR шайлоо", limit=100)).hits}
    assert "<mark>Шайлоонун</mark>" in hits["ky-01"].snippet
    assert "<mark>шайлоонун</mark>" in hits["ky-04"].snippet


def test_latin_name_highlights_cyrillic(filled: Index) -> None:
    hit = next(h for h in filled.search(SearchQuery(text="Japarov", limit=100)).hits if h.id == "ru-11")
    assert "<mark>Жапарова</mark>" in hit.snippet


def test_title_weighs_more_than_body(filled: Index) -> None:
    # "бюджет" is in ru-06's title and body; in ru-20 only once, in the body.
    ids = [h.id for h in filled.search(SearchQuery(text="бюджет", languages=("ru",))).hits]
    assert ids == ["ru-06", "ru-20"]


def test_statements_search(filled: Index) -> None:
    result = filled.statements(StatementQuery(text="бюджет"))
    assert sorted(h.id for h in result.hits) == ["ru-06:0", "ru-20:0"] and result.total == 2
    hit = next(h for h in result.hits if h.id == "ru-06:0")
    assert hit.speaker_id == "person:akylbek-japarov" and hit.article_id == "ru-06"
    assert "<mark>бюджета</mark>" in hit.snippet


def test_statements_by_speaker_newest_first(filled: Index) -> None:
    result = filled.statements(StatementQuery(speaker_ids=("person:sadyr-japarov",)))
    assert [h.id for h in result.hits] == ["ky-09:0", "ru-10:0", "ru-11:0", "ky-03:0"]
    ky = filled.statements(StatementQuery(speaker_ids=("person:sadyr-japarov",), languages=("ky",),
                                          date_from=date(2021, 12, 1)))
    assert [h.id for h in ky.hits] == ["ky-09:0"]


def test_co_mentions(filled: Index) -> None:
    got = [(c.entity_id, c.count) for c in filled.co_mentions("body:cec")]
    assert got == [("body:jogorku-kenesh", 3), ("person:sadyr-japarov", 1)]
    assert [(c.entity_id, c.count) for c in filled.co_mentions("body:cec", limit=1)] == [("body:jogorku-kenesh", 3)]


def test_timeline_by_month(filled: Index) -> None:
    buckets = filled.timeline(TimelineQuery("person:sadyr-japarov", "month"))
    assert [(b.start, b.mentions, b.statements, b.total_articles) for b in buckets] == [
        (date(2021, 10, 1), 1, 0, 6), (date(2021, 11, 1), 3, 3, 9), (date(2021, 12, 1), 1, 1, 5)]
    assert buckets[0].share == pytest.approx(1 / 6)


def test_timeline_by_day_in_bishkek_time(filled: Index) -> None:
    buckets = filled.timeline(TimelineQuery("body:cec", "day", date(2021, 11, 28), date(2021, 11, 29)))
    assert [(b.start, b.mentions, b.statements, b.total_articles) for b in buckets] == [
        (date(2021, 11, 28), 1, 1, 1), (date(2021, 11, 29), 3, 0, 4)]


def test_timeline_by_week_fills_gaps(filled: Index) -> None:
    buckets = filled.timeline(TimelineQuery("person:kamchybek-tashiev", "week", languages=("ru",)))
    assert buckets[0].start == date(2021, 10, 25) and buckets[-1].start == date(2022, 1, 31)
    assert all(b.start.weekday() == 0 for b in buckets)
    assert len(buckets) == 15 and sum(b.mentions for b in buckets) == 3
    assert [b.start for b in buckets if b.mentions] == [date(2021, 10, 25), date(2022, 1, 10), date(2022, 1, 31)]


def test_timeline_of_unknown_entity_is_empty(filled: Index) -> None:
    assert filled.timeline(TimelineQuery("person:nobody")) == []


@pytest.mark.parametrize("text", ['"', "-", "OR", '""', '-"', "(((", "*", "NEAR(a b)", '"a" OR',
                                  "'; DROP TABLE docs; --", "выборы OR", "OR выборы", "^ЦИК", "ЦИК:*"])
def test_odd_queries_never_crash(filled: Index, text: str) -> None:
    result = filled.search(SearchQuery(text=text))
    assert result.total >= 0
    assert filled.ids()  # nothing was dropped


def test_very_long_query_is_a_query_error(filled: Index) -> None:
    with pytest.raises(QueryError):
        filled.search(SearchQuery(text="выборы " * 1500))
    with pytest.raises(QueryError):
        filled.statements(StatementQuery(text="а" * 10_000))


def test_delete_removes_articles_and_their_statements(filled: Index) -> None:
    assert sorted(filled.delete(["ru-20", "no-such-id"])) == ["no-such-id", "ru-20"]
    filled.refresh()
    assert "ru-20" not in filled.ids()
    assert [h.id for h in filled.statements(StatementQuery(text="бюджет")).hits] == ["ru-06:0"]
    assert filled.search(SearchQuery(sources=("shailoo",))).total == 3


def test_upsert_replaces_the_document_and_its_statements(filled: Index, corpus_documents) -> None:
    doc = next(a for a in corpus_documents.articles if a.id == "ru-06")
    changed = doc.__class__(**{**doc.__dict__, "title": "Новый заголовок", "title_lemmas": "новый заголовок"})
    assert filled.index([changed], []) == ["ru-06"]
    filled.refresh()
    assert filled.stats().articles == 30
    assert [h.title for h in filled.search(SearchQuery(text="заголовок")).hits] == ["Новый заголовок"]
    assert [h.id for h in filled.statements(StatementQuery(text="бюджет")).hits] == ["ru-20:0"]


def test_rebuild_swaps_while_searches_keep_answering(index_backend: Index, corpus_documents) -> None:
    first = [a for a in corpus_documents.articles if a.language == "ru"]
    index_backend.index(first, [s for s in corpus_documents.statements if s.language == "ru"])
    index_backend.refresh()
    errors: list[BaseException] = []
    totals: list[int] = []
    stop = threading.Event()

    def searching() -> None:
        while not stop.is_set():
            try:
                totals.append(index_backend.search(SearchQuery(text="ЦИК OR БШК")).total)
            except BaseException as exc:  # noqa: BLE001 - any failure fails the test below
                errors.append(exc)
                return

    thread = threading.Thread(target=searching)
    thread.start()
    try:
        batches = [(corpus_documents.articles[i:i + 5], [s for s in corpus_documents.statements
                                                         if s.article_id in {a.id for a in corpus_documents.articles[i:i + 5]}])
                   for i in range(0, 30, 5)]
        assert index_backend.rebuild(iter(batches)) == 30
        index_backend.refresh()
        done = len(totals)
        while len(totals) < done + 3 and not errors:
            threading.Event().wait(0.01)
    finally:
        stop.set()
        thread.join(timeout=30)
    assert not errors
    assert totals[0] == 6 and totals[-1] == 9  # ru only before the swap, ru + ky after
    assert set(totals) <= {6, 9}
    assert index_backend.ids() == {a.id for a in corpus_documents.articles}


@pytest.mark.parametrize("limit, offset", [(-1, 0), (10, -5), (20, 9_990)])
def test_pages_outside_the_window_are_query_errors(filled: Index, limit: int, offset: int) -> None:
    with pytest.raises(QueryError):
        filled.search(SearchQuery(text="выборы", limit=limit, offset=offset))


def test_cursor_pages_past_the_offset_window(filled: Index) -> None:
    first = filled.search(SearchQuery(sort="date", limit=10))
    assert first.next_after is not None
    # With a cursor the offset is ignored, so the window never limits deep paging.
    second = filled.search(SearchQuery(sort="date", limit=10, offset=9_995, after=first.next_after))
    assert [h.id for h in second.hits] == [h.id for h in filled.search(SearchQuery(sort="date", limit=20)).hits][10:]


def test_facets_without_text_match_facets_of_the_same_hits(filled: Index) -> None:
    plain = filled.search(SearchQuery(languages=("ky",), date_from=date(2021, 11, 1), facets=True))
    # An exclusion that excludes nothing gives the same hits through the text-match path.
    matched = filled.search(SearchQuery(text="-космодром", languages=("ky",), date_from=date(2021, 11, 1), facets=True))
    assert plain.total == matched.total == 8 and plain.facets == matched.facets
    f = plain.facets
    assert f is not None
    assert [(b.key, b.count, b.label) for b in f.sources] == [("azattyk", 7, "Азаттык"), ("shailoo", 1, "ЦИК КР")]
    assert [(b.key, b.count) for b in f.entities] == [
        ("body:cec", 2), ("body:jogorku-kenesh", 2), ("person:sadyr-japarov", 2), ("place:osh", 2),
        ("body:gknb", 1), ("person:kamchybek-tashiev", 1)]
    assert [(b.key, b.count) for b in f.entity_types] == [("body", 4), ("person", 3), ("place", 2)]
    assert [b.key for b in f.dates] == ["2021-11-15", "2021-11-29", "2021-12-08", "2021-12-27", "2022-01-14",
                                        "2022-01-30", "2022-02-16", "2022-02-20"]


def test_an_edited_article_is_known_as_edited(index_backend: Index, corpus_documents: DocumentSet) -> None:
    import dataclasses

    first, second = corpus_documents.articles[:2]
    index_backend.index([dataclasses.replace(first, versions=3), second], [])
    index_backend.refresh()
    hits = {h.id: h for h in index_backend.search(SearchQuery(limit=50)).hits}
    assert hits[first.id].versions == 3 and hits[second.id].versions == 1


ENTITY_QUERIES = [
    SearchQuery(entity_ids=("body:cec",)),
    SearchQuery(entity_ids=("person:sadyr-japarov",)),
    SearchQuery(entity_ids=("body:cec",), sources=("24kg", "shailoo"), date_to=date(2022, 1, 1)),
    SearchQuery(entity_ids=("body:cec", "body:jogorku-kenesh")),
]


def _same_hits_by_text_path(query: SearchQuery) -> SearchQuery:
    """The same question through the text-match path: an exclusion that excludes nothing."""
    return SearchQuery(**{**query.__dict__, "text": "-космодром"})


@pytest.mark.parametrize("query", ENTITY_QUERIES, ids=["cec", "japarov", "cec narrowed", "two entities"])
def test_entity_facets_equal_facets_of_the_same_hits(filled: Index, query: SearchQuery) -> None:
    """An entity's facets (read from per-entity aggregates where they answer) are the counts of
    its hits, and stay so after a delete and a re-write."""
    for _ in range(2):
        direct = filled.search(SearchQuery(**{**query.__dict__, "facets": True, "limit": 5, "sort": "date"}))
        counted = filled.search(SearchQuery(**{**_same_hits_by_text_path(query).__dict__, "facets": True,
                                               "limit": 5, "sort": "date"}))
        assert direct.total == counted.total > 0
        assert direct.facets == counted.facets
        assert [h.id for h in direct.hits] == [h.id for h in counted.hits]
        assert filled.search(query).total == direct.total
        cec = [h.id for h in filled.search(SearchQuery(entity_ids=("body:cec",), limit=100)).hits]
        filled.delete(cec[:2])
        filled.refresh()


def test_co_mentions_follow_deletes(filled: Index) -> None:
    before = {c.entity_id: c.count for c in filled.co_mentions("body:cec", limit=50)}
    both = filled.search(SearchQuery(entity_ids=("body:cec", "body:jogorku-kenesh"), limit=100))
    filled.delete([h.id for h in both.hits])
    filled.refresh()
    after = {c.entity_id: c.count for c in filled.co_mentions("body:cec", limit=50)}
    assert "body:jogorku-kenesh" in before and "body:jogorku-kenesh" not in after
    assert all(after[k] <= before[k] for k in after)


def test_only_the_facets_asked_for_are_counted(filled: Index) -> None:
    every = filled.search(SearchQuery(text="выборы OR шайлоо", facets=True, limit=1)).facets
    some = filled.search(SearchQuery(text="выборы OR шайлоо", facets=True, limit=1,
                                     facet_names=("sources", "dates"))).facets
    assert every is not None and some is not None
    assert some.sources == every.sources and some.dates == every.dates
    assert some.languages == some.entities == some.entity_types == ()
    entity = filled.search(SearchQuery(entity_ids=("body:cec",), facets=True, facet_names=("sources",))).facets
    assert entity is not None and entity.sources and not entity.entities
    with pytest.raises(QueryError):
        filled.search(SearchQuery(facets=True, facet_names=("colours",)))
