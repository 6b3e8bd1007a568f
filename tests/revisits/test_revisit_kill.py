"""A revisit cycle killed (SIGKILL) half-way loses nothing and records nothing twice."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time
from datetime import datetime, timedelta
from pathlib import Path

from pipeline.store import Store
from tests.revisits.conftest import Watched
from tests.revisits.site import PARAGRAPHS, Page
from tests.support.misbehaving_server import slow, respond

ROOT = Path(__file__).resolve().parents[2]
N = 24


def _paragraphs(i: int) -> tuple[str, ...]:
    return (*PARAGRAPHS, f"Участок номер {i} откроют для движения после приёмки, сообщили в мэрии.")


def test_sigkill_during_a_revisit_cycle_then_a_rerun_gives_each_edit_once(watched: Watched, tmp_path: Path) -> None:
    w = watched
    for i in range(N):
        w.site.write(f"a{i}", Page(title=f"Новость номер {i} о ремонте дорог", paragraphs=_paragraphs(i)))
    w.ingest()
    with Store.open(w.settings.store_path) as store:
        first = datetime.fromisoformat(store.conn.execute("SELECT MAX(fetched_at) FROM articles").fetchone()[0])
    assert w.revisit_at(first).revisited == 0  # plans only
    when = first + timedelta(hours=1.5)
    for i in range(N):  # every page edited, and slow to answer
        edited = Page(title=f"Новость номер {i} о ремонте дорог (дополнено)", paragraphs=_paragraphs(i))
        w.server.route(f"/news/a{i}.html", slow(0.25, respond(edited.html())))
    script = textwrap.dedent(f"""
        import sys; sys.path.insert(0, {str(ROOT)!r})
        from datetime import datetime
        from kabarchy.revisiting import revisit
        from kabarchy.settings import load_settings
        from pipeline.sources import load_sources
        from pipeline.store import Store
        settings = load_settings(__import__("pathlib").Path({str(w.settings.config_file)!r}), env={{}})
        with Store.open(settings.store_path) as store:
            revisit(settings, store, list(load_sources(settings.sources).sources),
                    now=datetime.fromisoformat({when.isoformat()!r}))
    """)
    proc = subprocess.Popen([sys.executable, "-c", script], cwd=ROOT)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:  # kill once some, not all, edits are on record
        with Store.open(w.settings.store_path) as store:
            done = store.conn.execute("SELECT COUNT(*) FROM article_versions WHERE version=2").fetchone()[0]
        if done >= 2:
            break
        time.sleep(0.05)
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    with Store.open(w.settings.store_path) as store:
        partial = store.conn.execute("SELECT COUNT(*) FROM article_versions WHERE version=2").fetchone()[0]
    assert 0 < partial < N, "the kill should land mid-cycle"
    w.revisit_at(when)  # the rerun finishes the cycle
    w.revisit_at(when + timedelta(minutes=1))  # and a further pass finds nothing new
    with Store.open(w.settings.store_path) as store:
        versions = dict(store.conn.execute(
            "SELECT article_id, MAX(version) FROM article_versions GROUP BY article_id").fetchall())
        edits = store.conn.execute("SELECT article_id, COUNT(*) FROM article_changes WHERE kind='edit' "
                                   "GROUP BY article_id").fetchall()
        titles = [r[0] for r in store.conn.execute("SELECT title FROM articles")]
    assert len(versions) == N and set(versions.values()) == {2}
    assert len(edits) == N and all(count == 1 for _, count in edits)
    assert all(t.endswith("(дополнено)") for t in titles)
