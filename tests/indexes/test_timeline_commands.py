"""`kabarchy timeline` and `kabarchy spikes` on a real store and the embedded index: counts
checked against the store, chart = CSV = JSON, names in any form, ambiguity and unknown names
exit 2, posts the text gives an unknown person."""

from __future__ import annotations

import argparse
import csv
import io
import json
from collections import Counter
from datetime import date, datetime, timezone
from types import ModuleType

import pytest

from indexes.dates import bishkek_day, bucket_start
from kabarchy.backends import make_index
from kabarchy.commands import index as index_cmd
from kabarchy.commands import spikes as spikes_cmd
from kabarchy.commands import timeline as timeline_cmd
from kabarchy.settings import Settings
from pipeline.analysis.provisional import person_key, provisional_id
from pipeline.records import Analysis, ExtractedArticle, FeedEntry, Mention, SourceConfig
from pipeline.store import Store
from tests.support.documents import SPIKE_DAY, known_spike_series
from tests.support.timeline_chart import chart_numbers


def _run(module: ModuleType, settings: Settings, *argv: str) -> int:
    parser = argparse.ArgumentParser()
    module.add_arguments(parser)
    return module.run(parser.parse_args(list(argv)), settings)


@pytest.fixture
def indexed(stored_settings: Settings, capsys: pytest.CaptureFixture[str]) -> Settings:
    assert _run(index_cmd, stored_settings, "--catch-up") == 0
    capsys.readouterr()
    return stored_settings


def store_counts(settings: Settings, entity_id: str, interval: str) -> tuple[Counter, Counter]:
    """Articles mentioning and statements by the entity per bucket, straight from the store."""
    mentions: Counter = Counter()
    said: Counter = Counter()
    with Store.open(settings.store_path) as store:
        for row in store.iter_articles():
            published = datetime.fromisoformat(row["published_utc"])
            start = bucket_start(bishkek_day(published), interval)  # type: ignore[arg-type]
            if any(m.entity_id == entity_id for m in store.mentions(row["id"])):
                mentions[start] += 1
            said[start] += sum(s.speaker_id == entity_id for s in store.statements(row["id"]))
    return mentions, +said  # unary plus drops the zero counts


def test_json_counts_match_the_store_for_any_name_form(indexed: Settings,
                                                       capsys: pytest.CaptureFixture[str]) -> None:
    mentions, said = store_counts(indexed, "body:gknb", "month")
    assert sum(mentions.values()) >= 3 and sum(said.values()) >= 1
    for name in ("ГКНБ", "УКМКнын", "УКМКга", "GKNB", "body:gknb"):
        assert _run(timeline_cmd, indexed, name, "--from", "2021-09-01", "--to", "2022-12-31",
                    "--interval", "month", "--json") == 0, name
        rows = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
        assert [r["start"] for r in rows][:2] == ["2021-09-01", "2021-10-01"] and rows[-1]["end"] == "2022-12-31"
        got = {date.fromisoformat(r["start"]): r["series"][0] for r in rows}
        assert {d: s["mentions"] for d, s in got.items() if s["mentions"]} == dict(mentions), name
        assert {d: s["statements"] for d, s in got.items() if s["statements"]} == dict(said), name
        assert {s["entity_id"] for s in got.values()} == {"body:gknb"}
    # without --from the timeline starts at the first bucket with a mention or statement
    assert _run(timeline_cmd, indexed, "ГКНБ", "--to", "2022-12-31", "--interval", "month", "--json") == 0
    starts = [json.loads(line)["start"] for line in capsys.readouterr().out.splitlines()]
    assert starts[0] == min(mentions | said).isoformat() and starts[-1] == "2022-12-01"


