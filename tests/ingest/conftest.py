"""A local news site (real HTTP on 127.0.0.1) and settings pointing a fresh store at it."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from bench.sitegen import generate
from kabarchy.settings import Settings, load_settings
from tests.support.misbehaving_server import MisbehavingServer

ROOT = Path(__file__).resolve().parents[2]


@dataclass
class Site:
    server: MisbehavingServer
    root: Path
    feeds: list[str]

    def publish(self, n: int, sources: int = 2) -> list[str]:
        """(Re)generate n articles and feeds with the server's real address in them."""
        self.feeds = generate(self.root, n=n, sources=sources)
        for feed in self.feeds:
            path = self.root / feed.lstrip("/")
            path.write_text(path.read_text(encoding="utf-8").replace("{{BASE}}", self.server.base_url),
                            encoding="utf-8")
        return self.feeds


@pytest.fixture
def site(tmp_path: Path) -> Iterator[Site]:
    root = tmp_path / "site"
    root.mkdir()
    with MisbehavingServer(root=root) as server:
        yield Site(server, root, [])


def write_sources(path: Path, base_url: str, feeds: dict[str, list[str]]) -> Path:
    lines = []
    for sid, urls in feeds.items():
        lines += [
            f"- id: {sid}",
            f"  name: Local {sid}",
            f"  homepage: {base_url}/",
            "  languages: [ru, ky]",
            "  kind: outlet",
            "  allow_private: true",
            "  feeds:",
            *[f"    - {base_url}{u}" for u in urls],
        ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def make_settings(tmp_path: Path, sources: Path) -> Settings:
    conf = tmp_path / "settings.toml"
    conf.write_text(
        f'data_dir = "{tmp_path / "data"}"\nsources = "{sources}"\nentities = "{ROOT / "config" / "entities.yaml"}"\n'
        "[fetch]\nhost_delay_s = 0.0\nhost_concurrency = 8\ntimeout_s = 5.0\nretries = 1\nbackoff_s = 0.05\n"
        "[run]\nworkers = 2\n",
        encoding="utf-8",
    )
    return load_settings(conf, env={})
