"""`kabarchy index`, `search` and `reindex` on a real store and the embedded index."""

from __future__ import annotations

import argparse
import json
from types import ModuleType

import pytest

from kabarchy.commands import index as index_cmd
from kabarchy.commands import reindex as reindex_cmd
from kabarchy.commands import search as search_cmd
from kabarchy.commands import statements as statements_cmd
from kabarchy.settings import Settings
from pipeline.store import Store


def _run(module: ModuleType, settings: Settings, *argv: str) -> int:
    parser = argparse.ArgumentParser()
    module.add_arguments(parser)
    return module.run(parser.parse_args(list(argv)), settings)


def test_index_then_search_json(stored_settings: Settings, capsys: pytest.CaptureFixture[str]) -> None:
    with Store.open(stored_settings.store_path) as store:
        store.enqueue_index("sqlite", ["ru-09", "ru-10", "ky-04"])
    assert _run(index_cmd, stored_settings) == 0
    out = capsys.readouterr().out
    assert "indexed 3" in out and "store articles 30" in out and "in index 3" in out
    assert _run(search_cmd, stored_settings, "выборы", "--sort", "date", "--json") == 0
    lines = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [h["id"] for h in lines] == ["ru-10", "ru-09"]
    assert set(lines[0]) == {"id", "url", "title", "published", "source", "language", "score", "snippet"}
    assert "<mark>выборов</mark>" in lines[0]["snippet"]


def test_catch_up_and_filters(stored_settings: Settings, capsys: pytest.CaptureFixture[str]) -> None:
    assert _run(index_cmd, stored_settings, "--catch-up") == 0
    assert "in index 30" in capsys.readouterr().out
    assert _run(search_cmd, stored_settings, "Japarov", "--lang", "ky", "--from", "2021-12-01", "--json") == 0
    assert [json.loads(x)["id"] for x in capsys.readouterr().out.splitlines()] == ["ky-09"]
    assert _run(search_cmd, stored_settings, "", "--entity", "place:osh", "--source", "azattyk",
                "--sort", "date", "--limit", "1", "--json") == 0
    assert [json.loads(x)["id"] for x in capsys.readouterr().out.splitlines()] == ["ky-08"]


def test_search_table_shows_marks_as_text(stored_settings: Settings, capsys: pytest.CaptureFixture[str]) -> None:
    _run(index_cmd, stored_settings, "--catch-up")
    capsys.readouterr()
    assert _run(search_cmd, stored_settings, "выборах", "--source", "kaktus", "--format", "table") == 0
    out = capsys.readouterr().out
    assert "3 of 3 articles" in out and "<script>" in out and "<mark>" not in out


def test_bad_query_is_a_clear_error(stored_settings: Settings, capsys: pytest.CaptureFixture[str]) -> None:
    _run(index_cmd, stored_settings, "--catch-up")
    assert _run(search_cmd, stored_settings, "x" * 5000) == 2
    assert "too long" in capsys.readouterr().err


def test_reindex_rebuilds_and_acknowledges(stored_settings: Settings, capsys: pytest.CaptureFixture[str]) -> None:
    assert _run(reindex_cmd, stored_settings) == 0
    assert "reindexed 30 articles" in capsys.readouterr().out
    with Store.open(stored_settings.store_path) as store:
        assert store.indexed_count("sqlite") == 30
    assert _run(index_cmd, stored_settings, "--catch-up") == 0
    assert "queued by catch-up 0" in capsys.readouterr().out
    versions = sorted(p.name for p in stored_settings.index_dir.glob("fts-*.sqlite"))
    assert len(versions) == 2 and (stored_settings.index_dir / "CURRENT").read_text().strip() == versions[-1]


def test_unknown_backend_refuses_with_a_reason(stored_settings: Settings, capsys: pytest.CaptureFixture[str]) -> None:
    broken = stored_settings.replace(index_backend="solr")
    assert _run(index_cmd, broken) == 1
    err = capsys.readouterr().err
    assert "'solr' is not available" in err and "0 articles wait in the outbox" in err
    assert _run(search_cmd, broken, "выборы") == 1
    assert "not available" in capsys.readouterr().err


def test_search_table_shows_bishkek_days(stored_settings: Settings, capsys: pytest.CaptureFixture[str]) -> None:
    _run(index_cmd, stored_settings, "--catch-up")
    capsys.readouterr()
    assert _run(search_cmd, stored_settings, "предварительные итоги", "--format", "table") == 0
    out = capsys.readouterr().out
    assert "2021-11-29" in out and "2021-11-28" not in out  # ru-09: 20:00 UTC on the 28th


def test_writes_to_the_old_version_during_a_reindex_are_queued_again(
    stored_settings: Settings, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from kabarchy.backends import make_index

    def index_with_a_concurrent_run(settings: Settings):  # type: ignore[no-untyped-def]
        index = make_index(settings)
        rebuild = index.rebuild

        def rebuild_while_a_run_syncs(batches):  # type: ignore[no-untyped-def]
            with Store.open(settings.store_path) as other:  # another process acknowledges ru-09
                other.ack_indexed("sqlite", [("ru-09", "upsert", "")])
            return rebuild(batches)

        monkeypatch.setattr(index, "rebuild", rebuild_while_a_run_syncs)
        return index

    monkeypatch.setattr(reindex_cmd, "make_index", index_with_a_concurrent_run)
    assert _run(reindex_cmd, stored_settings) == 0
    with Store.open(stored_settings.store_path) as store:
        assert store.queued_ids("sqlite") == {"ru-09"}


def test_statements_by_speaker_and_words(stored_settings: Settings, capsys: pytest.CaptureFixture[str]) -> None:
    _run(index_cmd, stored_settings, "--catch-up")
    capsys.readouterr()
    assert _run(statements_cmd, stored_settings, "--speaker", "person:sadyr-japarov", "--lang", "ru", "--json") == 0
    hits = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert {h["text"] for h in hits} == {"граждане должны уважать итоги голосования", "ЦИК рассмотрит все обращения"}
    assert all(h["speaker_post"] == "Президент Кыргызской Республики" for h in hits)
    assert _run(statements_cmd, stored_settings, "--speaker", "person:sadyr-japarov", "--lang", "ky", "--json") == 0
    assert {json.loads(line)["text"] for line in capsys.readouterr().out.splitlines()} == {
        "өлкөнүн экономикасы өстү", "шайлоодо ар бир добуш маанилүү"}
    assert _run(statements_cmd, stored_settings, "голосов", "--speaker", "body:cec", "--json") == 0
    texts = [json.loads(line)["text"] for line in capsys.readouterr().out.splitlines()]
    assert sorted(texts) == ["доклад о пересчёте голосов будет готов к заседанию",
                             "подсчёт голосов начнётся сразу после закрытия участков"]
    assert _run(statements_cmd, stored_settings, "голосов", "--speaker", "body:cec", "--format", "table") == 0
    assert "2 of 2 statements" in capsys.readouterr().out
