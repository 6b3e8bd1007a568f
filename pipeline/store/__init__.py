"""The store: SQLite in WAL mode, the system of record. Every write is an idempotent upsert."""

from pipeline.store.db import SCHEMA_VERSION, StoreError, connect, transaction
from pipeline.store.store import Store

__all__ = ["SCHEMA_VERSION", "Store", "StoreError", "connect", "transaction"]
