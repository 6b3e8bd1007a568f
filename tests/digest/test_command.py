"""`kabarchy digest` end to end: a real store and index, a real SMTP server, the send log."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import datetime, timezone
from pathlib import Path

import pytest

from indexes.digest import SECTIONS
from kabarchy.backends import make_index
from kabarchy.cli import main
from kabarchy.settings import Settings
from pipeline.store import Store
from tests.digest.smtp_server import Handler
from tests.digest.world import build, load_day, quiet_weeks

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")

SUBSCRIBERS = """\
subscribers:
  - email: newsroom@example.org
    language: ru
  - email: redaktor@example.org
    language: ky
    entities: [БШК]
    sections: [stories, statements]
  - email: gone@example.org
    language: en
  - email: later@example.org
    frequency: instant
    entities: [ГКНБ]
"""


def write_config(tmp_path: Path, *, smtp_port: int | None, subscribers: str = SUBSCRIBERS) -> Path:
    (tmp_path / "subscriptions.yaml").write_text(subscribers, encoding="utf-8")
    smtp = f'[smtp]\nhost = "127.0.0.1"\nport = {smtp_port}\nsecurity = "none"\n' if smtp_port else ""
    conf = tmp_path / "settings.toml"
    repo = Path(__file__).resolve().parents[2] / "config"
    conf.write_text(
        f'data_dir = "data"\nsources = "{repo}/sources.yaml"\nentities = "{repo}/entities.yaml"\n'
        f'[index]\nbackend = "sqlite"\n'
        f'[digest]\nsubscriptions = "subscriptions.yaml"\nbase_url = "https://kabarchy.example.org"\n'
        f'from_address = "Kabarchy <digest@kabarchy.example.org>"\n' + smtp, encoding="utf-8")
    return conf


@pytest.fixture
def filled(settings: Settings) -> Iterator[Path]:
    """The fixture day in the store and embedded index under tmp_path/data (settings' data_dir)."""
    data = settings.data_dir
    settings = settings.replace(index_backend="sqlite")
    index = make_index(settings)
    index.open()
    with Store.open(settings.store_path) as store:
        corpus = load_day()
        corpus["articles"] += quiet_weeks(datetime(2024, 3, 12, 4, tzinfo=timezone.utc))
        build(store, index, corpus)
    index.close()
    yield data


def test_send_delivers_each_daily_subscriber_once_and_records_a_refusal(
        tmp_path: Path, filled: Path, smtp_server: tuple[Handler, int], capsys: pytest.CaptureFixture[str]) -> None:
    handler, port = smtp_server
    handler.refuse["gone@example.org"] = "550 5.1.1 Mailbox unavailable"
    conf = write_config(tmp_path, smtp_port=port)
    assert main(["--config", str(conf), "digest", "--date", "2024-03-12", "--send"]) == 1  # one refused
    report = json.loads(capsys.readouterr().out)
    assert sorted(report["sent"]) == ["newsroom@example.org", "redaktor@example.org"]
    assert report["failed"] == ["gone@example.org"]
    got = {r.recipients[0]: r.message for r in handler.received}
    assert set(got) == {"newsroom@example.org", "redaktor@example.org"}  # the instant subscriber waits

    ru = got["newsroom@example.org"].get_body(("plain",)).get_content()
    assert "ЦИК утвердил форму избирательного бюллетеня для местных выборов" in ru
    assert "Кабинет министров одобрил изменения в республиканский бюджет" in ru
    assert "Тихий сайт" in ru  # source health
    ky = got["redaktor@example.org"]
    ky_html = ky.get_body(("html",)).get_content()
    assert "БШК жергиликтүү шайлоо үчүн бюллетендин формасын бекитти" in ky_html
    assert "Кабинет министров" not in ky_html  # watches the CEC only
    assert "Булактар" not in ky_html  # sections: stories and statements
    assert "https://kabarchy.example.org/stories/a-cec?lang=ky" in ky_html
    assert ky["Content-Language"] == "ky" and "дайджест" in ky["Subject"]

    # A second run sends nothing new; the refusal stays recorded and shown by `kabarchy status`.
    assert main(["--config", str(conf), "digest", "--date", "2024-03-12", "--send"]) == 0
    again = json.loads(capsys.readouterr().out)
    assert again["sent"] == [] and sorted(again["already_sent"]) == [
        "gone@example.org", "newsroom@example.org", "redaktor@example.org"]
    assert len(handler.received) == 2
    assert main(["--config", str(conf), "status", "--json"]) == 0
    status = json.loads(capsys.readouterr().out)["digests"]
    assert status["by_state"] == {"sent": 2, "failed": 1}
    [problem] = status["problems"]
    assert problem["recipient"] == "gone@example.org" and problem["code"] == 550


def test_without_smtp_digests_go_to_the_outbox(tmp_path: Path, filled: Path,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    conf = write_config(tmp_path, smtp_port=None)
    assert main(["--config", str(conf), "digest", "--date", "2024-03-12", "--send", "--to",
                 "redaktor@example.org"]) == 0
    outbox = filled / "outbox"
    assert sorted(p.name for p in outbox.iterdir()) == [
        "2024-03-12-daily-ky-redaktor-at-example.org.eml", "2024-03-12-daily-ky-redaktor-at-example.org.html"]
    capsys.readouterr()
    assert main(["--config", str(conf), "digest", "--date", "2024-03-12", "--send", "--to",
                 "redaktor@example.org"]) == 0
    assert json.loads(capsys.readouterr().out)["already_sent"] == ["redaktor@example.org"]


def test_print_json_and_preview_files(tmp_path: Path, filled: Path, capsys: pytest.CaptureFixture[str]) -> None:
    conf = write_config(tmp_path, smtp_port=None)
    assert main(["--config", str(conf), "digest", "--date", "2024-03-12", "--json", "--lang", "ky"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["day"] == "2024-03-12" and data["language"] == "ky"
    assert data["stories"][0]["id"] == "a-cec" and data["stories"][0]["headline_language"] == "ky"
    assert main(["--config", str(conf), "digest", "--date", "2024-03-12", "--lang", "en"]) == 0
    text = capsys.readouterr().out
    assert "== Top stories ==" in text and "First published by ЦИК КР" in text
    assert main(["--config", str(conf), "digest", "--date", "2024-03-12", "--out", str(tmp_path / "preview")]) == 0
    assert len(list((tmp_path / "preview").glob("*.eml"))) == 4 and not (filled / "outbox").exists()


def test_a_broken_subscriptions_file_is_reported_with_its_line(tmp_path: Path, filled: Path,
                                                               capsys: pytest.CaptureFixture[str]) -> None:
    conf = write_config(tmp_path, smtp_port=None, subscribers=SUBSCRIBERS + "  - email: x@example.org\n    language: fr\n")
    assert main(["--config", str(conf), "digest", "--date", "2024-03-12", "--send"]) == 1
    err = capsys.readouterr().err
    assert f"{tmp_path / 'subscriptions.yaml'}:14" in err and "language must be one of ru, ky, en" in err
    assert len(list((filled / "outbox").glob("*.eml"))) == 3  # the others still got theirs
    conf = write_config(tmp_path, smtp_port=None, subscribers="subscribers: [\n")
    assert main(["--config", str(conf), "digest", "--date", "2024-03-12", "--send"]) == 2


def test_sections_constant_matches_the_template() -> None:
    template = (Path(__file__).resolve().parents[2] / "digest" / "templates" / "digest.html").read_text()
    assert all(f'"{s}" in sections' in template for s in SECTIONS)