def test_chart_csv_and_json_agree(indexed: Settings, capsys: pytest.CaptureFixture[str],
                                  monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "220")
    args = ("ГКНБ", "Садыр Жапаров", "--from", "2021-09-01", "--to", "2022-06-30", "--interval", "week",
            "--smooth", "2")
    assert _run(timeline_cmd, indexed, *args) == 0
    chart = chart_numbers(capsys.readouterr().out)
    assert _run(timeline_cmd, indexed, *args, "--json") == 0
    rows = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert _run(timeline_cmd, indexed, *args, "--csv") == 0
    table = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert len(chart) == len(rows) == len(table) > 40
    assert any(float(v) > 0 for _, measure, _ in chart.values() for v in measure)
    for row, csv_row in zip(rows, table):
        articles, measure, said = chart[row["start"]]
        assert csv_row["start"] == row["start"]
        for n, series in enumerate(row["series"]):
            key = series["entity_id"]
            assert articles == series["total_articles"] == int(csv_row[f"{key}:total_articles"])
            assert float(measure[n]) == pytest.approx(series["mentions"]) == pytest.approx(
                float(csv_row[f"{key}:mentions"]))
            assert float(said[n]) == pytest.approx(series["statements"]) == pytest.approx(
                float(csv_row[f"{key}:statements"]))


def _picked(settings: Settings, capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, list[str], str]:
    code = _run(timeline_cmd, settings, *argv, "--json")
    out, err = capsys.readouterr()
    ids = [s["entity_id"] for s in json.loads(out.splitlines()[0])["series"]] if code == 0 else []
    return code, ids, err


def test_namesakes_are_narrowed_by_the_periods_articles_or_listed(indexed: Settings,
                                                                   capsys: pytest.CaptureFixture[str]) -> None:
    # both Japarovs held posts and are mentioned from 2021 on, but only Sadyr is called «Жапарова»
    # alone (ru-11); Akylbek always by his full name (ru-06)
    code, ids, err = _picked(indexed, capsys, "ЦИК", "Жапарова", "--from", "2021-01-01", "--to", "2022-12-31")
    assert (code, ids) == (0, ["body:cec", "person:sadyr-japarov"])
    assert err.count("\n") == 1 and "'Жапарова' is taken as Садыр Жапаров (person:sadyr-japarov)" in err
    assert ("call only them 'Жапарова' alone (1 article; Акылбек Жапаров (person:akylbek-japarov) is in 1 "
            "article, always under a fuller name)") in err
    # December 2021: only Sadyr is in the articles (ky-09); Akylbek chaired the Cabinet then
    code, ids, err = _picked(indexed, capsys, "Жапаров", "--from", "2021-12-01", "--to", "2021-12-31")
    assert (code, ids) == (0, ["person:sadyr-japarov"])
    assert "only they are in its articles (Садыр Жапаров (person:sadyr-japarov): 1 article, 1 statement; " \
           "Акылбек Жапаров (person:akylbek-japarov): 0 articles, 0 statements)" in err
    # 1-20 November: both are in the articles, each under a full name: still ambiguous
    code, _, err = _picked(indexed, capsys, "Жапаров", "--from", "2021-11-01", "--to", "2021-11-20")
    assert code == 2 and "'Жапаров' may mean 2 entities" in err and "Председатель Кабинета министров" in err
    assert "several are in the period's articles, and none of them is called 'Жапаров' alone there" in err
    # the same days in Kyrgyz only: Sadyr alone (ky-03), as the filters apply to the mentions too
    code, ids, _ = _picked(indexed, capsys, "Жапаров", "--from", "2021-11-01", "--to", "2021-11-20",
                           "--lang", "ky")
    assert (code, ids) == (0, ["person:sadyr-japarov"])
    # a month in which neither is mentioned
    code, _, err = _picked(indexed, capsys, "Жапаров", "--from", "2022-02-01", "--to", "2022-02-28")
    assert code == 2 and "none of them is in the period's articles" in err


def test_unknown_names_and_bad_ranges_exit_2(indexed: Settings, capsys: pytest.CaptureFixture[str]) -> None:
    assert _run(timeline_cmd, indexed, "Жапарова", "--from", "2020-11-01", "--to", "2020-12-31", "--json") == 0
    assert json.loads(capsys.readouterr().out.splitlines()[0])["series"][0]["entity_id"] == "person:sadyr-japarov"
    assert _run(timeline_cmd, indexed, "Ташиеев") == 2
    assert "nearest names: Камчыбек Ташиев (person:kamchybek-tashiev)" in capsys.readouterr().err
    assert _run(timeline_cmd, indexed, "ЦИК", "--from", "2022-01-01", "--to", "2021-01-01") == 2
    assert "reversed" in capsys.readouterr().err


