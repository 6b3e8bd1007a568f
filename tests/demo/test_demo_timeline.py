"""`kabarchy timeline ЦИК Жапаров --from 2021-01-01 --interval month` on the demo data: Sadyr is
the only Japarov the articles call «Жапаров» alone, so the command says so and prints counts equal
to the store's, in the chart, the CSV and the JSON alike; with a full name the counts equal the
store's for each namesake."""

from __future__ import annotations

import csv
import io
import json
from collections import Counter
from datetime import date, datetime
from pathlib import Path

import pytest

from indexes.dates import bishkek_day, bucket_start
from kabarchy.cli import main
from pipeline.store import Store
from tests.support.timeline_chart import chart_numbers

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


ISSUE_COMMAND = ["timeline", "ЦИК", "Жапаров", "--from", "2021-01-01", "--interval", "month"]


def test_the_issue_command_prints_the_stores_counts(demo: Path, capsys: pytest.CaptureFixture[str],
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "200")
    assert main(["--config", str(demo), *ISSUE_COMMAND]) == 0
    out, err = capsys.readouterr()
    assert err.startswith("kabarchy timeline: 'Жапаров' is taken as Садыр Жапаров (person:sadyr-japarov): "
                          "the period's articles call only them 'Жапаров' alone")
    assert "Акылбек Жапаров (person:akylbek-japarov) is in 1 article, always under a fuller name" in err
    chart = chart_numbers(out)
    assert main(["--config", str(demo), *ISSUE_COMMAND, "--json"]) == 0
    rows = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert main(["--config", str(demo), *ISSUE_COMMAND, "--csv"]) == 0
    table = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert rows[0]["start"] == "2021-01-01" and len(chart) == len(rows) == len(table)
    for n, entity_id in enumerate(("body:cec", "person:sadyr-japarov")):
        mentions, said = _store_counts(demo.parent / "data", entity_id)
        assert sum(mentions.values()) >= 3 and sum(said.values()) >= 1
        for row, line in zip(rows, table):
            articles, measure, spoken = chart[row["start"]]
            month = date.fromisoformat(row["start"])
            series = row["series"][n]
            assert series["entity_id"] == entity_id
            assert series["mentions"] == mentions[month] == int(measure[n]) == int(line[f"{entity_id}:mentions"])
            assert series["statements"] == said[month] == int(spoken[n]) == int(line[f"{entity_id}:statements"])
            assert series["total_articles"] == articles == int(line[f"{entity_id}:total_articles"])


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
