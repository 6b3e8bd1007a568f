"""Whether the real Elasticsearch the tests need is there: skip if not, or fail when CI asks for it."""

from __future__ import annotations

import os

import httpx
import pytest


def unavailable(reason: str) -> None:
    if os.environ.get("KABARCHY_REQUIRE_ES") == "1":
        pytest.fail(f"{reason} (KABARCHY_REQUIRE_ES=1)")
    pytest.skip(reason)


def es_url_for_tests() -> str:
    return os.environ.get("KABARCHY_TEST_ES_URL", "http://127.0.0.1:9200")


def require_elasticsearch(url: str) -> None:
    try:
        httpx.get(f"{url}/_cluster/health", timeout=3.0).raise_for_status()
    except httpx.HTTPError as exc:
        unavailable(f"Elasticsearch not reachable at {url}: {exc}")
