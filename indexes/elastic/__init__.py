"""The Elasticsearch index backend (scale-out; same answers as the embedded SQLite index)."""

from indexes.elastic.backend import ElasticIndex
from indexes.elastic.client import ElasticOptions

__all__ = ["ElasticIndex", "ElasticOptions"]
