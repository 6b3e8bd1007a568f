"""Elasticsearch down during a run: everything is stored, the outbox keeps the index's share,
and catch-up brings the index level with the store — none missing, none twice."""

from __future__ import annotations

import socket
import uuid
from pathlib import Path

import pytest

from indexes.outbox import catch_up
from kabarchy.app import run_once
from kabarchy.backends import make_index
from pipeline.store import Store
from tests.ingest.conftest import Site, make_settings, write_sources
from tests.support.elastic import es_url_for_tests, require_elasticsearch

pytestmark = pytest.mark.elasticsearch


def closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]  # closed again when we return: nothing listens there


def test_a_run_with_elasticsearch_down_loses_nothing_and_catch_up_levels_the_index(
    tmp_path: Path, site: Site
) -> None:
    require_elasticsearch(es_url_for_tests())
    feeds = site.publish(12, sources=2)
    base = make_settings(tmp_path, write_sources(tmp_path / "s.yaml", site.server.base_url,
                                                 {"a": feeds[:1], "b": feeds[1:]}))
    prefix = f"kabarchy-outage-{uuid.uuid4().hex[:8]}"
    down = base.replace(index_backend="elasticsearch", elasticsearch_url=f"http://127.0.0.1:{closed_port()}",
                        elasticsearch_index_prefix=prefix, elasticsearch_request_timeout_s=2.0)
    report = run_once(down)
    assert report.cycle.total("extracted") == 12 and report.index_error
    with Store.open(down.store_path) as store:
        stored = set(store.indexable_ids())
        assert len(stored) == 12
        assert store.queued_ids("elasticsearch") == stored and store.indexed_count("elasticsearch") == 0

    up = down.replace(elasticsearch_url=es_url_for_tests())
    index = make_index(up)
    index.open()
    try:
        with Store.open(up.store_path) as store:
            catch_up(store, index)
            catch_up(store, index)  # a second catch-up finds nothing to do and duplicates nothing
            index.refresh()
            assert index.ids() == stored and index.stats().articles == 12
            assert store.queued_ids("elasticsearch") == set()
        # the next run after the outage delivers new work straight away
        site.publish(15, sources=2)
        run_once(up, all_sources=True)
        index.refresh()
        with Store.open(up.store_path) as store:
            assert index.ids() == set(store.indexable_ids()) and len(index.ids()) == 15
    finally:
        index.drop()
        index.close()
