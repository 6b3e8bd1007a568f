"""Instant alerts through the run loop's hook: once per new statement by a watched entity."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from datetime import datetime, timezone
from pathlib import Path

import pytest

from kabarchy.backends import make_index
from kabarchy.digests import after_cycle
from indexes.dates import bishkek_day
from kabarchy.settings import Settings
from pipeline.store import Store
from tests.digest.conftest import Clock
from tests.digest.smtp_server import Handler
from tests.digest.world import build, load_day, quiet_weeks

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")

NEW = {
    "id": "g-new", "source": "site-aki", "lang": "ru", "published": "2024-03-12T11:00:00+00:00",
    "title": "ГКНБ сообщил о задержании курьеров мошенников",
    "text": "Пресс-служба ГКНБ сообщила, что в столице задержаны двое курьеров, которые забирали наличные у "
            "пожилых людей. Ведомство напоминает, что сотрудники банков не приезжают за деньгами домой.",
    "mentions": [["body:gknb", "ГКНБ"]],
    "statements": [{"speaker": "body:gknb", "surface": "Пресс-служба ГКНБ", "post": "",
                    "text": "в столице задержаны двое курьеров", "kind": "indirect", "cue": "сообщила"}],
}


def add(settings: Settings, articles: list[dict]) -> None:
    index = make_index(settings)
    index.open()
    try:
        with Store.open(settings.store_path) as store:
            corpus = load_day()
            corpus["articles"] = articles
            build(store, index, corpus)
    finally:
        index.close()


def test_an_alert_fires_once_per_new_statement_by_a_watched_entity(
        tmp_path: Path, settings: Settings, smtp_server: tuple[Handler, int]) -> None:
    handler, port = smtp_server
    subs = tmp_path / "subscriptions.yaml"
    subs.write_text("subscribers:\n  - email: watcher@example.org\n    frequency: instant\n    entities: [ГКНБ]\n"
                    "  - email: other@example.org\n    frequency: instant\n    entities: [Ата Мекен]\n",
                    encoding="utf-8")
    settings = settings.replace(index_backend="sqlite", smtp_host="127.0.0.1", smtp_port=port, smtp_security="none",
                                digest_subscriptions=subs, digest_hour=23)
    corpus = load_day()
    add(settings, corpus["articles"] + quiet_weeks(datetime(2024, 3, 12, 4, tzinfo=timezone.utc)))
    clock = Clock()
    clock.now = datetime(2024, 3, 12, 12, 0, tzinfo=timezone.utc)  # 18:00 in Bishkek, before the daily hour

    after_cycle(settings, clock)
    watcher = [r.message for r in handler.received if r.recipients == ["watcher@example.org"]]
    assert len(watcher) == 1 and len(handler.received) == 2  # each watcher once
    first = watcher[0].get_body(("plain",)).get_content()
    assert "сотрудники ведомства выявили группу телефонных мошенников" in first
    assert "ГКНБ предупредил о телефонных мошенниках" in first
    assert "Каждый бюллетень" not in first  # not what this reader watches
    assert watcher[0]["Subject"].startswith("Kabarchy — оповещение: ")

    clock.advance(minutes=10)
    after_cycle(settings, clock)
    assert len(handler.received) == 2  # nothing new: nothing sent

    add(settings, [NEW])
    clock.advance(minutes=10)
    after_cycle(settings, clock)
    assert len(handler.received) == 3
    second = handler.received[-1]
    assert second.recipients == ["watcher@example.org"]
    text = second.message.get_body(("plain",)).get_content()
    assert "в столице задержаны двое курьеров" in text
    assert "выявили группу телефонных мошенников" not in text  # already alerted
    assert second.message["Message-ID"] != watcher[0]["Message-ID"]

    clock.advance(minutes=10)
    after_cycle(settings, clock)
    assert len(handler.received) == 3


def test_the_daily_digest_goes_once_after_its_hour(tmp_path: Path, settings: Settings,
                                                  smtp_server: tuple[Handler, int]) -> None:
    handler, port = smtp_server
    subs = tmp_path / "subscriptions.yaml"
    subs.write_text("subscribers:\n  - email: daily@example.org\n    language: ky\n", encoding="utf-8")
    settings = settings.replace(index_backend="sqlite", smtp_host="127.0.0.1", smtp_port=port, smtp_security="none",
                                digest_subscriptions=subs, digest_hour=7)
    add(settings, load_day()["articles"])
    clock = Clock()
    clock.now = datetime(2024, 3, 13, 0, 30, tzinfo=timezone.utc)  # 06:30 in Bishkek: not yet
    after_cycle(settings, clock)
    assert handler.received == []
    clock.now = datetime(2024, 3, 13, 1, 5, tzinfo=timezone.utc)  # 07:05: yesterday's digest goes
    after_cycle(settings, clock)
    clock.advance(hours=3)
    after_cycle(settings, clock)
    [got] = handler.received
    assert got.message["Subject"] == "Kabarchy: дайджест, 2024-ж., 12-март"
    assert "БШК жергиликтүү шайлоо" in got.message.get_body(("plain",)).get_content()


def test_run_forever_sends_an_alert_after_a_cycle_and_only_once(
        tmp_path: Path, settings: Settings, smtp_server: tuple[Handler, int]) -> None:
    """The hook in `kabarchy run --forever`: the fixture day moved to today, an instant subscriber."""
    handler, port = smtp_server
    today = bishkek_day(datetime.now(timezone.utc))
    corpus = load_day()
    moved = [{**a, "published": a["published"].replace(year=today.year, month=today.month, day=today.day)}
             for a in corpus["articles"] if a["published"].date() == datetime(2024, 3, 12).date()]
    settings = settings.replace(index_backend="sqlite")
    add(settings, moved)
    (tmp_path / "subscriptions.yaml").write_text(
        "subscribers:\n  - email: watcher@example.org\n    frequency: instant\n    entities: [ГКНБ]\n", encoding="utf-8")
    (tmp_path / "sources.yaml").write_text("sources: []\n", encoding="utf-8")
    conf = tmp_path / "settings.toml"
    repo = Path(__file__).resolve().parents[2] / "config"
    conf.write_text(f'data_dir = "{settings.data_dir}"\nsources = "sources.yaml"\nentities = "{repo}/entities.yaml"\n'
                    f'[digest]\nsubscriptions = "subscriptions.yaml"\nhour = 23\n'
                    f'[smtp]\nhost = "127.0.0.1"\nport = {port}\nsecurity = "none"\n', encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[2])}
    proc = subprocess.Popen([sys.executable, "-m", "kabarchy.cli", "--config", str(conf), "run", "--forever"],
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, env=env, start_new_session=True)
    try:
        deadline = time.monotonic() + 240
        while not handler.received and time.monotonic() < deadline and proc.poll() is None:
            time.sleep(0.5)
        time.sleep(15)  # more cycles come and go: nothing new, nothing sent
    finally:
        proc.send_signal(signal.SIGTERM)
        out, _ = proc.communicate(timeout=120)
    log = out.decode(errors="replace")
    assert [r.recipients for r in handler.received] == [["watcher@example.org"]], log[-3000:]
    assert "выявили группу телефонных мошенников" in handler.received[0].message.get_body(("plain",)).get_content()
    assert log.count("cycle done") >= 2, log[-3000:]
    assert proc.returncode == 0
