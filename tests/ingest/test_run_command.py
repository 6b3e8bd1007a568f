"""`kabarchy run` as a user meets it: one clear last line, an honest exit code, no traceback —
offline, with nothing due, with a broken sources file or registry, with another run holding
the data folder. Each is the real CLI in a subprocess against real local servers."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

from tests.ingest.conftest import ROOT, Site, write_sources

OFFLINE_LINE = "0 of 3 sources reachable: every name lookup failed — offline? `kabarchy demo` works without a network"


def settings_file(tmp_path: Path, sources: Path, entities: Path = ROOT / "config" / "entities.yaml") -> Path:
    conf = tmp_path / "settings.toml"
    conf.write_text(
        f'data_dir = "{tmp_path / "data"}"\nsources = "{sources}"\nentities = "{entities}"\n'
        "[fetch]\nhost_delay_s = 0.0\ntimeout_s = 5.0\nretries = 0\n[run]\nworkers = 1\n", encoding="utf-8")
    return conf


def kabarchy(conf: Path, *args: str, timeout: float = 180) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "COLUMNS": "200"}
    env.pop("KABARCHY_CONFIG", None)
    return subprocess.run([sys.executable, "-m", "kabarchy.cli", "--config", str(conf), *args], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=timeout)


def unresolvable_sources(path: Path) -> Path:
    # .invalid never resolves (RFC 6761): what every name looks like on a machine with no network
    lines = []
    for n in range(3):
        lines += [f"- id: off{n}", f"  name: Offline {n}", f"  homepage: http://off{n}.kabarchy-test.invalid/",
                  "  languages: [ru]", "  kind: outlet", "  feeds:", f"    - http://off{n}.kabarchy-test.invalid/rss"]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_offline_run_says_so_in_one_line_and_exits_3(tmp_path: Path) -> None:
    conf = settings_file(tmp_path, unresolvable_sources(tmp_path / "sources.yaml"))
    done = kabarchy(conf, "run")
    assert done.returncode == 3, done.stderr
    assert done.stdout.strip().splitlines()[-1] == OFFLINE_LINE
    assert "Traceback" not in done.stderr and "WARNING" not in done.stderr
    check = kabarchy(conf, "sources", "check", "--timeout", "3")
    assert check.returncode == 3
    assert check.stdout.strip().splitlines()[-1] == OFFLINE_LINE


def test_second_run_says_why_nothing_was_polled(tmp_path: Path, site: Site) -> None:
    feeds = site.publish(4, sources=1)
    conf = settings_file(tmp_path, write_sources(tmp_path / "sources.yaml", site.server.base_url, {"local": feeds}))
    first = kabarchy(conf, "run")
    assert first.returncode == 0, first.stdout + first.stderr
    assert first.stdout.strip().splitlines()[-1].startswith("1 of 1 sources reachable; 4 articles stored, 4 analysed")
    second = kabarchy(conf, "run")
    assert second.returncode == 0
    last = second.stdout.strip().splitlines()[-1]
    assert last.startswith("nothing polled: none of the 1 sources is due yet; the next, local, is due at ")
    assert last.endswith("`kabarchy run --all` polls every source now")
    forced = kabarchy(conf, "run", "--all")
    assert forced.returncode == 0 and forced.stdout.strip().splitlines()[-1].startswith("1 of 1 sources reachable")


def test_invalid_sources_file_is_one_line_exit_2(tmp_path: Path) -> None:
    sources = tmp_path / "sources.yaml"
    sources.write_text("sources: [unclosed\n", encoding="utf-8")
    done = kabarchy(settings_file(tmp_path, sources), "run")
    assert done.returncode == 2
    assert "Traceback" not in done.stderr
    assert done.stderr.strip().startswith(f"kabarchy run: {sources}:") and "not valid YAML" in done.stderr


def test_broken_registry_stops_analysis_loudly_and_status_names_the_record(tmp_path: Path, site: Site) -> None:
    feeds = site.publish(3, sources=1)
    registry = tmp_path / "entities.yaml"
    text = (ROOT / "config" / "entities.yaml").read_text(encoding="utf-8")
    registry.write_text(text.replace("type: party", "type: partyy", 1), encoding="utf-8")
    conf = settings_file(tmp_path, write_sources(tmp_path / "sources.yaml", site.server.base_url, {"local": feeds}),
                         registry)
    done = kabarchy(conf, "run")
    assert done.returncode == 4, done.stdout + done.stderr
    assert "analysis stopped: the entity registry is broken" in done.stdout.strip().splitlines()[-1]
    assert "3 articles stored, 0 analysed" in done.stdout
    status = kabarchy(conf, "status")  # stdout is a pipe here: TSV, the registry problem on stderr
    assert status.returncode == 0
    assert status.stdout.splitlines()[0].split("\t")[:3] == ["id", "kind", "articles"]
    assert status.stdout.splitlines()[1].startswith("local\toutlet\t3\t")
    assert "registry broken:" in status.stderr and "partyy" in status.stderr
    table = subprocess.run(["script", "-qec", f"{sys.executable} -m kabarchy.cli --config {conf} status", "/dev/null"],
                           cwd=ROOT, capture_output=True, text=True, timeout=120, env={**os.environ, "COLUMNS": "200"})
    assert "REGISTRY BROKEN" in table.stdout and "partyy" in table.stdout and "3 articles wait" in table.stdout


def test_a_second_run_on_the_same_data_folder_is_refused_naming_the_first(tmp_path: Path) -> None:
    data = tmp_path / "data"
    holder = subprocess.Popen(
        [sys.executable, "-c", "import sys, time; from pathlib import Path; from kabarchy.runlock import run_lock\n"
         "with run_lock(Path(sys.argv[1])):\n    print('locked', flush=True); time.sleep(60)", str(data)],
        cwd=ROOT, stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "locked"
        conf = settings_file(tmp_path, unresolvable_sources(tmp_path / "sources.yaml"))
        started = time.monotonic()
        done = kabarchy(conf, "run")
        assert done.returncode == 5
        assert f"is in use by kabarchy run (pid {holder.pid}, started " in done.stderr
        assert time.monotonic() - started < 30
    finally:
        holder.kill()
        holder.wait()
    # The lock dies with its process (even SIGKILL): the next run goes ahead.
    assert kabarchy(conf, "run").returncode == 3


def test_reading_commands_refuse_a_folder_without_a_store(tmp_path: Path) -> None:
    conf = settings_file(tmp_path, unresolvable_sources(tmp_path / "sources.yaml"))
    for command in (["status"], ["search", "выборы"], ["export"], ["statements"]):
        done = kabarchy(conf, "--data-dir", str(tmp_path / "elsewhere"), *command)
        assert done.returncode == 2, command
        assert f"no Kabarchy data in {tmp_path / 'elsewhere'}" in done.stderr
    assert not (tmp_path / "elsewhere").exists()  # nothing was created
