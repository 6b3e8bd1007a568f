"""Output people and programs can trust, on a real store and the embedded index: pages with
"N of M" and a cursor, totals in JSON, TSV for pipes, CSV, statements with their article's
title, source and URL, `kabarchy article`, plain date errors, and one clear line (no traceback)
when Elasticsearch is down."""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from kabarchy import cli
from kabarchy.commands import article as article_cmd
from kabarchy.commands import export as export_cmd
from kabarchy.commands import index as index_cmd
from kabarchy.commands import search as search_cmd
from kabarchy.commands import statements as statements_cmd
from kabarchy.settings import Settings
from tests.indexes.test_commands import _run

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture
def indexed(stored_settings: Settings, capsys: pytest.CaptureFixture[str]) -> Settings:
    _run(index_cmd, stored_settings, "--catch-up")
    capsys.readouterr()
    return stored_settings


def test_pages_say_n_of_m_and_do_not_overlap(indexed: Settings, capsys: pytest.CaptureFixture[str]) -> None:
    assert _run(search_cmd, indexed, "выборы OR шайлоо", "--sort", "date", "--limit", "5", "--json") == 0
    captured = capsys.readouterr()
    first = [json.loads(line)["id"] for line in captured.out.splitlines()]
    assert len(first) == 5
    assert captured.err.startswith("5 of 14 articles — next: --page 2 (or --cursor ")
    cursor = captured.err.split("--cursor ")[1].rstrip(")\n")
    assert _run(search_cmd, indexed, "выборы OR шайлоо", "--sort", "date", "--limit", "5", "--page", "2",
                "--json") == 0
    captured = capsys.readouterr()
    second = [json.loads(line)["id"] for line in captured.out.splitlines()]
    assert captured.err.startswith("6–10 of 14 articles — next: --page 3")
    assert not set(first) & set(second)
    assert _run(search_cmd, indexed, "выборы OR шайлоо", "--sort", "date", "--limit", "5", "--cursor", cursor,
                "--json") == 0
    assert [json.loads(line)["id"] for line in capsys.readouterr().out.splitlines()] == second


def test_json_document_carries_the_totals(indexed: Settings, capsys: pytest.CaptureFixture[str]) -> None:
    assert _run(search_cmd, indexed, "выборы OR шайлоо", "--limit", "4", "--format", "json") == 0
    doc = json.loads(capsys.readouterr().out)
    assert (doc["total"], doc["shown"], doc["page"], doc["pages"], doc["limit"]) == (14, 4, 1, 4, 4)
    assert doc["next_cursor"] and len(doc["articles"]) == 4
    assert set(doc["articles"][0]) == {"id", "published", "source", "language", "title", "url", "score", "snippet"}


def test_pipes_get_tsv_and_csv_is_there_too(indexed: Settings, capsys: pytest.CaptureFixture[str]) -> None:
    assert _run(search_cmd, indexed, "выборы", "--limit", "3") == 0  # stdout is not a terminal here
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].split("\t") == ["id", "published", "source", "language", "title", "url", "score", "snippet"]
    assert len(lines) == 4 and all(len(line.split("\t")) == 8 for line in lines)
    assert _run(search_cmd, indexed, "выборы", "--limit", "3", "--format", "csv") == 0
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert len(rows) == 3 and all(r["url"].startswith("https://") for r in rows)


def test_statements_carry_their_articles_provenance(indexed: Settings, capsys: pytest.CaptureFixture[str]) -> None:
    assert _run(statements_cmd, indexed, "голосов", "--speaker", "body:cec", "--format", "json") == 0
    doc = json.loads(capsys.readouterr().out)
    assert doc["total"] == 2
    for s in doc["statements"]:
        assert s["title"] and s["source"] and s["url"] == f"https://{s['source']}.example/news/{s['article_id']}"
    assert _run(statements_cmd, indexed, "голосов", "--speaker", "body:cec", "--format", "table") == 0
    out = capsys.readouterr().out
    assert "https://" in out and "in «" in out and "2 of 2 statements" in out


def test_export_writes_csv_with_the_same_field_names(indexed: Settings, capsys: pytest.CaptureFixture[str]) -> None:
    assert _run(export_cmd, indexed, "--format", "csv") == 0
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert rows and set(rows[0]) == {"id", "published", "source", "language", "title", "url", "author", "lead",
                                     "text", "story_id", "versions", "removal", "entities", "statements"}
    with_entities = [r for r in rows if json.loads(r["entities"])]
    assert with_entities and {"entity_id", "type", "name"} <= set(json.loads(with_entities[0]["entities"])[0])
    assert _run(export_cmd, indexed) == 0
    first = json.loads(capsys.readouterr().out.splitlines()[0])
    assert set(first) == set(rows[0])


