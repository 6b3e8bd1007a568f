"""`kabarchy timeline ЦИК Жапаров --from 2021-01-01 --interval month` on the demo data: the
namesakes are reported (exit 2), and with a full name the counts equal the store's."""

from __future__ import annotations

import json
from collections import Counter
from datetime import date, datetime
from pathlib import Path

import pytest

from indexes.dates import bishkek_day, bucket_start
from kabarchy.cli import main
from pipeline.store import Store

REPO = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("demo-timeline")
    config = folder / "settings.toml"
    config.write_text(f'entities = "{REPO / "config" / "entities.yaml"}"\ndata_dir = "{folder / "data"}"\n',
                      encoding="utf-8")
    assert main(["--config", str(config), "demo", "--data-dir", str(folder / "data")]) == 0
    return config


def _store_counts(data: Path, entity_id: str) -> tuple[Counter, Counter]:
    mentions: Counter = Counter()
    said: Counter = Counter()
    with Store.open(data / "kabarchy.sqlite") as store:
        for row in store.iter_articles():
            moment = datetime.fromisoformat(row["published_utc"] or row["discovered_at"])
            month = bucket_start(bishkek_day(moment), "month")
            if month < date(2021, 1, 1):
                continue
            mentions[month] += any(m.entity_id == entity_id for m in store.mentions(row["id"]))
            said[month] += sum(s.speaker_id == entity_id for s in store.statements(row["id"]))
    return +mentions, +said


def test_the_issue_command_names_both_japarovs(demo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--config", str(demo), "timeline", "ЦИК", "Жапаров", "--from", "2021-01-01",
                 "--interval", "month"]) == 2
    err = capsys.readouterr().err
    assert "'Жапаров' may mean 2 entities" in err
    assert "person:sadyr-japarov" in err and "person:akylbek-japarov" in err


@pytest.mark.parametrize("name, entity_id", [("ЦИК", "body:cec"), ("Садыр Жапаров", "person:sadyr-japarov"),
                                             ("Акылбека Жапарова", "person:akylbek-japarov")])
def test_monthly_counts_equal_the_store(demo: Path, capsys: pytest.CaptureFixture[str], name: str,
                                       entity_id: str) -> None:
    assert main(["--config", str(demo), "timeline", "ЦИК", name, "--from", "2021-01-01", "--interval", "month",
                 "--json"]) == 0
    rows = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert rows[0]["start"] == "2021-01-01"
    series = {date.fromisoformat(r["start"]): s for r in rows for s in r["series"] if s["entity_id"] == entity_id}
    mentions, said = _store_counts(demo.parent / "data", entity_id)
    assert sum(mentions.values()) >= 1
    assert {d: s["mentions"] for d, s in series.items() if s["mentions"]} == dict(mentions)
    assert {d: s["statements"] for d, s in series.items() if s["statements"]} == dict(said)
