"""The store: migrations, idempotent upserts, retry bookkeeping, outbox acknowledgement."""

from __future__ import annotations

import sqlite3
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from pipeline.records import Analysis, ExtractedArticle, FeedEntry, FetchResult, Mention, SourceConfig, Statement
from pipeline.store import SCHEMA_VERSION, Store, StoreError
from pipeline.store.db import migrate
from pipeline.store.failures import MAX_ATTEMPTS
from pipeline.store.store import entry_from_json

BISHKEK = timezone(timedelta(hours=6))
SOURCE = SourceConfig(id="s1", name="Test", homepage="http://127.0.0.1/", languages=("ru",), kind="outlet",
                      feeds=("http://127.0.0.1/rss",))


def entry(url: str = "http://127.0.0.1/a/1", title: str = "Заголовок") -> FeedEntry:
    return FeedEntry(source_id="s1", url=url, found_in="http://127.0.0.1/rss", title=title,
                     published=datetime(2021, 11, 29, 10, 0, tzinfo=BISHKEK), tags=("выборы",))


@pytest.fixture
def store(tmp_path: Path) -> Store:
    s = Store.open(tmp_path / "k.sqlite")
    s.sync_sources([SOURCE])
    yield s
    s.close()


def test_migrations_apply_once_and_record_version(tmp_path: Path) -> None:
    s = Store.open(tmp_path / "k.sqlite")
    assert s.conn.execute("SELECT COUNT(*) FROM schema_migrations").fetchone()[0] == SCHEMA_VERSION
    assert migrate(s.conn) == []  # nothing pending the second time
    assert s.conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    s.close()


def test_store_from_a_newer_version_is_refused(tmp_path: Path) -> None:
    s = Store.open(tmp_path / "k.sqlite")
    s.conn.execute("INSERT INTO schema_migrations VALUES ('9999_future', '2030-01-01')")
    s.close()
    with pytest.raises(StoreError, match="9999_future"):
        Store.open(tmp_path / "k.sqlite")


def test_discover_is_idempotent_and_keeps_the_entry(store: Store) -> None:
    assert store.discover("a1", entry()) is True
    assert store.discover("a1", entry(title="другой")) is False
    row = store.article_row("a1")
    assert row["stage"] == "discovered" and row["title"] == "Заголовок"
    back = entry_from_json(row["entry_json"])
    assert back == entry()


def test_stages_advance_and_extracted_article_round_trips(store: Store) -> None:
    store.discover("a1", entry())
    fetch = FetchResult(url="http://127.0.0.1/a/1", final_url="http://127.0.0.1/a/1", status=200,
                        headers={}, body=b"<html/>", encoding="utf-8",
                        fetched_at=datetime(2021, 11, 29, 5, tzinfo=timezone.utc))
    store.save_fetch("a1", fetch, "f.warc.gz", 0)
    assert store.article_row("a1")["stage"] == "fetched"
    art = ExtractedArticle(title="ЦИК подвела итоги", text="Текст", published=datetime(2021, 11, 29, 1, tzinfo=BISHKEK),
                           language="ru", content_hash="h1")
    store.save_extracted("a1", art, "цик подвела итоги")
    row = store.article_row("a1")
    assert row["stage"] == "extracted"
    # 01:00 in Bishkek is the previous evening in UTC: ranges use UTC, display keeps the offset
    assert row["published"] == "2021-11-29T01:00:00+06:00"
    assert row["published_utc"] == "2021-11-28T19:00:00+00:00"


def test_failures_back_off_and_give_up_after_max_attempts(store: Store) -> None:
    store.discover("a1", entry())
    now = datetime(2026, 1, 1, tzinfo=timezone.utc)
    store.record_failure("a1", "fetch", "http_500", "server error", now=now)
    row = store.article_row("a1")
    assert row["attempts"] == 1 and row["stage"] == "discovered"
    assert store.pending("discovered", now=now) == []  # backing off
    assert [r["id"] for r in store.pending("discovered", now=now + timedelta(hours=1))] == ["a1"]
    for _ in range(MAX_ATTEMPTS - 1):
        store.record_failure("a1", "fetch", "http_500", "server error", now=now)
    assert store.article_row("a1")["stage"] == "failed"
    errors = store.errors("s1")
    assert len(errors) == MAX_ATTEMPTS and errors[0]["kind"] == "http_500" and errors[0]["article_id"] == "a1"


def test_non_retryable_failure_fails_at_once(store: Store) -> None:
    store.discover("a1", entry())
    store.record_failure("a1", "fetch", "robots_disallowed", "disallowed", retryable=False)
    assert store.article_row("a1")["stage"] == "failed"