def test_article_command_shows_one_article(indexed: Settings, capsys: pytest.CaptureFixture[str]) -> None:
    assert _run(article_cmd, indexed, "ru-09", "--json") == 0
    record = json.loads(capsys.readouterr().out)
    assert record["id"] == "ru-09" and record["url"].endswith("/ru-09") and record["text"]
    assert _run(article_cmd, indexed, "ru-09") == 0
    assert "ru-09" in capsys.readouterr().out
    assert _run(article_cmd, indexed, "ru-") == 2
    assert "no single stored article with id 'ru-'; it starts 6 ids" in capsys.readouterr().err
    assert _run(article_cmd, indexed, "nope") == 2


@pytest.mark.parametrize(("argv", "message"), [
    (["search", "x", "--from", "2024-13-01"], "'2024-13-01' is not a date: write it as YYYY-MM-DD or DD.MM.YYYY"),
    (["search", "x", "--from", "вчера"], "'вчера' is not a date"),
    (["search", "x", "--from", "2024-05-01", "--to", "01.01.2024"], "--from 2024-05-01 is after --to 2024-01-01"),
    (["statements", "--from", "31.12.2024", "--to", "2024-01-01"], "--from 2024-12-31 is after --to 2024-01-01"),
    (["search", "x", "--limit", "0"], "--limit must be between 1 and 1000"),
    (["search", "x", "--cursor", "garbage!"], "is not a cursor printed by `kabarchy search`"),
])
def test_dates_and_paging_mistakes_are_plain_errors(indexed: Settings, capsys: pytest.CaptureFixture[str],
                                                    monkeypatch: pytest.MonkeyPatch, argv: list[str],
                                                    message: str) -> None:
    monkeypatch.setattr(cli, "load_settings", lambda path: indexed)
    try:
        code = cli.main(argv)
    except SystemExit as exit_:  # argparse's own exit for a bad --from
        code = int(exit_.code or 0)
    err = capsys.readouterr().err
    assert code == 2 and message in err
    assert "Traceback" not in err and "ValueError" not in err


def test_day_month_year_dates_work(indexed: Settings, capsys: pytest.CaptureFixture[str]) -> None:
    assert _run(search_cmd, indexed, "выборы", "--from", "29.11.2021", "--to", "29.11.2021", "--json") == 0
    iso = capsys.readouterr().out
    assert _run(search_cmd, indexed, "выборы", "--from", "2021-11-29", "--to", "2021-11-29", "--json") == 0
    assert capsys.readouterr().out == iso and iso


def test_elasticsearch_down_is_one_clear_line(indexed: Settings, tmp_path: Path) -> None:
    conf = tmp_path / "es-down.toml"
    conf.write_text(f'data_dir = "{indexed.data_dir}"\n[index]\nbackend = "elasticsearch"\n'
                    '[elasticsearch]\nurl = "http://127.0.0.1:9"\nrequest_timeout_s = 2.0\n', encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if not k.startswith("KABARCHY_")}
    done = subprocess.run([sys.executable, "-m", "kabarchy.cli", "--config", str(conf), "search", "выборы"],
                          cwd=REPO, env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 1
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("kabarchy search: the elasticsearch index cannot answer")
    assert "Traceback" not in done.stderr


def test_entity_and_speaker_accept_names(indexed: Settings, capsys: pytest.CaptureFixture[str]) -> None:
    assert _run(statements_cmd, indexed, "голосов", "--speaker", "body:cec", "--json") == 0
    by_id = sorted(json.loads(line)["id"] for line in capsys.readouterr().out.splitlines())
    assert _run(statements_cmd, indexed, "голосов", "--speaker", "ЦИК", "--json") == 0
    assert sorted(json.loads(line)["id"] for line in capsys.readouterr().out.splitlines()) == by_id
    assert _run(search_cmd, indexed, "--entity", "body:cec", "--limit", "100", "--json") == 0
    about = sorted(json.loads(line)["id"] for line in capsys.readouterr().out.splitlines())
    assert _run(search_cmd, indexed, "--entity", "ЦИКа", "--limit", "100", "--json") == 0
    assert sorted(json.loads(line)["id"] for line in capsys.readouterr().out.splitlines()) == about and about


@pytest.mark.parametrize(("argv", "message"), [
    (["--entity", "Тошиев"], "kabarchy search: --entity: no entity is called 'Тошиев'; nearest names: "),
    (["--lang", "kg"], "kabarchy search: --lang: no lang 'kg' here — did you mean"),
    (["--source", "24kgg"], "kabarchy search: --source: no source '24kgg' here — did you mean 24kg?"),
])
def test_unknown_names_are_errors_with_a_suggestion(indexed: Settings, capsys: pytest.CaptureFixture[str],
                                                    argv: list[str], message: str) -> None:
    assert _run(search_cmd, indexed, "выборы", *argv) == 2
    assert capsys.readouterr().err.startswith(message)
