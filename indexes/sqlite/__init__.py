"""The embedded SQLite-FTS5 index backend."""

from indexes.sqlite.index import SqliteIndex

__all__ = ["SqliteIndex"]
