"""`kabarchy sources list|check` against the bundled demo site served on 127.0.0.1."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import pytest

from kabarchy.commands import sources as sources_command
from kabarchy.demo import demo_sources, serve_demo_site, write_sources_file
from kabarchy.settings import Settings, load_settings
from pipeline.records import ListingConfig, SourceConfig

REPO = Path(__file__).resolve().parents[2]


def make_settings(tmp_path: Path) -> Path:
    config = tmp_path / "settings.toml"
    config.write_text(
        'data_dir = "data"\nsources = "sources.yaml"\nentities = "%s"\n\n[fetch]\nhost_delay_s = 0.0\nretries = 0\n'
        % (REPO / "config" / "entities.yaml"), encoding="utf-8")
    return config


def run_sources(argv: list[str], settings: Settings) -> int:
    """The command as the CLI calls it (its own parser, so other commands' imports do not matter)."""
    parser = argparse.ArgumentParser()
    sources_command.add_arguments(parser)
    return sources_command.run(parser.parse_args(argv), settings)


def test_list_real_config(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    settings = load_settings(make_settings(tmp_path))
    assert run_sources(["list", "--json", "--file", str(REPO / "config" / "sources.yaml")], settings) == 0
    listed = json.loads(capsys.readouterr().out)
    assert listed["problems"] == []
    assert {"24kg", "azattyk", "azattyk-ru", "shailoo", "gknb", "kenesh"} <= {s["id"] for s in listed["sources"]}


def test_list_reports_problems_and_fails(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                         monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "200")
    settings = load_settings(make_settings(tmp_path))
    (tmp_path / "sources.yaml").write_text(
        "sources:\n  - id: a\n    name: A\n    homepage: https://a.example/\n    languages: [ru]\n"
        "    kind: outlet\n    feeds: [https://a.example/rss]\n"
        "  - id: b\n    name: B\n    homepage: https://b.example/\n    languages: [xx]\n    kind: outlet\n"
        "    feeds: [https://b.example/rss]\n", encoding="utf-8")
    assert run_sources(["list"], settings) == 1
    out = capsys.readouterr().out
    assert "1 sources" in out and "sources.yaml:11 [b]: unknown language 'xx'" in out
    (tmp_path / "sources.yaml").write_text("sources: [unclosed\n", encoding="utf-8")
    assert run_sources(["list"], settings) == 2
    assert "not valid YAML" in capsys.readouterr().err


def test_check_reports_what_answers(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                    monkeypatch: pytest.MonkeyPatch) -> None:
    from kabarchy.cli import main

    config = make_settings(tmp_path)
    with serve_demo_site() as base:
        broken = SourceConfig(
            id="broken", name="Broken", homepage=f"{base}/", languages=("ru",), kind="outlet", allow_private=True,
            feeds=(f"{base}/missing.xml", f"{base}/ru-news/2021/04/11/referendum-konstituciya.html"),
            listings=(ListingConfig(url=f"{base}/official/news/", link_pattern=r"^https://nowhere\.example/"),))
        private = SourceConfig(id="not-allowed", name="Not allowed", homepage=f"{base}/", languages=("ru",),
                               kind="outlet", feeds=(f"{base}/ru-news/rss.xml",))
        write_sources_file(tmp_path / "sources.yaml", [*demo_sources(base), broken, private])
        code = main(["--config", str(config), "sources", "check", "--json", "--timeout", "5"])
        report = json.loads(capsys.readouterr().out)
        monkeypatch.setenv("COLUMNS", "250")
        # none of the checked sources answers: exit 3 with the verdict as the last line
        assert main(["--config", str(config), "sources", "check", "--only", "broken"]) == 3
        table = capsys.readouterr().out
    assert code == 0  # some sources answer: failing sites do not fail the command
    assert table.strip().splitlines()[-1] == "0 of 1 sources reachable: failures: http_error ×1, not_parsed ×1, empty ×1"
    got = {(e["source_id"], e["url"].removeprefix(base)): e for e in report["endpoints"]}
    entries = {key: (e["ok"], e["status"], e["entries"], e["error_kind"]) for key, e in got.items()}
    assert entries == {
        ("demo-ru-news", "/ru-news/rss.xml"): (True, 200, 12, None),
        ("demo-ru-news", "/ru-news/"): (True, 200, 12, None),
        ("demo-ky-kabar", "/ky-kabar/atom.xml"): (True, 200, 10, None),
        ("demo-ky-kabar", "/ky-kabar/sitemap.xml"): (True, 200, 13, None),
        ("demo-official", "/official/news/"): (True, 200, 7, None),
        ("demo-ru-wire", "/ru-wire/rss.xml"): (True, 200, 3, None),
        ("broken", "/missing.xml"): (False, 404, 0, "http_error"),
        ("broken", "/ru-news/2021/04/11/referendum-konstituciya.html"): (False, 200, 0, "not_parsed"),
        ("broken", "/official/news/"): (False, 200, 0, "empty"),
        ("not-allowed", "/ru-news/rss.xml"): (False, None, 0, "private_address"),
    }
    assert report["sources_working"] == ["demo-ky-kabar", "demo-official", "demo-ru-news", "demo-ru-wire"]
    assert report["sources_failing"] == ["broken", "not-allowed"]
    assert "http_error" in table and "not_parsed" in table and "demo-ru-news" not in table
    assert "0/3 endpoints answered with article links; 0/1 sources" in table
    assert main(["--config", str(config), "sources", "check", "--only", "no-such-source"]) == 2
    assert "no source with id no-such-source" in capsys.readouterr().err