def test_title_duplicates_only_within_a_week_and_the_same_source(store: Store) -> None:
    day = datetime(2021, 11, 29, 10, tzinfo=BISHKEK)
    for aid, when in (("a1", day), ("a2", day + timedelta(days=3)), ("a3", day + timedelta(days=30))):
        store.discover(aid, entry(url=f"http://127.0.0.1/{aid}"))
        dup = store.find_title_duplicate("s1", "итоги", when, exclude_id=aid)
        store.save_extracted(aid, ExtractedArticle(title="Итоги", text=aid, published=when), "итоги", duplicate_of=dup)
    assert store.article_row("a1")["duplicate_of"] is None
    assert store.article_row("a2")["duplicate_of"] == "a1"
    assert store.article_row("a3")["duplicate_of"] is None
    assert store.find_title_duplicate("other", "итоги", day, exclude_id="x") is None


def test_analysis_replaces_mentions_and_statements(store: Store) -> None:
    store.discover("a1", entry())
    m = Mention("body:cec", "body", "ЦИК", "ЦИКа", 0, 4, 0, "registry")
    st = Statement("body:cec", "ЦИК", "", "итоги утверждены", "indirect", "сообщил", 10, 26)
    store.save_analysis("a1", Analysis(mentions=(m, m), statements=(st,), analyzer_version="t1"))
    store.save_analysis("a1", Analysis(mentions=(m,), statements=(st,), analyzer_version="t2"))
    assert store.mentions("a1") == [m]
    assert store.statements("a1") == [st]
    row = store.article_row("a1")
    assert row["stage"] == "analysed" and row["analyzer_version"] == "t2"


def test_outbox_ack_keeps_rows_requeued_after_they_were_read(store: Store) -> None:
    store.enqueue_index("sqlite", ["a1", "a2"])
    rows = store.outbox("sqlite")
    store.conn.execute("UPDATE index_outbox SET queued_at='2099-01-01' WHERE article_id='a2'")  # re-queued meanwhile
    store.ack_indexed("sqlite", [(r["article_id"], r["op"], r["queued_at"]) for r in rows])
    # both were indexed, but a2's newer version still waits for the next round
    assert [r["article_id"] for r in store.outbox("sqlite")] == ["a2"]
    assert store.indexed_count("sqlite") == 2


def test_source_health_reports_errors_and_counts(store: Store) -> None:
    store.record_endpoint("http://127.0.0.1/rss", "s1", "feed", status=500, error="http_error: 500")
    store.finish_source_run("s1", ok=False, interval_s=600, error="http_error: 500")
    (h,) = store.source_health()
    assert h["id"] == "s1" and h["consecutive_failures"] == 1
    assert h["failing_endpoints"] == ["http://127.0.0.1/rss: http_error: 500"]


def test_concurrent_connections_see_committed_writes(tmp_path: Path) -> None:
    a = Store.open(tmp_path / "k.sqlite")
    a.sync_sources([SOURCE])
    a.discover("a1", entry())
    b = sqlite3.connect(tmp_path / "k.sqlite")
    assert b.execute("SELECT COUNT(*) FROM articles").fetchone()[0] == 1
    b.close()
    a.close()


def test_pending_ids_are_the_pending_articles_without_their_texts(store: Store) -> None:
    for i in range(3):
        store.discover(f"a{i}", entry(url=f"http://127.0.0.1/{i}"))
    store.record_failure("a1", "fetch", "http_500", "server error")  # backing off: not pending now
    assert store.pending_ids("discovered") == [r["id"] for r in store.pending("discovered")] == ["a0", "a2"]
    assert [r["id"] for r in store.pending("discovered", source_id="s1", limit=1)] == ["a0"]



def test_a_store_created_by_another_process_meanwhile_is_not_migrated_twice(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A reading command started while the first run creates the store: it read the applied
    migrations, then the run applied them before it got the write lock."""
    import sqlite3 as sql

    from pipeline.store import db

    path = tmp_path / "kabarchy.sqlite"
    other = sql.connect(path, isolation_level=None)
    real_transaction = db.transaction
    raced = []

    def the_other_process_wins(conn):  # type: ignore[no-untyped-def]
        if not raced:
            raced.append(True)
            db.migrate(other)  # finishes every migration first
        return real_transaction(conn)

    monkeypatch.setattr(db, "transaction", the_other_process_wins)
    with Store.open(path) as store:
        assert raced and store.count_by_stage() == {}
