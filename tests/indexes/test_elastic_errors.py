"""How answers the server gives with HTTP 200 still carry failures (parts of a msearch, shards),
and what they become in the contract's terms. Unit tests: the real server's outages, missing
indexes and refused queries are in test_elastic_faults.py and test_elastic_versions.py."""

from __future__ import annotations

import pytest

from indexes.base import IndexError_, IndexUnavailable, QueryError
from indexes.elastic.client import IndexMoved, check_answer

URL = "http://es.example:9200"


def _part(status: int, kind: str, reason: str) -> dict:
    return {"status": status, "error": {"root_cause": [{"type": kind, "reason": reason}], "type": kind}}


@pytest.mark.parametrize("part, user_query, error, words", [
    (_part(503, "search_phase_execution_exception", "all shards failed"), False, IndexUnavailable, "HTTP 503"),
    (_part(429, "es_rejected_execution_exception", "queue full"), False, IndexUnavailable, "queue full"),
    (_part(404, "index_not_found_exception", "no such index [k-articles]"), False, IndexMoved, "reindex"),
    (_part(400, "illegal_argument_exception", "Result window is too large"), True, QueryError, "window"),
    (_part(400, "illegal_argument_exception", "bad aggregation"), False, IndexError_, "refused building"),
])
def test_a_failed_part_of_a_multi_search(part: dict, user_query: bool, error: type, words: str) -> None:
    ok = {"hits": {"hits": []}, "_shards": {"failed": 0}}
    with pytest.raises(error, match=words) as caught:
        check_answer(URL, "building a timeline", {"responses": [ok, part]}, user_query=user_query)
    assert URL in str(caught.value) or error is QueryError


def test_failed_shards_are_worth_one_retry() -> None:
    resp = {"_shards": {"failed": 1, "failures": [{"reason": {"type": "shard_closed", "reason": "closed"}}]}}
    with pytest.raises(IndexMoved, match="shard_closed: closed"):
        check_answer(URL, "searching", resp)
    check_answer(URL, "searching", {"_shards": {"failed": 0}, "hits": {}})  # a clean answer passes
