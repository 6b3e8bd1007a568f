"""`kabarchy reindex`, `index` and `search` with Elasticsearch as the configured backend."""

from __future__ import annotations

import argparse
import json
from types import ModuleType

import httpx
import pytest

from indexes.elastic import ElasticIndex
from kabarchy.commands import index as index_cmd
from kabarchy.commands import reindex as reindex_cmd
from kabarchy.commands import search as search_cmd
from kabarchy.settings import Settings
from pipeline.store import Store

pytestmark = pytest.mark.elasticsearch


def _run(module: ModuleType, settings: Settings, *argv: str) -> int:
    parser = argparse.ArgumentParser()
    module.add_arguments(parser)
    return module.run(parser.parse_args(list(argv)), settings)


@pytest.mark.parametrize("index_backend", ["elasticsearch"], indirect=True)
def test_reindex_then_catch_up_and_search(stored_settings: Settings, index_backend: ElasticIndex,
                                          capsys: pytest.CaptureFixture[str]) -> None:
    prefix = index_backend.options.index_prefix  # the fixture's indexes, dropped after the test
    settings = stored_settings.replace(index_backend="elasticsearch", elasticsearch_index_prefix=prefix)
    assert _run(reindex_cmd, settings) == 0
    assert "reindexed 30 articles into elasticsearch" in capsys.readouterr().out
    with Store.open(settings.store_path) as store:
        assert store.indexed_count("elasticsearch") == 30
    aliases = httpx.get(f"{settings.elasticsearch_url}/{prefix}-articles/_alias").json()
    assert list(aliases) == [f"{prefix}-articles-v2"]  # v1 was made by open(), then swapped out

    assert _run(index_cmd, settings, "--catch-up") == 0
    out = capsys.readouterr().out
    assert "queued by catch-up 0" in out and "in index 30" in out
    assert _run(search_cmd, settings, "Japarov", "--lang", "ky", "--from", "2021-12-01", "--json") == 0
    assert [json.loads(x)["id"] for x in capsys.readouterr().out.splitlines()] == ["ky-09"]


def test_an_unreachable_cluster_is_a_clear_command_error(stored_settings: Settings,
                                                         capsys: pytest.CaptureFixture[str]) -> None:
    settings = stored_settings.replace(index_backend="elasticsearch", elasticsearch_url="http://127.0.0.1:9",
                                       elasticsearch_request_timeout_s=2.0)
    assert _run(index_cmd, settings) == 1
    err = capsys.readouterr().err
    assert "http://127.0.0.1:9 did not answer" in err and "wait in the outbox" in err
