"""The ingest spine end to end against a real local site: store, dedup, errors, retries, restarts."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

from kabarchy.app import run_once
from pipeline.store import Store
from tests.ingest.conftest import Site, make_settings, write_sources
from tests.support.misbehaving_server import fail_then, respond

MALFORMED = b"""<?xml version="1.0"?><rss version="2.0"><channel><title>x</title>
<item><title>Recovered</title><link>{base}/s0/news/ok.html</link></item>
<item><title>Broken & unescaped <b></item></channel>"""


def stored(settings) -> list[sqlite3.Row]:  # type: ignore[no-untyped-def]
    with Store.open(settings.store_path) as store:
        return list(store.iter_articles(stages=("extracted", "analysed")))


def test_one_run_stores_every_article_once_and_a_second_run_adds_nothing(tmp_path: Path, site: Site) -> None:
    feeds = site.publish(30)
    sources = write_sources(tmp_path / "sources.yaml", site.server.base_url, {"a": feeds[:1], "b": feeds[1:]})
    settings = make_settings(tmp_path, sources)
    first = run_once(settings)
    assert first.cycle.total("extracted") == 30 and first.cycle.total("failed") == 0
    rows = stored(settings)
    assert len(rows) == 30 and len({r["url"] for r in rows}) == 30
    assert {r["language"] for r in rows} == {"ru", "ky"}
    assert all(r["text"] and "Top.Mail.Ru" not in r["text"] and r["published"] for r in rows)
    second = run_once(settings, all_sources=True)
    assert second.cycle.total("new_articles") == 0 and len(stored(settings)) == 30
    # the second poll of each feed was conditional and answered 304
    feed_requests = [r for r in site.server.requests if r.path.endswith("rss.xml")]
    assert any("if-none-match" in r.headers or "if-modified-since" in r.headers for r in feed_requests[2:])
    # every fetched page is in the WARC archive
    assert list(settings.archive_dir.glob("*.warc.gz"))


def test_broken_sources_are_recorded_and_the_run_goes_on(tmp_path: Path, site: Site) -> None:
    feeds = site.publish(10, sources=1)
    site.server.route("/broken.xml", respond(MALFORMED.replace(b"{base}", site.server.base_url.encode()),
                                             content_type="application/rss+xml"))
    site.server.route("/down.xml", fail_then(100, respond(b"")))
    sources = write_sources(tmp_path / "sources.yaml", site.server.base_url,
                            {"good": feeds, "broken": ["/broken.xml"], "down": ["/down.xml"]})
    with open(sources, "a", encoding="utf-8") as f:  # and a malformed entry in the config
        f.write("- id: nofeeds\n  name: No feeds\n  homepage: notaurl\n  kind: outlet\n")
    settings = make_settings(tmp_path, sources)
    report = run_once(settings)
    assert report.cycle.sources["good"].extracted == 10
    assert report.cycle.sources["down"].endpoints_failed == 1
    assert report.config_problems and "nofeeds" in " ".join(report.config_problems)
    with Store.open(settings.store_path) as store:
        health = {h["id"]: h for h in store.source_health()}
        assert health["down"]["last_error"] and health["down"]["consecutive_failures"] == 1
        assert health["good"]["last_error"] is None
        kinds = {(e["source_id"], e["stage"]) for e in store.errors()}
    assert ("broken", "feed") in kinds and ("down", "feed") in kinds and ("nofeeds", "config") in kinds


def test_url_variants_of_one_article_are_stored_once(tmp_path: Path, site: Site) -> None:
    site.publish(3, sources=1)
    page = next((site.root / "s0").rglob("0.html")).relative_to(site.root).as_posix()
    base = site.server.base_url
    variants = [f"{base}/{page}", f"{base}/{page}?utm_source=tg&utm_medium=social", f"{base}/{page}/",
                f"{base}/{page}#comments"]
    items = "".join(f"<item><title>Один</title><link>{v.replace('&', '&amp;')}</link></item>" for v in variants)
    site.server.route("/variants.xml", respond(f'<rss version="2.0"><channel><title>v</title>{items}</channel></rss>'
                                               .encode(), content_type="application/rss+xml"))
    settings = make_settings(tmp_path, write_sources(tmp_path / "s.yaml", base, {"v": ["/variants.xml"]}))
    run_once(settings)
    assert len(stored(settings)) == 1


def test_a_failed_page_is_retried_by_the_next_run(tmp_path: Path, site: Site) -> None:
    feeds = site.publish(4, sources=1)
    page = "/" + next((site.root / "s0").rglob("1.html")).relative_to(site.root).as_posix()
    good = (site.root / page.lstrip("/")).read_bytes()
    site.server.route(page, fail_then(4, respond(good)))  # two runs' worth of 500s (retries=1)
    settings = make_settings(tmp_path, write_sources(tmp_path / "s.yaml", site.server.base_url, {"r": feeds}))
    run_once(settings)
    assert len(stored(settings)) == 3
    with Store.open(settings.store_path) as store:
        (row,) = [r for r in store.pending("discovered", now=_far_future())]
        assert row["attempts"] == 1 and "http" in row["last_error"]
        store.conn.execute("UPDATE articles SET next_retry=NULL")  # the backoff has passed
    run_once(settings)
    with Store.open(settings.store_path) as store:
        store.conn.execute("UPDATE articles SET next_retry=NULL")
    run_once(settings)
    assert len(stored(settings)) == 4


def _far_future():  # type: ignore[no-untyped-def]
    from datetime import datetime, timezone

    return datetime(2100, 1, 1, tzinfo=timezone.utc)


def _kabarchy(settings_file: Path, *args: str) -> subprocess.Popen[bytes]:
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[2])}
    # its own session, so a kill can take the whole process group (pool workers included)
    return subprocess.Popen([sys.executable, "-m", "kabarchy.cli", "--config", str(settings_file), *args],
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, env=env, start_new_session=True)


def test_sigkill_mid_run_then_rerun_stores_every_article_exactly_once(tmp_path: Path, site: Site) -> None:
    n = 300
    feeds = site.publish(n, sources=3)
    settings = make_settings(tmp_path, write_sources(tmp_path / "s.yaml", site.server.base_url,
                                                     {f"k{i}": [f] for i, f in enumerate(feeds)}))
    proc = _kabarchy(settings.config_file, "run", "--all")
    deadline = time.monotonic() + 120
    count = 0
    while time.monotonic() < deadline and proc.poll() is None:
        time.sleep(0.05)  # ingest stores ~10 articles per 50 ms here: the kill lands mid-run
        if settings.store_path.exists():
            with sqlite3.connect(settings.store_path, timeout=30) as db:
                try:
                    count = db.execute("SELECT COUNT(*) FROM articles WHERE stage IN ('extracted','analysed')").fetchone()[0]
                except sqlite3.OperationalError:
                    continue
            if count >= 40:
                break
    assert proc.poll() is None, "the run finished before it could be killed; make the site bigger"
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait()
    assert 40 <= count < n
    rerun = _kabarchy(settings.config_file, "run", "--all")
    out, _ = rerun.communicate(timeout=600)
    assert rerun.returncode == 0, out.decode(errors="replace")[-3000:]
    with sqlite3.connect(settings.store_path) as db:
        rows = db.execute("SELECT id, url, stage FROM articles").fetchall()
    assert len(rows) == n
    assert len({r[1] for r in rows}) == n
    assert {r[2] for r in rows} <= {"extracted", "analysed"}


def test_run_forever_stops_cleanly_on_sigterm(tmp_path: Path, site: Site) -> None:
    feeds = site.publish(5, sources=1)
    settings = make_settings(tmp_path, write_sources(tmp_path / "s.yaml", site.server.base_url, {"f": feeds}))
    proc = _kabarchy(settings.config_file, "run", "--forever")
    deadline = time.monotonic() + 180
    while time.monotonic() < deadline:
        time.sleep(0.5)
        if settings.store_path.exists():
            with sqlite3.connect(settings.store_path, timeout=30) as db:
                try:
                    if db.execute("SELECT COUNT(*) FROM sources WHERE last_success IS NOT NULL").fetchone()[0]:
                        break
                except sqlite3.OperationalError:
                    pass
    proc.send_signal(signal.SIGTERM)
    out, _ = proc.communicate(timeout=60)
    assert proc.returncode == 0, out.decode(errors="replace")[-3000:]
    assert b"stopped" in out


def test_an_interrupted_article_is_re_extracted_from_the_warc_archive(tmp_path: Path, site: Site) -> None:
    feeds = site.publish(3, sources=1)
    settings = make_settings(tmp_path, write_sources(tmp_path / "s.yaml", site.server.base_url, {"w": feeds}))
    run_once(settings)
    with Store.open(settings.store_path) as store:
        row = stored(settings)[0]
        title = row["title"]
        # as if the last run died after archiving the page, before extracting it
        store.conn.execute("UPDATE articles SET stage='fetched', text=NULL, title=NULL WHERE id=?", (row["id"],))
    for page in (site.root / "s0").rglob("*.html"):
        page.unlink()  # the site no longer has it: only the archive does
    run_once(settings)
    with Store.open(settings.store_path) as store:
        again = store.article_row(row["id"])
    assert again["stage"] in ("extracted", "analysed") and again["title"] == title and again["text"]


def test_export_into_a_closed_pipe_ends_quietly(tmp_path: Path, site: Site) -> None:
    feeds = site.publish(40, sources=1)  # well over a pipe's 64 KB buffer of JSON
    settings = make_settings(tmp_path, write_sources(tmp_path / "s.yaml", site.server.base_url, {"e": feeds}))
    run_once(settings)
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[2])}
    shell = f"{sys.executable} -m kabarchy.cli --config {settings.config_file} export | head -c 10"
    done = subprocess.run(["bash", "-o", "pipefail", "-c", shell], capture_output=True, env=env, timeout=120)
    assert done.returncode == 0 and b"Traceback" not in done.stderr, done.stderr.decode()[-2000:]
    assert done.stdout.startswith(b'{"id": "')


def test_a_source_fetches_at_most_its_cap_per_run_and_the_rest_next_run(tmp_path: Path, site: Site) -> None:
    feeds = site.publish(12, sources=1)
    settings = make_settings(tmp_path, write_sources(tmp_path / "s.yaml", site.server.base_url, {"c": feeds}))
    settings = settings.replace(run_max_articles_per_source=5)
    first = run_once(settings)
    assert first.cycle.sources["c"].fetched == 5 and len(stored(settings)) == 5
    run_once(settings, all_sources=True)
    run_once(settings, all_sources=True)
    assert len(stored(settings)) == 12
