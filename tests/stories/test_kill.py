"""A story run killed with SIGKILL in the middle loses nothing: run again, it gives the stories
one uninterrupted run gives."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path

from pipeline.store import Store
from pipeline.stories.stage import StoryStage
from tests.stories.conftest import SOURCES, add_article

REPO = Path(__file__).resolve().parents[2]
B = timezone(timedelta(hours=6))
RUN = """
import sys
from pipeline.store import Store
from pipeline.stories.attribution import Attributions
from pipeline.stories.matching import StoryParams
from pipeline.stories.stage import StoryStage
from tests.stories.conftest import SOURCES
from pathlib import Path
with Store.open(Path(sys.argv[1])) as store:
    StoryStage(StoryParams(), Attributions.from_sources(SOURCES)).run(store)
"""
TOPICS = ["ЦИК утвердил итоги выборов в городской кенеш, явка составила {n} процента.",
          "Мэрия Бишкека открыла парк, высажено {n} деревьев на юге столицы.",
          "МЧС сообщило о сходе селя, повреждены {n} домов в Сузакском районе.",
          "Нацбанк провел интервенцию и продал {n} млн долларов на торгах."]


def _fill(store: Store, n: int) -> None:
    store.sync_sources(SOURCES)
    start = datetime(2023, 10, 2, 9, 0, tzinfo=B)
    for i in range(n):
        topic = TOPICS[i % 4].format(n=10 + i // 12)  # a new event every 12 articles per topic
        add_article(store, f"k{i:03d}", SOURCES[i % 5].id, "ru", topic[:40], f"{topic} Подробности позже.",
                    start + timedelta(minutes=7 * i), ("body:cec",) if i % 4 == 0 else ())


def _members(path: Path) -> list[tuple]:
    with Store.open(path) as store:
        return [tuple(r) for r in store.conn.execute(
            "SELECT article_id, story_id, relation, score FROM story_members ORDER BY article_id")]


def test_sigkill_mid_run_then_rerun_equals_one_run(tmp_path: Path, stage: StoryStage) -> None:
    killed, whole = tmp_path / "killed.sqlite", tmp_path / "whole.sqlite"
    with Store.open(killed) as store:
        _fill(store, 300)
    shutil.copy(killed, whole)
    with Store.open(whole) as store:
        stage.run(store)
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    proc = subprocess.Popen([sys.executable, "-c", RUN, str(killed)], cwd=REPO, env=env)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and proc.poll() is None:
        with Store.open(killed) as store:
            done = store.conn.execute("SELECT COUNT(*) FROM story_members").fetchone()[0]
        if done >= 30:
            proc.send_signal(signal.SIGKILL)
            break
        time.sleep(0.02)
    proc.wait()
    assert proc.returncode == -signal.SIGKILL, "the run ended before it could be killed"
    assert 30 <= len(_members(killed)) < 300
    with Store.open(killed) as store:
        stage.run(store)
        assert store.conn.execute("SELECT COUNT(*) FROM stories WHERE id NOT IN "
                                  "(SELECT story_id FROM story_members)").fetchone()[0] == 0
    assert _members(killed) == _members(whole)
