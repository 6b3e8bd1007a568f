"""Elasticsearch specifics: versioned indexes behind aliases, the atomic swap of a rebuild, and
queries the server could choke on answered as results or `QueryError`s."""

from __future__ import annotations

import threading
from collections.abc import Iterator

import httpx
import pytest

from indexes.base import DocumentBatch, IndexUnavailable, QueryError, SearchQuery, StatementQuery
from indexes.documents import DocumentSet
from indexes.elastic import ElasticIndex
from indexes.sqlite import SqliteIndex

pytestmark = pytest.mark.elasticsearch
ES_ONLY = pytest.mark.parametrize("index_backend", ["elasticsearch"], indirect=True)


def _aliases(index: ElasticIndex) -> dict[str, list[str]]:
    """Which concrete indexes each of our aliases points at, read over plain HTTP."""
    prefix = index.options.index_prefix
    found = httpx.get(f"{index.options.url}/{prefix}-*/_alias").json()
    out: dict[str, list[str]] = {}
    for name, info in found.items():
        for alias in info["aliases"]:
            out.setdefault(alias, []).append(name)
    out["all"] = sorted(found)
    return out


def _batches(docs: DocumentSet, size: int = 5) -> Iterator[DocumentBatch]:
    for i in range(0, len(docs.articles), size):
        chunk = docs.articles[i:i + size]
        ids = {a.id for a in chunk}
        yield chunk, [s for s in docs.statements if s.article_id in ids]


@ES_ONLY
def test_rebuilds_move_the_aliases_and_delete_old_versions_while_searches_go_on(
        index_backend: ElasticIndex, corpus_documents: DocumentSet) -> None:
    prefix = index_backend.options.index_prefix
    assert _aliases(index_backend)["all"] == [f"{prefix}-{kind}-v1" for kind in ("articles", "days", "statements")]
    errors: list[BaseException] = []
    seen: set[int] = set()
    stop = threading.Event()

    def searching() -> None:
        while not stop.is_set():
            try:
                seen.add(index_backend.search(SearchQuery(text="ЦИК OR БШК", facets=True)).total)
                index_backend.statements(StatementQuery(text="бюджет"))
            except BaseException as exc:  # noqa: BLE001 - any failure fails the test below
                errors.append(exc)
                return

    thread = threading.Thread(target=searching)
    thread.start()
    try:
        for version in (2, 3):
            assert index_backend.rebuild(_batches(corpus_documents)) == 30
            aliases = _aliases(index_backend)
            assert aliases[f"{prefix}-articles"] == [f"{prefix}-articles-v{version}"]
            assert aliases[f"{prefix}-statements"] == [f"{prefix}-statements-v{version}"]
            assert aliases[f"{prefix}-days"] == [f"{prefix}-days-v{version}"]
            assert aliases["all"] == [f"{prefix}-{kind}-v{version}" for kind in ("articles", "days", "statements")]
    finally:
        stop.set()
        thread.join(timeout=30)
    assert not errors
    assert seen <= {0, 9} and 9 in seen
    assert index_backend.stats().articles == 30


@ES_ONLY
def test_a_failed_rebuild_leaves_the_live_index_alone(index_backend: ElasticIndex,
                                                      corpus_documents: DocumentSet) -> None:
    index_backend.index(corpus_documents.articles[:10], corpus_documents.statements)
    index_backend.refresh()
    before = _aliases(index_backend)

    def broken() -> Iterator[DocumentBatch]:
        yield from _batches(corpus_documents)
        raise RuntimeError("the store went away")

    with pytest.raises(RuntimeError, match="store went away"):
        index_backend.rebuild(broken())
    assert _aliases(index_backend) == before  # the half-built version is gone too
    assert index_backend.stats().articles == 10


@pytest.fixture(scope="module")
def embedded(tmp_path_factory: pytest.TempPathFactory, corpus_documents: DocumentSet) -> Iterator[SqliteIndex]:
    """The reference backend holding the same corpus, to compare answers with."""
    index = SqliteIndex(tmp_path_factory.mktemp("fts"))
    index.open()
    index.index(corpus_documents.articles, corpus_documents.statements)
    yield index
    index.close()


@ES_ONLY
@pytest.mark.parametrize("text", [
    '"итоги выборов',  # an unbalanced quote closes at the end
    'выборы "Жогорку',
    "на",  # stop words alone still search
    "и на в",
    " ".join(f'"выборы {w}"' for w in "ЦИК итоги Жогорку Кенеш партии депутаты".split()),
    " OR ".join(["выборы", "шайлоо", "Japarov", "Zhaparov", "Dzhaparov", "ГКНБ", "УКМК"] * 4),
    "-выборы -шайлоо -бюджет",
])
def test_awkward_queries_are_answered_as_the_embedded_index_does(filled: ElasticIndex, embedded: SqliteIndex,
                                                                 text: str) -> None:
    query = SearchQuery(text=text, sort="date", limit=100)
    got, want = filled.search(query), embedded.search(query)
    assert [h.id for h in got.hits] == [h.id for h in want.hits] and got.total == want.total


@ES_ONLY
def test_queries_the_server_would_refuse_are_query_errors(filled: ElasticIndex) -> None:
    with pytest.raises(QueryError, match="too long"):
        filled.search(SearchQuery(text="выборы " * 1430))  # ~10,000 characters
    with pytest.raises(QueryError, match="too many words"):
        filled.search(SearchQuery(text=" ".join(f"слово{i}" for i in range(40))))
    with pytest.raises(QueryError, match="window"):  # ES's own limit on from + size, named clearly
        filled.search(SearchQuery(text="выборы", offset=20_000))
    assert filled.ids()  # nothing was lost on the way


@ES_ONLY
def test_an_index_deleted_behind_our_back_is_unavailable_until_opened_again(filled: ElasticIndex) -> None:
    names = ",".join(_aliases(filled)["all"])
    httpx.delete(f"{filled.options.url}/{names}").raise_for_status()
    with pytest.raises(IndexUnavailable, match="missing.*reindex"):
        filled.search(SearchQuery(text="выборы"))
    filled.open()  # makes a fresh, empty first version
    assert filled.search(SearchQuery(text="выборы")).total == 0 and filled.ids() == set()
