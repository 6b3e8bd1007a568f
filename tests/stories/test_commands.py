"""`kabarchy stories`, `story` and `restory` on a real store and the embedded index: what they
print, their exit codes, and story ids reaching the index."""

from __future__ import annotations

import json
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from indexes.base import SearchQuery
from indexes.sqlite import SqliteIndex
from kabarchy.cli import main
from pipeline.store import Store
from tests.stories.conftest import SOURCES, add_article
from tests.stories.test_stage import CEC_RESULTS

REPO = Path(__file__).resolve().parents[2]
B = timezone(timedelta(hours=6))


@pytest.fixture
def config(tmp_path: Path) -> Path:
    """A settings file whose store holds one CEC story in three outlets and one other article."""
    data = tmp_path / "data"
    path = tmp_path / "settings.toml"
    path.write_text(f'data_dir = "{data}"\nentities = "{REPO / "config" / "entities.yaml"}"\n'
                    f'sources = "{REPO / "config" / "sources.yaml"}"\n', encoding="utf-8")
    with Store.open(data / "kabarchy.sqlite") as store:
        store.sync_sources(SOURCES)
        add_article(store, "a1", "kabar", "ru", "ЦИК утвердил итоги выборов", CEC_RESULTS,
                    datetime(2023, 10, 12, 10, 0, tzinfo=B), ("body:cec",))
        add_article(store, "a2", "akipress", "ru", "ЦИК утвердил итоги", CEC_RESULTS + " Об этом передает Кабар.",
                    datetime(2023, 10, 12, 11, 0, tzinfo=B), ("body:cec",))
        add_article(store, "a3", "24kg", "ru", "ЦИК утвердил итоги", CEC_RESULTS + " Об этом сообщает Кабар.",
                    datetime(2023, 10, 12, 12, 0, tzinfo=B), ("body:cec",))
        add_article(store, "b1", "kaktus", "ru", "В Бишкеке открыли парк",
                    "Мэрия Бишкека открыла новый парк на юге столицы. Высажены 2 400 деревьев.",
                    datetime(2023, 10, 12, 15, 0, tzinfo=B), ("place:bishkek",))
    return path


def _out(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_restory_then_stories_and_story(config: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = _out(capsys, "--config", str(config), "restory")
    assert code == 0 and "re-assigned 4 article(s)" in out and "2 reprint" in out
    code, out, _ = _out(capsys, "--config", str(config), "stories", "--date", "2023-10-12", "--json")
    stories = [json.loads(line) for line in out.splitlines()]
    assert code == 0 and [(s["id"], len(s["outlets"]), s["first_publisher"]) for s in stories] == [
        ("a1", 3, "kabar"), ("b1", 1, "kaktus")]
    code, out, _ = _out(capsys, "--config", str(config), "stories", "--date", "2023-10-12", "--min-outlets", "2",
                        "--format", "table")
    assert code == 0 and "1 stories, 2023-10-12" in out and "story a1" in out and "b1" not in out
    code, out, _ = _out(capsys, "--config", str(config), "story", "a2", "--json")  # a member's id finds its story
    detail = json.loads(out)
    assert code == 0 and [(m["article_id"], m["relation"]) for m in detail["members"]] == [
        ("a1", "first"), ("a2", "reprint"), ("a3", "reprint")]
    # the index holds the story ids: one hit per story when collapsed
    index = SqliteIndex(config.parent / "data" / "index")
    index.open()
    try:
        result = index.search(SearchQuery(collapse_stories=True, sort="date"))
    finally:
        index.close()
    assert [(h.story_id, h.story_articles, h.story_outlets) for h in result.hits] == [("b1", 1, 1), ("a1", 3, 3)]
    code, out, _ = _out(capsys, "--config", str(config), "export")
    assert {json.loads(line)["id"]: json.loads(line)["story_id"] for line in out.splitlines()} == {
        "a1": "a1", "a2": "a1", "a3": "a1", "b1": "b1"}


def test_restory_twice_changes_nothing(config: Path, capsys: pytest.CaptureFixture[str]) -> None:
    def members() -> list[tuple]:
        with Store.open(config.parent / "data" / "kabarchy.sqlite") as store:
            return [tuple(r) for r in store.conn.execute(
                "SELECT article_id, story_id, relation, score FROM story_members ORDER BY article_id")]

    assert _out(capsys, "--config", str(config), "restory")[0] == 0
    first = members()
    assert _out(capsys, "--config", str(config), "restory", "--from", "2023-10-12")[0] == 0
    assert members() == first


@pytest.mark.parametrize("argv, code, message", [
    (("stories", "--date", "2023-10-12", "--from", "2023-10-01"), 2, "not both"),
    (("stories", "--from", "2023-10-12", "--to", "2023-10-01"), 2, "after --to"),
    (("stories", "--min-outlets", "0"), 2, "at least 1"),
    (("story", "nope"), 1, "no story or article 'nope'"),
])
def test_bad_requests_get_a_clear_error(config: Path, capsys: pytest.CaptureFixture[str], argv: tuple,
                                        code: int, message: str) -> None:
    got, _, err = _out(capsys, "--config", str(config), *argv)
    assert got == code and message in err


def test_stories_and_story_print_whole_ids_and_urls_and_tsv_for_pipes(
        config: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    assert _out(capsys, "--config", str(config), "restory")[0] == 0
    code, out, _ = _out(capsys, "--config", str(config), "stories", "--date", "2023-10-12")  # a pipe: TSV
    lines = [line.split("\t") for line in out.splitlines()]
    assert code == 0 and lines[0][:3] == ["id", "articles", "outlets"]
    assert [(row[0], row[1]) for row in lines[1:]] == [("a1", "3"), ("b1", "1")]
    code, out, _ = _out(capsys, "--config", str(config), "story", "a1", "--format", "csv")
    rows = out.splitlines()
    assert code == 0 and rows[0].startswith("article_id,published,source") and len(rows) == 4
    assert rows[1].startswith("a1,") and rows[1].endswith(",https://kabar.example/a1")
    monkeypatch.setenv("COLUMNS", "24")  # narrower than an URL: it is still printed whole, on a line of its own
    code, out, _ = _out(capsys, "--config", str(config), "story", "a1", "--format", "table")
    assert code == 0 and "https://akipress.example/a2" in out.splitlines() and "story a1" in out
    code, out, _ = _out(capsys, "--config", str(config), "stories", "--date", "2023-10-12", "--format", "table")
    assert code == 0 and {"story a1", "story b1"} <= set(out.splitlines())
