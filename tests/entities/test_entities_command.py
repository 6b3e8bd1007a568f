"""`kabarchy entities`: ids, names and posts by any name form; clear errors and exit codes."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import pytest

from kabarchy.commands import entities as entities_cmd
from kabarchy.settings import Settings, load_settings
from pipeline.store import Store

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    settings = load_settings(REPO / "config" / "settings.toml", env={}).replace(data_dir=tmp_path / "data")
    settings.data_dir.mkdir()
    with Store.open(settings.store_path) as store:
        store.provisional_entity("prov-organisation:0123456789ab", "organisation", "Ошского рынка")
    return settings


def _run(settings: Settings, *argv: str) -> int:
    parser = argparse.ArgumentParser()
    entities_cmd.add_arguments(parser)
    return entities_cmd.run(parser.parse_args(list(argv)), settings)


def _json_lines(out: str) -> list[dict]:
    return [json.loads(line) for line in out.splitlines()]


def test_a_case_form_finds_the_body_with_its_names(settings: Settings, capsys: pytest.CaptureFixture[str]) -> None:
    assert _run(settings, "БШКнын", "--json") == 0
    [cec] = _json_lines(capsys.readouterr().out)
    assert cec["entity_id"] == "body:cec" and cec["type"] == "body" and not cec["provisional"]
    assert {"ЦИК", "БШК", "CEC", "Центризбирком"} <= set(cec["aliases"])


def test_a_latin_surname_lists_both_namesakes_with_posts(settings: Settings,
                                                         capsys: pytest.CaptureFixture[str]) -> None:
    assert _run(settings, "Zhaparova", "--json") == 0
    found = _json_lines(capsys.readouterr().out)
    assert [e["entity_id"] for e in found] == ["person:akylbek-japarov", "person:sadyr-japarov"]
    president = [p for p in found[1]["posts"] if p["role"] == "president"]
    assert president == [{"role": "president", "title": president[0]["title"], "org_id": "body:president-office",
                          "start": "2021-01-28", "end": None}]
    assert _run(settings, "Жапаров", "--on", "2020-11-01", "--json") == 0
    assert [e["entity_id"] for e in _json_lines(capsys.readouterr().out)] == ["person:sadyr-japarov"]


def test_type_lists_provisional_entities_from_the_store(settings: Settings,
                                                        capsys: pytest.CaptureFixture[str]) -> None:
    assert _run(settings, "--type", "organisation", "--json") == 0
    assert [e["entity_id"] for e in _json_lines(capsys.readouterr().out)] == ["prov-organisation:0123456789ab"]
    assert _run(settings, "Ошский рынок") == 0
    assert "prov-organisation:0123456789ab" in capsys.readouterr().out


def test_unknown_name_exits_1_with_suggestions_and_no_argument_exits_2(
        settings: Settings, capsys: pytest.CaptureFixture[str]) -> None:
    assert _run(settings, "Ташиеев") == 1
    err = capsys.readouterr().err
    assert "no entity is called 'Ташиеев'" in err and "person:kamchybek-tashiev" in err
    assert _run(settings) == 2
    assert "give a NAME or --type" in capsys.readouterr().err


def test_a_broken_registry_is_named(settings: Settings, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    broken = tmp_path / "entities.yaml"
    broken.write_text("version: 1\nroles: {}\nentities: []\n", encoding="utf-8")
    assert _run(settings.replace(entities=broken), "ЦИК") == 1
    assert "registry cannot be used" in capsys.readouterr().err
