"""The one place that talks to Elasticsearch: options, the client, and its errors in our terms.

Every call goes through `answering()`, so no raw transport or server error escapes the backend:
an unreachable or overloaded cluster is `IndexUnavailable` (the outbox keeps what is not yet
acknowledged), a request the server refuses as malformed is a `QueryError` when it came from a
user's query, and anything else is an `IndexError_` with the server's reason.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

import importlib.util

from elasticsearch import ApiError, Elasticsearch, TransportError
from elasticsearch.serializer import JsonSerializer

from indexes.base import IndexError_, IndexUnavailable, QueryError


@dataclass(frozen=True)
class ElasticOptions:
    """How to reach the cluster and shape its indexes; built by `kabarchy` from settings."""

    url: str = "http://127.0.0.1:9200"
    api_key: str = ""
    username: str = ""
    password: str = ""
    verify_certs: bool = True
    ca_file: str = ""
    request_timeout_s: float = 30.0
    index_prefix: str = "kabarchy"
    number_of_shards: int = 1
    number_of_replicas: int = 0
    bulk_chunk_docs: int = 500  # documents per bulk request (articles and statements alike)
    bulk_retries: int = 3  # retries of items the server refused as too busy (HTTP 429)
    bulk_concurrency: int = 2  # bulk requests in flight at once


def _json_serializer() -> JsonSerializer:
    """orjson when it is installed (`elasticsearch[orjson]`): it writes bulk bodies several times
    faster than the standard library, which is most of our side of a bulk write."""
    if importlib.util.find_spec("orjson") is None:
        return JsonSerializer()
    from elasticsearch.serializer import OrjsonSerializer

    return OrjsonSerializer()


def make_client(options: ElasticOptions) -> Elasticsearch:
    """A client for `options` (no request is sent until it is used)."""
    return Elasticsearch(
        hosts=[options.url],
        serializer=_json_serializer(),
        api_key=options.api_key or None,
        basic_auth=(options.username, options.password) if options.username else None,
        verify_certs=options.verify_certs,
        ca_certs=options.ca_file or None,
        request_timeout=options.request_timeout_s,
        max_retries=1,  # one more try on a dropped connection; the outbox retries the rest
        retry_on_timeout=False,  # a timed-out bulk may still land: the outbox re-sends it instead
    )


class IndexMoved(IndexUnavailable):
    """The index behind an alias went away during a read (a rebuild swapped and deleted it):
    the same read, sent again, answers from the new version."""


def _error_reason(error: object) -> str:
    if isinstance(error, dict):
        root = (error.get("root_cause") or [error])[0]
        return f"{root.get('type', error.get('type'))}: {root.get('reason', error.get('reason'))}"
    return str(error)


def _translated(url: str, doing: str, status: int, reason: str, user_query: bool) -> IndexError_:
    if status == 404 and "index_not_found" in reason:
        return IndexMoved(f"the index at {url} is missing while {doing} ({reason}); "
                          "`kabarchy reindex` rebuilds it from the store")
    if status == 429 or status >= 500:
        return IndexUnavailable(f"Elasticsearch at {url} cannot serve {doing} (HTTP {status}, {reason})")
    if user_query and status == 400:
        return QueryError(f"the index cannot run this query: {reason}")
    return IndexError_(f"Elasticsearch at {url} refused {doing} (HTTP {status}, {reason})")


@contextmanager
def answering(url: str, doing: str, *, user_query: bool = False) -> Iterator[None]:
    """Turn Elasticsearch failures met while `doing` something into the contract's errors."""
    try:
        yield
    except TransportError as exc:  # connection refused or dropped, timeout, TLS
        raise IndexUnavailable(f"Elasticsearch at {url} did not answer while {doing}: {exc}") from exc
    except ApiError as exc:
        info = exc.info if isinstance(exc.info, dict) else {}
        reason = _error_reason(info.get("error", exc.message))
        raise _translated(url, doing, exc.meta.status, reason, user_query) from exc


def check_answer(url: str, doing: str, resp: Mapping[str, Any], *, user_query: bool = False) -> None:
    """Raise for what a 200 answer can still hold: failed shards, or a failed part of a msearch."""
    for part in resp.get("responses", [resp]):
        if "error" in part:
            raise _translated(url, doing, part.get("status", 500), _error_reason(part["error"]), user_query)
        failures = part.get("_shards", {}).get("failures")
        if failures:
            raise IndexMoved(f"Elasticsearch at {url} could not read every shard while {doing}: "
                             f"{_error_reason(failures[0].get('reason'))}")
