"""The run's flow against real local servers: healthy sources are analysed and indexed while a
slow host is still being waited on; a poll queues at most its cap, newest first; a feed
recovered from broken XML leaves its problem as the source's last error; `run --forever`'s
workers load once across cycles."""

from __future__ import annotations

import dataclasses
import threading
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from kabarchy.app import _parts, _run_cycle, run_once
from pipeline.store import Store
from tests.ingest.conftest import Site, make_settings, write_sources
from tests.support.misbehaving_server import MisbehavingServer, respond

MALFORMED = b"""<?xml version="1.0"?><rss version="2.0"><channel><title>x</title>
<item><title>Recovered</title><link>{base}/s0/news/ok.html</link></item>
<item><title>Broken & unescaped <b></item></channel>"""


def stages(settings, ids=None) -> dict[str, str]:  # type: ignore[no-untyped-def]
    with Store.open(settings.store_path) as store:
        rows = store.conn.execute("SELECT id, source_id, stage FROM articles").fetchall()
    return {r["id"]: (r["source_id"], r["stage"]) for r in rows}  # type: ignore[misc]


def test_healthy_sources_are_analysed_and_indexed_while_a_slow_host_is_pending(tmp_path: Path, site: Site) -> None:
    feeds = site.publish(6, sources=1)
    with MisbehavingServer() as slow_host:
        answered, release = threading.Event(), threading.Event()
        empty_feed = respond("<rss version='2.0'><channel/></rss>", content_type="application/rss+xml")

        def late(request):  # type: ignore[no-untyped-def]
            release.wait(60)  # holds the feed until the test has looked
            answered.set()
            return empty_feed(request)

        slow_host.route("/rss.xml", late)
        sources = write_sources(tmp_path / "sources.yaml", site.server.base_url, {"good": feeds})
        with open(sources, "a", encoding="utf-8") as f:
            f.write(f"- id: slow\n  name: Slow\n  homepage: {slow_host.base_url}/\n  languages: [ru]\n"
                    f"  kind: outlet\n  allow_private: true\n  feeds:\n    - {slow_host.url('/rss.xml')}\n")
        settings = make_settings(tmp_path, sources).replace(fetch_deadline_s=90.0, fetch_timeout_s=90.0)
        result = {}
        runner = threading.Thread(target=lambda: result.setdefault("report", run_once(settings)))
        runner.start()
        deadline = time.monotonic() + 60
        seen: dict[str, tuple[str, str]] = {}
        while time.monotonic() < deadline:
            if settings.store_path.exists():
                seen = stages(settings)
                with Store.open(settings.store_path) as store:
                    indexed = store.indexed_count(settings.index_backend)
                if len(seen) == 6 and all(stage == "analysed" for _, stage in seen.values()) and indexed == 6:
                    break
            time.sleep(0.2)
        assert not answered.is_set(), "the slow host answered before the healthy source was done"
        assert len(seen) == 6 and {stage for _, stage in seen.values()} == {"analysed"}
        assert runner.is_alive()  # the run is still waiting on the slow host
        release.set()
        runner.join(60)
    assert result["report"].analysed == 6 and result["report"].indexed == 6


def write_big_feed(site: Site, n: int) -> str:
    start = datetime(2025, 1, 1, tzinfo=UTC)
    items = []
    for i in range(n):
        when = (start + timedelta(minutes=i)).strftime("%a, %d %b %Y %H:%M:%S +0000")
        items.append(f"<item><title>Новость {i}</title><link>{site.server.base_url}/big/{i}.html</link>"
                     f"<pubDate>{when}</pubDate></item>")
    # shuffled order in the file: the cap must pick by date, not by position
    items = items[1::2] + items[0::2]
    site.server.route("/big.xml", respond(f"<rss version='2.0'><channel><title>big</title>{''.join(items)}"
                                          "</channel></rss>", content_type="application/rss+xml"))
    return "/big.xml"


def test_one_poll_queues_at_most_its_cap_newest_first_and_records_the_rest(tmp_path: Path, site: Site) -> None:
    feed = write_big_feed(site, 3000)
    settings = make_settings(tmp_path, write_sources(tmp_path / "s.yaml", site.server.base_url, {"big": [feed]}))
    settings = settings.replace(run_max_leads_per_poll=50, run_max_articles_per_source=1)
    report = run_once(settings)
    assert report.cycle.sources["big"].new_articles == 50
    assert report.cycle.sources["big"].dropped == 2950
    with Store.open(settings.store_path) as store:
        urls = {r["url"] for r in store.conn.execute("SELECT url FROM articles")}
        errors = [e["message"] for e in store.errors() if e["kind"] == "backlog_dropped"]
    assert urls == {f"{site.server.base_url}/big/{i}.html" for i in range(2950, 3000)}
    assert errors and "3000 new links in one poll; queued the newest 50, dropped 2950 older ones" in errors[0]


def test_a_feed_recovered_from_broken_xml_leaves_the_sources_last_error(tmp_path: Path, site: Site) -> None:
    site.server.route("/broken.xml", respond(MALFORMED.replace(b"{base}", site.server.base_url.encode()),
                                             content_type="application/rss+xml"))
    settings = make_settings(tmp_path, write_sources(tmp_path / "s.yaml", site.server.base_url,
                                                     {"broken": ["/broken.xml"]}))
    run_once(settings)
    with Store.open(settings.store_path) as store:
        health = {h["id"]: h for h in store.source_health()}
    assert health["broken"]["last_success"] and health["broken"]["last_error"]
    assert "/broken.xml" in health["broken"]["last_error"]


def test_forever_keeps_its_analysis_workers_between_cycles(tmp_path: Path, site: Site) -> None:
    feeds = site.publish(4, sources=1)
    settings = make_settings(tmp_path, write_sources(tmp_path / "s.yaml", site.server.base_url, {"a": feeds}))
    events: dict[str, int] = {}

    def progress(event: str, amount: int) -> None:
        events[event] = events.get(event, 0) + amount

    with _parts(settings) as parts:
        first = _run_cycle(settings, parts, sources_path=None, all_sources=True, progress=progress,
                           stop=lambda: False)
        # progress is reported for analysis and indexing too, not only for fetching
        assert events["extracted"] == events["analysed"] == events["indexed"] == 4
        site.publish(8, sources=1)  # four more articles in the feed
        second = _run_cycle(settings, parts, sources_path=None, all_sources=True, progress=None, stop=lambda: False)
        assert (first.analysed, second.analysed) == (4, 4)
        assert parts.analysis.starts == 1  # loaded once, used by both cycles
        # A registry change is picked up: the workers restart with the new file.
        changed = tmp_path / "entities.yaml"
        changed.write_text(settings.entities.read_text(encoding="utf-8") + "\n# edited\n", encoding="utf-8")
        parts.analysis.registry_path = changed
        site.publish(10, sources=1)
        third = _run_cycle(dataclasses.replace(settings, entities=changed), parts, sources_path=None,
                           all_sources=True, progress=None, stop=lambda: False)
        assert third.analysed == 2 and parts.analysis.starts == 2
