"""The reading side as the web application holds it: the index, the store and the entity directory.

The index is opened once for the application's life. SQLite connections to the store are one
per worker thread (FastAPI runs plain routes in a thread pool), opened on first use.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

from indexes.base import Index
from pipeline.store import Store
from web.config import WebOptions

DirectoryFactory = Callable[[Store], Any]


class Services:
    def __init__(self, options: WebOptions, index: Index, directory_factory: DirectoryFactory | None = None) -> None:
        self.options = options
        self.index = index
        self._directory_factory = directory_factory
        self._directory: Any = None
        self._local = threading.local()
        self._stores: list[Store] = []
        self._lock = threading.RLock()
        self.action_lock = threading.Lock()  # one state-changing action at a time

    def open(self) -> None:
        self.index.open()

    def close(self) -> None:
        self.index.close()
        with self._lock:
            for store in self._stores:
                store.close()
            self._stores.clear()

    def store(self) -> Store:
        store = getattr(self._local, "store", None)
        if store is None:
            store = Store.open(self.options.store_path)
            self._local.store = store
            with self._lock:
                self._stores.append(store)
        return store

    def source_names(self) -> dict[str, str]:
        """Source id → display name (a small table, read per request so new sources show at once)."""
        return {r[0]: r[1] or r[0] for r in self.store().conn.execute("SELECT id, name FROM sources")}

    def directory(self) -> Any:
        """The entity directory (registry + provisional entities), built once on first use."""
        if self._directory is None and self._directory_factory is not None:
            with self._lock:
                if self._directory is None:
                    self._directory = self._directory_factory(self.store())
        return self._directory