def test_registry_posts_are_shown_above_the_chart(indexed: Settings, capsys: pytest.CaptureFixture[str]) -> None:
    assert _run(timeline_cmd, indexed, "Садыр Жапаров", "--from", "2021-06-01", "--to", "2021-06-30") == 0
    out = capsys.readouterr().out
    assert out.index("Президент Кыргызской Республики (2021-01-28 –)") < out.index("mentions per day")


# A made-up local deputy: the test needs a person the registry does not know.
UNKNOWN = "Эркинбек Токтосунов"
TEXTS = [("ru", "В Оше депутат Ошского городского кенеша Эркинбек Токтосунов провёл приём граждан."),
         ("ky", "Ош шаардык кеңешинин депутаты Эркинбек Токтосунов жарандарды кабыл алды."),
         ("ru", "Как сообщил Эркинбек Токтосунов, приём продолжится.")]


def test_titles_the_text_gives_an_unknown_person_are_shown_with_their_articles(
        settings: Settings, capsys: pytest.CaptureFixture[str]) -> None:
    settings = settings.replace(index_backend="sqlite")
    entity_id = provisional_id("person", person_key(UNKNOWN, "ru")[0])
    with Store.open(settings.store_path) as store:
        store.sync_sources([SourceConfig(id="osh", name="Osh", homepage="https://osh.example/", languages=("ru", "ky"),
                                         kind="outlet", feeds=("https://osh.example/rss",))])
        for n, (lang, text) in enumerate(TEXTS):
            article_id = f"osh-{n}"
            store.discover(article_id, FeedEntry(source_id="osh", url=f"https://osh.example/{n}",
                                                 found_in="https://osh.example/rss"))
            store.save_extracted(article_id, ExtractedArticle(
                title=f"Приём граждан {n}", text=text, lead="", language=lang,
                published=datetime(2024, 4, 2 + n, 5, tzinfo=timezone.utc)), f"приём {n}")
            start = text.index(UNKNOWN)
            store.save_analysis(article_id, Analysis((Mention(entity_id, "person", UNKNOWN, UNKNOWN, start,
                                                              start + len(UNKNOWN), 0, "model"),), (), "test"))
            store.provisional_entity(entity_id, "person", UNKNOWN)
            store.enqueue_index("sqlite", [article_id])
    assert _run(index_cmd, settings) == 0
    capsys.readouterr()
    assert _run(timeline_cmd, settings, "Эркинбека Токтосунова", "--from", "2024-04-01", "--to", "2024-04-05") == 0
    out = capsys.readouterr().out
    assert "«депутат Ошского городского кенеша» — as the text calls them in 1 article" in out
    assert "«Ош шаардык кеңешинин депутаты» — as the text calls them in 1 article" in out
    assert "https://osh.example/0" in out and "https://osh.example/1" in out
    assert "Как сообщил" not in out


def test_spikes_command_lists_the_known_spike_with_top_stories(settings: Settings,
                                                               capsys: pytest.CaptureFixture[str]) -> None:
    settings = settings.replace(index_backend="sqlite")
    index = make_index(settings)
    index.open()
    index.index(known_spike_series(), [])
    index.close()
    assert _run(spikes_cmd, settings, "--date", SPIKE_DAY.isoformat(), "--json") == 0
    [spike] = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert (spike["entity_id"], spike["count"], spike["type"]) == ("body:cec", 40, "body")
    assert len(spike["top_stories"]) == 3 and spike["top_stories"][0]["outlets"] == 2
    assert _run(spikes_cmd, settings, "--date", SPIKE_DAY.isoformat(), "--type", "party") == 0
    assert "No spikes on 2025-03-20" in capsys.readouterr().err
    assert _run(spikes_cmd, settings, "--date", SPIKE_DAY.isoformat()) == 0
    assert "On the rise on 2025-03-20" in capsys.readouterr().out
