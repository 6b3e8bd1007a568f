"""The embedded index: SQLite FTS5 files in the data folder, no server.

`rebuild()` fills a new version file beside the live one and swaps `CURRENT` atomically
(`indexes.sqlite.files`); every reader checks `CURRENT` before answering, so searches keep
working through a rebuild and move to the new version on their next call. Reads run side by
side, one connection per thread; writes one at a time.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from datetime import date
from pathlib import Path

from indexes.base import (
    ArticleDocument,
    CoMention,
    DocumentBatch,
    EntityCountsQuery,
    EntityDayCounts,
    IndexStats,
    IndexUnavailable,
    SearchQuery,
    SearchResult,
    StatementDocument,
    StatementQuery,
    StatementResult,
    StoryCount,
    TimelineBucket,
    TimelineQuery,
)
from indexes.sqlite.aggregates import Deltas
from indexes.sqlite.files import POINTER, Connections, VersionFiles
from indexes.sqlite.search import search
from indexes.sqlite.statements import search_statements
from indexes.sqlite.timelines import read_entity_counts, read_entity_stories, read_timeline
from indexes.sqlite.writes import remove, write


class SqliteIndex:
    """The `Index` contract over SQLite FTS5. Construction does no I/O; `open()` does."""

    name = "sqlite"

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self._files = VersionFiles(folder)
        self._conns = Connections(self._files)

    def open(self) -> None:
        with self._conns.write_lock:
            try:
                self.folder.mkdir(parents=True, exist_ok=True)
                if self._files.pointer() is None:
                    file = self._files.next_version()
                    self._files.create(file).close()
                    self._files.point_to(file)
                self._conns.reader()
            except (OSError, sqlite3.Error) as exc:
                raise IndexUnavailable(f"cannot open the SQLite index in {self.folder}: {exc}") from exc

    def close(self) -> None:
        self._conns.close()

    @contextmanager
    def _reading(self) -> Iterator[sqlite3.Connection]:
        try:
            yield self._conns.reader()
        except sqlite3.OperationalError as exc:
            raise IndexUnavailable(f"the SQLite index cannot answer: {exc}") from exc

    @contextmanager
    def _writing(self) -> Iterator[sqlite3.Connection]:
        """A transaction on the live version, one writer at a time."""
        with self._conns.write_lock, self._reading() as conn:
            conn.execute("BEGIN IMMEDIATE")
            try:
                yield conn
            except BaseException:
                conn.execute("ROLLBACK")
                raise
            conn.execute("COMMIT")

    # --------------------------------------------------------------- writes
    def index(self, articles: Sequence[ArticleDocument], statements: Sequence[StatementDocument]) -> list[str]:
        with self._writing() as conn:
            write(conn, articles, statements)
        return [a.id for a in articles]

    def delete(self, article_ids: Sequence[str]) -> list[str]:
        """Remove articles (and their statements); ids not in the index count as done."""
        with self._writing() as conn:
            deltas = Deltas()
            remove(conn, article_ids, deltas)
            deltas.apply(conn)
        return list(article_ids)

    def refresh(self) -> None:
        """Nothing to do: a committed write is visible at once."""

    def rebuild(self, batches: Iterable[DocumentBatch]) -> int:
        self.folder.mkdir(parents=True, exist_ok=True)
        file = self._files.next_version()
        conn = self._files.create(file)
        count = 0
        try:
            conn.execute("PRAGMA synchronous=OFF")  # a crashed rebuild is simply thrown away
            for articles, statements in batches:
                conn.execute("BEGIN")
                write(conn, articles, statements)
                conn.execute("COMMIT")
                count += len(articles)
            conn.execute("INSERT INTO docs_fts(docs_fts) VALUES ('optimize')")
            conn.execute("INSERT INTO statements_fts(statements_fts) VALUES ('optimize')")
            conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        except BaseException:
            conn.close()
            self._files.discard(file)
            raise
        conn.close()
        with self._conns.write_lock:
            previous = self._files.pointer()
            self._files.point_to(file)
        for old in self._files.versions():
            if old not in (file, previous):  # keep the previous one for readers still on it
                self._files.discard(old)
        return count

    def drop(self) -> None:
        self.close()
        for file in self._files.versions():
            self._files.discard(file)
        (self.folder / POINTER).unlink(missing_ok=True)

    # ---------------------------------------------------------------- reads
    def ids(self) -> set[str]:
        with self._reading() as conn:
            return {r[0] for r in conn.execute("SELECT id FROM docs")}

    def stats(self) -> IndexStats:
        with self._reading() as conn:
            articles = conn.execute("SELECT COUNT(*) FROM docs").fetchone()[0]
            statements = conn.execute("SELECT COUNT(*) FROM statements").fetchone()[0]
            return IndexStats(articles, statements, self.name, {"file": str(self.folder / self._files.live())})

    def search(self, query: SearchQuery) -> SearchResult:
        with self._reading() as conn:
            return search(conn, query)

    def statements(self, query: StatementQuery) -> StatementResult:
        with self._reading() as conn:
            return search_statements(conn, query)

    def timeline(self, query: TimelineQuery) -> list[TimelineBucket]:
        with self._reading() as conn:
            return read_timeline(conn, query)

    def entity_counts(self, query: EntityCountsQuery) -> list[EntityDayCounts]:
        with self._reading() as conn:
            return read_entity_counts(conn, query)

    def entity_stories(self, entity_id: str, date_from: date, date_to: date, limit: int = 5) -> list[StoryCount]:
        with self._reading() as conn:
            return read_entity_stories(conn, entity_id, date_from, date_to, limit)

    def co_mentions(self, entity_id: str, limit: int = 10) -> list[CoMention]:
        """From the all-time pair counts (`indexes.sqlite.aggregates`): a range of one entity's rows."""
        with self._reading() as conn:
            rows = conn.execute(
                "SELECT other_id, articles FROM entity_pairs WHERE entity_id = ? ORDER BY articles DESC, other_id "
                "LIMIT ?", (entity_id, limit)).fetchall()
        return [CoMention(r[0], r[1]) for r in rows]
