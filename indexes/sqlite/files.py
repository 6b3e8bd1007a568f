"""The embedded index's version files and the connections to them.

Each version is its own file (`fts-0001.sqlite`, ...); the file named in `CURRENT` is live.
A rebuild fills a new version beside it and replaces `CURRENT` atomically (os.replace).

Reads run side by side: every thread keeps its own read connection (WAL lets readers proceed
while the one writer writes, and sqlite3 releases the GIL while a statement runs), reopened
when `CURRENT` names another file. Writes go through one connection under a lock.
"""

from __future__ import annotations

import os
import re
import sqlite3
import threading
from pathlib import Path

from indexes.base import IndexUnavailable
from indexes.sqlite.schema import DDL, SCHEMA_VERSION

POINTER = "CURRENT"
_VERSION_RE = re.compile(r"^fts-(\d{4,})\.sqlite$")


def connect(path: Path) -> sqlite3.Connection:
    conn = sqlite3.connect(path, timeout=30, isolation_level=None, check_same_thread=False)
    conn.row_factory = sqlite3.Row
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("PRAGMA synchronous=NORMAL")
    conn.execute("PRAGMA temp_store=MEMORY")
    conn.execute("PRAGMA cache_size=-16384")  # 16 MiB per connection: one per reading thread
    conn.execute("PRAGMA mmap_size=1073741824")  # readers share the OS page cache instead of copying pages
    return conn


class VersionFiles:
    """The folder of version files: which is live, creating, pointing and discarding."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def pointer(self) -> str | None:
        try:
            return (self.folder / POINTER).read_text(encoding="utf-8").strip() or None
        except FileNotFoundError:
            return None

    def versions(self) -> list[str]:
        if not self.folder.exists():
            return []
        return sorted((p.name for p in self.folder.iterdir() if _VERSION_RE.match(p.name)),
                      key=lambda n: int(_VERSION_RE.match(n).group(1)))  # type: ignore[union-attr]

    def next_version(self) -> str:
        versions = self.versions()
        last = int(_VERSION_RE.match(versions[-1]).group(1)) if versions else 0  # type: ignore[union-attr]
        return f"fts-{last + 1:04d}.sqlite"

    def create(self, file: str) -> sqlite3.Connection:
        conn = connect(self.folder / file)
        conn.executescript(DDL)
        conn.execute("INSERT OR REPLACE INTO meta(key, value) VALUES ('schema', ?)", (SCHEMA_VERSION,))
        return conn

    def point_to(self, file: str) -> None:
        tmp = self.folder / f"{POINTER}.tmp"
        tmp.write_text(file + "\n", encoding="utf-8")
        os.replace(tmp, self.folder / POINTER)

    def discard(self, file: str) -> None:
        for suffix in ("", "-wal", "-shm"):
            (self.folder / (file + suffix)).unlink(missing_ok=True)

    def live(self) -> str:
        file = self.pointer()
        if file is None:
            raise IndexUnavailable(f"no SQLite index in {self.folder} (run `kabarchy reindex`)")
        return file

    def check_schema(self, conn: sqlite3.Connection) -> None:
        """An index file written by an older build lacks tables this one keeps up to date."""
        row = conn.execute("SELECT value FROM meta WHERE key = 'schema'").fetchone()
        if row is None or row[0] != SCHEMA_VERSION:
            found = row[0] if row else "unknown"
            raise IndexUnavailable(f"the SQLite index in {self.folder} has schema {found}; this version needs "
                                   f"{SCHEMA_VERSION}: run `kabarchy reindex` to rebuild it from the store")


class Connections:
    """One connection per thread, each following `CURRENT`; writes one at a time."""

    def __init__(self, files: VersionFiles) -> None:
        self.files = files
        self._local = threading.local()
        self._all: list[sqlite3.Connection] = []
        self._checked: set[str] = set()  # version files whose schema was checked
        self._guard = threading.Lock()
        self.write_lock = threading.RLock()

    def _current(self, slot: str) -> sqlite3.Connection:
        file = self.files.live()
        held: tuple[str, sqlite3.Connection] | None = getattr(self._local, slot, None)
        if held is not None and held[0] == file:
            return held[1]
        if held is not None:
            self._forget(held[1])
        conn = connect(self.files.folder / file)
        with self._guard:
            self._all.append(conn)
            checked = file in self._checked
        if not checked:  # once per version file; a rebuild never needs it
            try:
                self.files.check_schema(conn)
            except IndexUnavailable:
                self._forget(conn)
                raise
            with self._guard:
                self._checked.add(file)
        setattr(self._local, slot, (file, conn))
        return conn

    def reader(self) -> sqlite3.Connection:
        """The calling thread's connection (writers use theirs too, holding `write_lock`)."""
        return self._current("conn")

    def _forget(self, conn: sqlite3.Connection) -> None:
        conn.close()
        with self._guard:
            if conn in self._all:
                self._all.remove(conn)

    def close(self) -> None:
        with self._guard:
            conns, self._all = self._all, []
            self._checked.clear()
        for conn in conns:
            conn.close()
        self._local = threading.local()
