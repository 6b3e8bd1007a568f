"""`kabarchy serve`: a real uvicorn process over a data folder; the demo's folder when there is
no store of one's own; a clear refusal when there is nothing to serve."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from kabarchy.commands.demo import MARKER
from kabarchy.commands.serve import served_settings, worker_rate_limit
from tests.web.conftest import REPO, build_site, web_settings


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.mark.parametrize("workers", [1, 2])
def test_serve_answers_over_http(tmp_path: Path, workers: int) -> None:
    site = build_site(tmp_path / "data", "sqlite")
    port = free_port()
    env = {**os.environ, "PYTHONPATH": str(REPO), "KABARCHY_WEB_WORKERS": str(workers), "TMPDIR": str(tmp_path)}
    proc = subprocess.Popen([sys.executable, "-m", "kabarchy.cli", "serve", "--data-dir", str(site.settings.data_dir),
                             "--port", str(port)], cwd=REPO, env=env, stderr=subprocess.PIPE, text=True)
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                resp = httpx.get(f"http://127.0.0.1:{port}/search", params={"q": "ЦИК", "lang": "ky"}, timeout=5)
                break
            except httpx.HTTPError:
                assert proc.poll() is None and time.monotonic() < deadline, proc.stderr.read() if proc.stderr else ""
                time.sleep(0.2)
        assert resp.status_code == 200 and '<html lang="ky">' in resp.text and "утвердил календарь" in resp.text
        with httpx.Client(base_url=f"http://127.0.0.1:{port}") as fresh:  # new connections: any worker answers alike
            for _ in range(6):
                api = fresh.get("/api/articles/ru-04", timeout=5, headers={"Connection": "close"}).json()
                assert api["source"] == "kaktus"
    finally:
        proc.terminate()
        proc.wait(20)
    assert proc.returncode is not None
    assert not list(tmp_path.glob("kabarchy-serve-*")), "the workers' settings file outlives the server"


def test_each_worker_gets_a_share_of_the_rate_limit(tmp_path: Path) -> None:
    settings = web_settings(tmp_path)
    assert worker_rate_limit(settings.replace(web_rate_limit_per_minute=600, web_workers=1)) == 600
    assert worker_rate_limit(settings.replace(web_rate_limit_per_minute=600, web_workers=4)) == 150
    assert worker_rate_limit(settings.replace(web_rate_limit_per_minute=5, web_workers=2)) == 3
    assert worker_rate_limit(settings.replace(web_rate_limit_per_minute=0, web_workers=2)) == 0  # 0: no limit


def test_serve_without_a_store_uses_the_demo_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    settings = web_settings(tmp_path / "none")
    assert served_settings(settings, None) == settings  # no demo either: unchanged, refused later
    demo = tmp_path / "data" / "demo"
    demo.mkdir(parents=True)
    (demo / MARKER).write_text("made by `kabarchy demo`\n", encoding="utf-8")
    assert served_settings(settings, None).data_dir == demo.resolve()
    assert served_settings(settings, tmp_path / "x").data_dir == (tmp_path / "x").resolve()


def test_serve_refuses_an_empty_folder(tmp_path: Path) -> None:
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    done = subprocess.run([sys.executable, "-m", "kabarchy.cli", "serve", "--data-dir", str(tmp_path / "empty")],
                          cwd=REPO, env=env, capture_output=True, text=True, timeout=60)
    assert done.returncode == 2 and "no store at" in done.stderr
