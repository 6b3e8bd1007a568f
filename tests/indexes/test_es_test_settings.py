"""The tests read the Elasticsearch address the test command gives them, and probe nothing
when told there is no Elasticsearch (KABARCHY_TEST_NO_ES=1) — checked with a local server
standing in for Elasticsearch that records every request."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from tests.support.misbehaving_server import MisbehavingServer

REPO = Path(__file__).resolve().parents[2]
ES_TEST = "tests/indexes/test_search_forms.py::test_every_form_finds_the_article"


def run_es_tests(url: str, **extra: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("KABARCHY_")}
    env.update(KABARCHY_TEST_ES_URL=url, **extra)
    return subprocess.run([sys.executable, "-m", "pytest", ES_TEST, "-q", "-k", "elasticsearch and expected0", "-rs",
                           "-p", "no:cacheprovider"], cwd=REPO, env=env, capture_output=True, text=True, timeout=300)


def test_no_es_means_no_probe_and_the_url_setting_is_read() -> None:
    with MisbehavingServer() as fake_es:
        told_none = run_es_tests(fake_es.base_url, KABARCHY_TEST_NO_ES="1")
        assert "1 skipped" in told_none.stdout and "KABARCHY_TEST_NO_ES=1" in told_none.stdout
        assert fake_es.requests == []
        pointed = run_es_tests(fake_es.base_url)
        assert "1 skipped" in pointed.stdout  # it answers 404: not an Elasticsearch
        assert [r.path for r in fake_es.requests] == ["/_cluster/health"]
        required = run_es_tests(fake_es.base_url, KABARCHY_REQUIRE_ES="1")
        assert "1 error" in required.stdout and required.returncode != 0  # fails in the fixture, not skipped
