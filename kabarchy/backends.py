"""The index backends by name: an explicit registry, filled here and nowhere else.

Adding a backend is one line in `INDEX_BACKENDS` (name → factory taking `Settings`). A factory
does no I/O; a backend refuses to start by raising `IndexUnavailable` with a clear reason from
its factory (missing configuration) or its `open()` (server unreachable).
"""

from __future__ import annotations

from collections.abc import Callable

from indexes.base import Index, IndexUnavailable
from kabarchy.settings import Settings

BackendFactory = Callable[[Settings], Index]


def _sqlite(settings: Settings) -> Index:
    from indexes.sqlite import SqliteIndex

    return SqliteIndex(settings.index_dir)


def _elasticsearch(settings: Settings) -> Index:
    from indexes.elastic import ElasticIndex, ElasticOptions

    return ElasticIndex(ElasticOptions(
        url=settings.elasticsearch_url, api_key=settings.elasticsearch_api_key,
        username=settings.elasticsearch_username, password=settings.elasticsearch_password,
        verify_certs=settings.elasticsearch_verify_certs, ca_file=settings.elasticsearch_ca_file,
        request_timeout_s=settings.elasticsearch_request_timeout_s, index_prefix=settings.elasticsearch_index_prefix,
        number_of_shards=settings.elasticsearch_number_of_shards,
        number_of_replicas=settings.elasticsearch_number_of_replicas,
    ))


INDEX_BACKENDS: dict[str, BackendFactory] = {
    "sqlite": _sqlite,
    "elasticsearch": _elasticsearch,
}


def make_index(settings: Settings, name: str | None = None) -> Index:
    """The configured (or named) backend, not yet opened."""
    name = name or settings.index_backend
    factory = INDEX_BACKENDS.get(name)
    if factory is None:
        known = ", ".join(sorted(INDEX_BACKENDS))
        raise IndexUnavailable(f"index backend {name!r} is not available in this build (known: {known})")
    return factory(settings)
