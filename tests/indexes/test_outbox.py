"""The outbox: an index that is down loses nothing, and catch-up makes index and store agree."""

from __future__ import annotations

from collections.abc import Sequence

from indexes.base import ArticleDocument, Index, IndexUnavailable, SearchQuery, StatementDocument
from indexes.outbox import catch_up, sync_index
from pipeline.store import Store


class DownIndex:
    """A backend whose writes fail as an unreachable server's would (the unit-test stand-in;
    the real outage is proved with Elasticsearch stopped)."""

    def __init__(self, inner: Index) -> None:
        self.inner = inner
        self.name = inner.name

    def index(self, articles: Sequence[ArticleDocument], statements: Sequence[StatementDocument]) -> list[str]:
        raise IndexUnavailable("connection refused")

    def delete(self, article_ids: Sequence[str]) -> list[str]:
        raise IndexUnavailable("connection refused")

    def refresh(self) -> None:
        raise IndexUnavailable("connection refused")

    def ids(self) -> set[str]:
        raise IndexUnavailable("connection refused")


class PickyIndex:
    """Acknowledges every article but one, as a server rejecting one document would."""

    def __init__(self, inner: Index, reject: str) -> None:
        self.inner, self.reject, self.name = inner, reject, inner.name

    def index(self, articles: Sequence[ArticleDocument], statements: Sequence[StatementDocument]) -> list[str]:
        return [a for a in self.inner.index(articles, statements) if a != self.reject]

    def delete(self, article_ids: Sequence[str]) -> list[str]:
        return self.inner.delete(article_ids)

    def refresh(self) -> None:
        self.inner.refresh()


def _outbox(store: Store, backend: str) -> dict[str, tuple[int, str | None]]:
    return {r["article_id"]: (r["attempts"], r["last_error"]) for r in store.outbox(backend, 1000)}


def test_index_down_loses_nothing_then_catch_up_delivers_each_once(store: Store, index_backend: Index) -> None:
    name = index_backend.name
    stored = set(store.indexable_ids())
    assert len(stored) == 30
    store.enqueue_index(name, sorted(stored))

    report = sync_index(store, DownIndex(index_backend), batch=7)  # type: ignore[arg-type]
    assert report.indexed == 0 and report.error and "unavailable" in report.error
    assert report.pending == 30
    waiting = _outbox(store, name)
    assert set(waiting) == stored
    assert waiting[sorted(stored)[0]] == (1, "index unavailable: connection refused")
    assert store.indexed_count(name) == 0 and len(list(store.indexable_ids())) == 30

    down_again = catch_up(store, DownIndex(index_backend))  # type: ignore[arg-type]
    assert down_again.error and store.outbox_size(name) == 30

    report = catch_up(store, index_backend, batch=7)
    assert report.error is None
    assert report.indexed == 30 and report.enqueued == 0  # all were already queued; none twice
    assert index_backend.ids() == stored
    assert store.outbox_size(name) == 0 and store.indexed_count(name) == 30

    again = catch_up(store, index_backend)
    assert (again.enqueued, again.indexed, again.pending) == (0, 0, 0)


def test_catch_up_queues_what_was_never_queued(store: Store, index_backend: Index) -> None:
    report = catch_up(store, index_backend)
    assert (report.enqueued, report.indexed, report.pending) == (30, 30, 0)
    assert index_backend.search(SearchQuery(text="Japarov")).total == 6


def test_verify_finds_what_the_index_lost_and_removes_what_it_should_not_hold(
        store: Store, index_backend: Index) -> None:
    catch_up(store, index_backend)
    index_backend.delete(["ru-01", "ru-02"])  # lost behind the store's back
    store.conn.execute("UPDATE articles SET duplicate_of='ru-03' WHERE id='ru-04'")
    index_backend.refresh()
    plain = catch_up(store, index_backend)  # trusts the acknowledgements
    assert plain.indexed == 0 and plain.deleted == 1  # ru-04 is no longer indexable
    verified = catch_up(store, index_backend, verify=True)
    assert verified.enqueued == 2 and verified.indexed == 2
    assert index_backend.ids() == set(store.indexable_ids()) and "ru-04" not in index_backend.ids()


def test_rejected_article_stays_queued_and_the_sync_ends(store: Store, index_backend: Index) -> None:
    name = index_backend.name
    store.enqueue_index(name, sorted(store.indexable_ids()))
    report = sync_index(store, PickyIndex(index_backend, "ky-05"), batch=4)  # type: ignore[arg-type]
    assert report.indexed == 29 and report.failed == 1
    assert _outbox(store, name) == {"ky-05": (1, "not acknowledged by the index")}
    assert sync_index(store, index_backend).indexed == 1
    assert store.outbox_size(name) == 0


def test_delete_op_removes_from_index(store: Store, index_backend: Index) -> None:
    catch_up(store, index_backend)
    store.enqueue_index(index_backend.name, ["ru-19"], op="delete")
    report = sync_index(store, index_backend)
    assert report.deleted == 1 and "ru-19" not in index_backend.ids()
    assert store.indexed_count(index_backend.name) == 29
