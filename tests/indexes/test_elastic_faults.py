"""Elasticsearch going away for real: a TCP proxy we control stands between the backend and the
shared node (stopping the node itself would break other tests), so "down" is a real refused
connection and "killed mid-bulk" a real connection cut in the middle of a bulk request."""

from __future__ import annotations

import dataclasses
import socket
import threading
from collections.abc import Iterator
from urllib.parse import urlsplit

import pytest

from indexes.base import IndexUnavailable, SearchQuery
from indexes.elastic import ElasticIndex, ElasticOptions
from indexes.outbox import catch_up, sync_index
from pipeline.store import Store

pytestmark = pytest.mark.elasticsearch
ES_ONLY = pytest.mark.parametrize("index_backend", ["elasticsearch"], indirect=True)


class Proxy:
    """Forwards 127.0.0.1:<port> to Elasticsearch until stopped. `cut_after(n)` lets n more bytes
    of requests through, then drops every connection mid-stream and refuses new ones, as a node
    killed in the middle of a request would; `start()` serves again on the same port."""

    def __init__(self, upstream: tuple[str, int]) -> None:
        self.upstream = upstream
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.url = f"http://127.0.0.1:{self.listener.getsockname()[1]}"
        self.lock = threading.Lock()
        self.budget: int | None = None  # request bytes still allowed; None: unlimited
        self.up = True
        self.conns: list[socket.socket] = []
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        while True:
            try:
                client, _ = self.listener.accept()
            except OSError:
                return
            with self.lock:
                if not self.up:
                    client.close()
                    continue
                server = socket.create_connection(self.upstream)
                self.conns += [client, server]
            threading.Thread(target=self._pump, args=(client, server, True), daemon=True).start()
            threading.Thread(target=self._pump, args=(server, client, False), daemon=True).start()

    def _pump(self, src: socket.socket, dst: socket.socket, request: bool) -> None:
        try:
            while data := src.recv(65536):
                if request:
                    with self.lock:
                        if self.budget is not None:
                            data = data[:self.budget]
                            self.budget -= len(data)
                    if data:
                        dst.sendall(data)
                    if self.budget == 0:
                        self.stop()
                        return
                else:
                    dst.sendall(data)
        except OSError:
            pass
        finally:
            for s in (src, dst):
                try:
                    s.shutdown(socket.SHUT_RDWR)
                except OSError:
                    pass

    def stop(self) -> None:
        with self.lock:
            self.up = False
            conns, self.conns = self.conns, []
        for s in conns:
            try:
                s.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
            s.close()

    def start(self) -> None:
        with self.lock:
            self.up, self.budget = True, None

    def cut_after(self, request_bytes: int) -> None:
        with self.lock:
            self.budget = request_bytes

    def close(self) -> None:
        self.stop()
        self.listener.close()


@pytest.fixture
def proxied(index_backend: ElasticIndex) -> Iterator[tuple[ElasticIndex, Proxy]]:
    """An ES backend reaching the same indexes as `index_backend` through a proxy; small bulk
    requests one at a time, so one batch of articles takes several requests in a known order."""
    parts = urlsplit(index_backend.options.url)
    proxy = Proxy((parts.hostname or "127.0.0.1", parts.port or 9200))
    index = ElasticIndex(dataclasses.replace(index_backend.options, url=proxy.url, bulk_chunk_docs=6,
                                             bulk_concurrency=1))
    index.open()
    try:
        yield index, proxy
    finally:
        index.close()
        proxy.close()


def _expected_statements(store: Store) -> int:
    return sum(len(store.statements(a)) for a in store.indexable_ids())


def test_unreachable_cluster_refuses_to_open_with_a_clear_reason() -> None:
    with socket.create_server(("127.0.0.1", 0)) as s:
        port = s.getsockname()[1]  # bound, then closed: nothing listens there
    index = ElasticIndex(ElasticOptions(url=f"http://127.0.0.1:{port}", request_timeout_s=2))
    with pytest.raises(IndexUnavailable, match=f"127.0.0.1:{port}.*did not answer"):
        index.open()
    with pytest.raises(IndexUnavailable, match="not open"):
        index.search(SearchQuery(text="выборы"))


def test_bad_prefix_is_refused_before_any_request() -> None:
    with pytest.raises(IndexUnavailable, match="index_prefix"):
        ElasticIndex(ElasticOptions(index_prefix="Kabarchy"))


@ES_ONLY
def test_index_down_during_a_run_keeps_the_outbox(store: Store, index_backend: ElasticIndex,
                                                   proxied: tuple[ElasticIndex, Proxy]) -> None:
    index, proxy = proxied
    stored = sorted(store.indexable_ids())
    store.enqueue_index(index.name, stored)
    proxy.stop()

    report = sync_index(store, index, batch=7)  # must not raise
    assert report.indexed == 0 and report.error and "unavailable" in report.error
    assert report.pending == 30 and store.indexed_count(index.name) == 0
    assert {r["article_id"] for r in store.outbox(index.name, 100)} == set(stored)
    with pytest.raises(IndexUnavailable, match="did not answer"):
        index.search(SearchQuery(text="выборы"))

    proxy.start()
    report = catch_up(store, index, batch=7)
    assert report.error is None and report.indexed == 30 and store.outbox_size(index.name) == 0
    assert index_backend.ids() == set(stored)
    stats = index_backend.stats()
    assert (stats.articles, stats.statements) == (30, _expected_statements(store))


@ES_ONLY
def test_killed_mid_bulk_then_catch_up_holds_each_article_once(store: Store, index_backend: ElasticIndex,
                                                               proxied: tuple[ElasticIndex, Proxy]) -> None:
    index, proxy = proxied
    stored = set(store.indexable_ids())
    store.enqueue_index(index.name, sorted(stored))
    proxy.cut_after(9_000)  # a few bulk requests go through whole, one is cut in the middle

    report = sync_index(store, index, batch=30)
    assert report.indexed == 0 and report.error and "unavailable" in report.error
    assert store.outbox_size(index.name) == 30  # nothing acknowledged ...
    index_backend.refresh()
    landed = index_backend.ids()
    assert 0 < len(landed) < 30  # ... though part of the batch reached the index

    proxy.start()
    report = catch_up(store, index, verify=True, batch=30)
    assert report.error is None and report.indexed == 30
    assert index_backend.ids() == stored
    stats = index_backend.stats()
    assert (stats.articles, stats.statements) == (30, _expected_statements(store))  # none twice
    assert index_backend.search(SearchQuery(text="Japarov")).total == 6


@ES_ONLY
def test_a_document_the_server_refuses_is_not_acknowledged(index_backend: ElasticIndex, corpus_documents) -> None:
    first, second, third = corpus_documents.articles[:3]
    immense = dataclasses.replace(second, cluster_id="x" * 40_000)  # over Lucene's 32 KB term limit
    acked = index_backend.index([first, immense, third], [])
    assert acked == [first.id, third.id]
    index_backend.refresh()
    assert index_backend.ids() == {first.id, third.id}
