"""Elasticsearch's per-day counts (indexes/elastic/day_aggregates.py) on the real server: they
answer timelines and entity counts exactly after random updates and deletes, the same as the
article histograms do; an index built without them still answers (from the articles) and says
it needs `kabarchy reindex`, which builds them; a batch that died halfway is never trusted."""

from __future__ import annotations

import logging
import random
from dataclasses import replace
from datetime import date

import pytest

from indexes.base import ArticleDocument, EntityCountsQuery, StatementDocument, TimelineQuery
from indexes.elastic import ElasticIndex
from indexes.elastic.day_aggregates import NEEDS_REINDEX
from tests.indexes.test_timeline_contract import ENTITIES, QUERIES, _expected, _random_article

pytestmark = pytest.mark.elasticsearch
ES_ONLY = pytest.mark.parametrize("index_backend", ["elasticsearch"], indirect=True)
Docs = dict[str, tuple[ArticleDocument, list[StatementDocument]]]
COUNTS = [EntityCountsQuery(date(2024, 12, 20), date(2025, 2, 8)),
          EntityCountsQuery(date(2025, 1, 1), date(2025, 1, 10), entity_types=("person",), min_mentions=3)]


def _churned(index: ElasticIndex, seed: int) -> Docs:
    """160 articles written, 50 rewritten (other day, entities, story, source, statements) in
    two batches, one of them twice, and 16 deleted."""
    rng = random.Random(seed)
    docs: Docs = {}
    for i in range(160):
        docs[f"a{i:03d}"] = _random_article(rng, i, list(docs))
    index.index([d for d, _ in docs.values()], [s for _, said in docs.values() for s in said])
    rewritten = rng.sample(sorted(docs), 50)
    for article_id in rewritten:
        docs[article_id] = _random_article(rng, int(article_id[1:]), [i for i in docs if i != article_id])
    for batch in (rewritten[:25], rewritten[25:], rewritten[25:]):  # the second half re-sent: nets to nothing
        index.index([docs[i][0] for i in batch], [s for i in batch for s in docs[i][1]])
    gone = rng.sample(sorted(docs), 16)
    index.delete(gone)
    for article_id in gone:
        del docs[article_id]
    index.refresh()
    return docs


def _answers(index: ElasticIndex) -> list[object]:
    return ([index.timeline(q) for q in QUERIES] + [index.timeline(replace(q, distinct=False)) for q in QUERIES]
            + [index.entity_counts(q) for q in COUNTS])


@ES_ONLY
def test_per_day_counts_answer_exactly_after_updates_and_deletes(index_backend: ElasticIndex) -> None:
    docs = _churned(index_backend, 20250101)
    assert index_backend.aggregates_state() == "ready"
    assert index_backend.stats().extra["day_aggregates"] == "ready"
    from_days = _answers(index_backend)
    for q, got in zip(QUERIES, from_days):
        assert got == _expected(docs, q), q
    index_backend._aggregated = False  # the same questions counted from the articles
    assert _answers(index_backend) == from_days


@ES_ONLY
def test_an_index_without_per_day_counts_answers_says_so_and_reindex_builds_them(
        index_backend: ElasticIndex, caplog: pytest.LogCaptureFixture) -> None:
    docs = _churned(index_backend, 7)
    expected = _answers(index_backend)
    # what an index written by an earlier version looks like: no mark in the articles' mapping
    index_backend._es.indices.put_mapping(index=index_backend.aliases["articles"], meta={})
    with caplog.at_level(logging.WARNING):
        index_backend.open()
    assert NEEDS_REINDEX in caplog.text and "kabarchy reindex" in NEEDS_REINDEX
    assert index_backend.aggregates_state() == NEEDS_REINDEX
    assert _answers(index_backend) == expected  # from the articles, still exact
    index_backend.rebuild([([d for d, _ in docs.values()], [s for _, said in docs.values() for s in said])])
    index_backend.open()
    assert index_backend.aggregates_state() == "ready"
    assert _answers(index_backend) == expected


@ES_ONLY
def test_a_batch_that_died_halfway_leaves_the_counts_unused_until_a_reindex(index_backend: ElasticIndex) -> None:
    docs = _churned(index_backend, 11)
    days = index_backend.aliases["days"]
    # a writer killed between its article writes and its per-day counts leaves "writing" set
    index_backend._es.index(index=days, id="state", document={"kind": "state", "writing": True, "broken": False})
    assert index_backend.aggregates_state().startswith("busy")
    first = next(iter(docs.values()))
    index_backend.index([replace(first[0], cluster_id=None)], first[1])  # the next batch finds it
    docs[first[0].id] = (replace(first[0], cluster_id=None), first[1])
    index_backend.refresh()
    assert "kabarchy reindex" in index_backend.aggregates_state()
    assert [index_backend.timeline(q) for q in QUERIES] == [_expected(docs, q) for q in QUERIES]
    index_backend.rebuild([([d for d, _ in docs.values()], [s for _, said in docs.values() for s in said])])
    assert index_backend.aggregates_state() == "ready"
    assert [index_backend.timeline(q) for q in QUERIES] == [_expected(docs, q) for q in QUERIES]


@ES_ONLY
def test_an_article_twice_in_one_batch_counts_once_as_its_last_version(index_backend: ElasticIndex) -> None:
    rng = random.Random(3)
    docs: Docs = {f"a{i:03d}": _random_article(rng, i, []) for i in range(20)}
    index_backend.index([d for d, _ in docs.values()], [s for _, said in docs.values() for s in said])
    first, last = _random_article(rng, 5, []), _random_article(rng, 5, [])
    acked = index_backend.index([first[0], last[0]], [*first[1], *last[1]])
    assert acked == ["a005"]
    docs["a005"] = last
    index_backend.refresh()
    assert index_backend.aggregates_state() == "ready"
    everyone = [*QUERIES, *(TimelineQuery(e) for e, _ in ENTITIES)]  # each speaker over all days
    assert [index_backend.timeline(q) for q in everyone] == [_expected(docs, q) for q in everyone]
