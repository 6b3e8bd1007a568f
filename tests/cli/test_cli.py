"""The `kabarchy` command itself, run as a user runs it: version, the command list when bare,
"did you mean" for a mistyped command, and --data-dir."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from kabarchy.cli import COMMAND_MODULES

REPO = Path(__file__).resolve().parents[2]


def kabarchy(*args: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("KABARCHY_")}
    return subprocess.run([sys.executable, "-m", "kabarchy.cli", *args], cwd=REPO, env=env, capture_output=True,
                          text=True, timeout=120)


def test_version() -> None:
    done = kabarchy("--version")
    assert done.returncode == 0 and done.stdout.startswith("kabarchy ")


def test_bare_command_lists_every_command() -> None:
    done = kabarchy()
    assert done.returncode == 2
    assert all(name in done.stdout for name in COMMAND_MODULES)
    assert "Traceback" not in done.stderr


def test_mistyped_command_gets_a_suggestion(tmp_path: Path) -> None:
    done = kabarchy("serch", "выборы")
    assert done.returncode == 2
    assert done.stderr.strip() == "kabarchy: unknown command 'serch' — did you mean `kabarchy search`?"
    after_flag = kabarchy("--data-dir", str(tmp_path), "statments")
    assert "did you mean `kabarchy statements`?" in after_flag.stderr
    nothing_near = kabarchy("zzzz")
    assert "run `kabarchy` to see the commands" in nothing_near.stderr


def test_data_dir_points_every_command_at_one_folder(tmp_path: Path) -> None:
    from pipeline.store import Store

    with Store.open(tmp_path / "kabarchy.sqlite"):
        pass
    done = kabarchy("--data-dir", str(tmp_path), "status", "--json")
    assert done.returncode == 0, done.stderr
    assert '"sources": []' in done.stdout
