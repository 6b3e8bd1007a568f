"""`kabarchy stories --date D` on the demo's data against the sample site's own gold
(`kabarchy/demo_site/stories.json`): reprints, a rewrite, ru↔ky pairs and a story across
Bishkek midnight, each day the site has articles."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from kabarchy.demo import DEMO_SITE, sample_articles

REPO = Path(__file__).resolve().parents[2]
GOLD = json.loads((DEMO_SITE / "stories.json").read_text(encoding="utf-8"))["stories"]


@pytest.fixture(scope="module")
def demo_config(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """The demo run once into a folder; a settings file pointing at it."""
    from kabarchy.cli import main

    folder = tmp_path_factory.mktemp("demo-stories")
    config = folder / "settings.toml"
    config.write_text(f'entities = "{REPO / "config" / "entities.yaml"}"\ndata_dir = "{folder / "demo"}"\n',
                      encoding="utf-8")
    assert main(["--config", str(config), "demo", "--data-dir", str(folder / "demo")]) == 0
    yield config


def _json_lines(capsys: pytest.CaptureFixture[str], argv: list[str]) -> list[dict]:
    from kabarchy.cli import main

    capsys.readouterr()
    assert main(argv) == 0
    return [json.loads(line) for line in capsys.readouterr().out.splitlines() if line.strip()]


def _days() -> dict[str, str]:
    """sample path -> its Bishkek day."""
    return {a.path: datetime.fromisoformat(a.published).date().isoformat() for a in sample_articles()}


@pytest.mark.slow
@pytest.mark.parametrize("day", sorted(set(_days().values())))
def test_stories_of_each_day_match_the_gold(demo_config: Path, capsys: pytest.CaptureFixture[str], day: str) -> None:
    days = _days()
    found = _json_lines(capsys, ["--config", str(demo_config), "stories", "--date", day, "--json"])
    got = []
    for story in found:
        detail = _json_lines(capsys, ["--config", str(demo_config), "story", story["id"], "--json"])[0]
        got.append((frozenset(urlsplit(m["url"]).path for m in detail["members"]), story))
    expected = [g for g in GOLD if any(days[p] == day for p in g["paths"])]
    for g in expected:
        gold_paths = frozenset(g["paths"])
        match = [story for paths, story in got if paths == gold_paths]
        assert len(match) == 1, (day, g["paths"], [sorted(p) for p, _ in got])
        if g.get("first"):
            assert match[0]["first_publisher"] == g["first"]
        assert match[0]["outlets"][0] == match[0]["first_publisher"]
    for paths, _ in got:  # no story joins articles of two gold stories
        assert any(paths <= frozenset(g["paths"]) for g in expected), (day, sorted(paths))


@pytest.mark.slow
def test_the_story_across_midnight_is_shown_on_both_days(demo_config: Path, capsys: pytest.CaptureFixture[str]) -> None:
    night = "/ru-news/2021/11/28/vybory-zhogorku-kenesh-yavka.html"
    ids = []
    for day in ("2021-11-28", "2021-11-29"):
        found = _json_lines(capsys, ["--config", str(demo_config), "stories", "--date", day, "--min-outlets", "3",
                                     "--json"])
        assert len(found) == 1 and found[0]["languages"] == ["ru", "ky"]
        ids.append(found[0]["id"])
    assert ids[0] == ids[1]
    detail = _json_lines(capsys, ["--config", str(demo_config), "story", ids[0], "--json"])[0]
    relations = {urlsplit(m["url"]).path: m["relation"] for m in detail["members"]}
    assert relations[night] == "first"
    assert relations["/ru-wire/2021/11/29/yavka-na-vyborah-v-parlament.html"] == "reprint"
    assert relations["/ky-kabar/kabar/2104-parlamenttik-shailoo.html"] == "translation"
