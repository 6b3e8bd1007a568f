"""The subscriptions file: the shipped example loads; every mistake names its file and line."""

from __future__ import annotations

from pathlib import Path

import pytest

from digest.subscriptions import SubscriptionsError, load_subscriptions, resolve
from kabarchy.entities import build_directory
from kabarchy.settings import SettingsError, load_settings

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def directory():  # noqa: ANN201
    return build_directory(load_settings(ROOT / "config" / "settings.toml", env={}))


def write(tmp_path: Path, text: str) -> Path:
    p = tmp_path / "subs.yaml"
    p.write_text(text, encoding="utf-8")
    return p


def test_the_shipped_example_loads_and_resolves(directory) -> None:  # noqa: ANN001
    loaded = resolve(load_subscriptions(ROOT / "config" / "subscriptions.example.yaml"), directory)
    assert loaded.problems == ()
    by = {s.label: s for s in loaded.subscriptions}
    assert by["redaktor@example.org"].watch.entity_ids == ("body:cec", "body:jogorku-kenesh")
    assert by["redaktor@example.org"].language == "ky" and by["redaktor@example.org"].max_stories == 8
    assert by["watchdog@example.org"].frequency == "instant"
    assert by["watchdog@example.org"].watch.entity_ids == ("body:cec", "person:sadyr-japarov")
    assert by["editor@example.org"].watch is None
    assert by["https://chat.example.org/hooks/kabarchy"].email is None


def test_names_in_any_form_resolve_to_one_id(tmp_path: Path, directory) -> None:  # noqa: ANN001
    p = write(tmp_path, "subscribers:\n  - email: a@example.org\n    entities: [ЦИКа, БШКнын, CEC, body:cec]\n")
    [sub] = resolve(load_subscriptions(p), directory).subscriptions
    assert sub.watch.entity_ids == ("body:cec",)


@pytest.mark.parametrize(("entry", "line", "message"), [
    ("  - email: a@example.org\n    langauge: ru\n", 4, "unknown key 'langauge'"),
    ("  - email: a@example.org\n    language: de\n", 4, "language must be one of ru, ky, en"),
    ("  - email: not-an-address\n", 3, "not an email address"),
    ("  - name: nobody\n", 3, "needs an email address or a webhook URL"),
    ("  - webhook: ftp://x.example.org/\n", 3, "webhook must be an http(s) URL"),
    ("  - email: a@example.org\n    frequency: hourly\n", 4, "frequency must be one of daily, instant"),
    ("  - email: a@example.org\n    sections: [stories, weather]\n", 4, "unknown section 'weather'"),
    ("  - email: a@example.org\n    max_stories: 500\n", 4, "max_stories must be a whole number from 1 to 50"),
    ("  - email: a@example.org\n    keywords: [\"" + "слово " * 200 + "\"]\n", 4, "keywords:"),
    ("  - email: a@example.org\n    email: b@example.org\n", 4, "duplicate key 'email'"),
    ("  - email: ok@example.org\n", 3, "already subscribed at line 2"),
    ("  - just text\n", 3, "a subscriber must be a mapping"),
])
def test_a_broken_entry_names_its_line_and_the_others_still_load(tmp_path: Path, entry: str, line: int,
                                                                 message: str) -> None:
    p = write(tmp_path, "subscribers:\n  - email: ok@example.org\n" + entry)
    loaded = load_subscriptions(p)
    assert [s.email for s in loaded.subscriptions] == ["ok@example.org"]
    [problem] = loaded.problems
    assert problem.line == line and message in problem.message and str(problem).startswith(f"{p}:{line}")


def test_unknown_and_ambiguous_names_are_errors_on_their_line(tmp_path: Path, directory) -> None:  # noqa: ANN001
    p = write(tmp_path, "subscribers:\n"
              "  - email: a@example.org\n    entities:\n      - ЦИК\n      - Центризбирком Марса\n"
              "  - email: b@example.org\n    entities: [Жапаров]\n"
              "  - email: c@example.org\n    entities: [Ата Мекен]\n")
    loaded = resolve(load_subscriptions(p), directory)
    assert [s.email for s in loaded.subscriptions] == ["c@example.org"]
    unknown, ambiguous = loaded.problems
    assert unknown.line == 5 and "unknown entity 'Центризбирком Марса'" in unknown.message
    assert ambiguous.line == 7 and "ambiguous" in ambiguous.message
    assert "person:sadyr-japarov" in ambiguous.message and "person:akylbek-japarov" in ambiguous.message


def test_a_file_that_is_not_yaml_is_an_error_with_its_line(tmp_path: Path) -> None:
    p = write(tmp_path, "subscribers:\n  - email: a@example.org\n    entities: [ЦИК\n")
    with pytest.raises(SubscriptionsError, match=rf"{p}:\d+: not valid YAML"):
        load_subscriptions(p)
    with pytest.raises(SubscriptionsError, match="'subscribers' must be a list"):
        load_subscriptions(write(tmp_path, "subscribers: everyone\n"))


def test_a_missing_file_means_no_subscribers(tmp_path: Path) -> None:
    assert load_subscriptions(tmp_path / "none.yaml").subscriptions == ()


def test_secrets_come_only_from_the_environment(tmp_path: Path) -> None:
    conf = tmp_path / "settings.toml"
    conf.write_text("[smtp]\nhost = 'mail.example.org'\npassword = 'hunter2'\n", encoding="utf-8")
    with pytest.raises(SettingsError, match="smtp.password is a secret .* KABARCHY_SMTP_PASSWORD"):
        load_settings(conf, env={})
    conf.write_text("[smtp]\nhost = 'mail.example.org'\n", encoding="utf-8")
    s = load_settings(conf, env={"KABARCHY_SMTP_PASSWORD": "hunter2"})
    assert s.smtp_password == "hunter2" and s.smtp_host == "mail.example.org"
