"""The takedown state machine, path by path."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

from pipeline.revisits.outcome import Outcome, from_error, redirected_away
from pipeline.revisits.schedule import RevisitPlan, parse_offsets
from pipeline.revisits.states import Current, decide

import pytest

BASE = datetime(2026, 11, 30, 4, 0, tzinfo=timezone.utc)
PLAN = RevisitPlan()


def walk(outcomes: list[str], hours: list[float]) -> list[tuple[str, str | None]]:
    cur = Current("live", 0, None, None, BASE)
    out = []
    for kind, h in zip(outcomes, hours):
        d = decide(cur, Outcome(kind), BASE + timedelta(hours=h), PLAN)
        out.append((d.state, d.event))
        cur = Current(d.state, d.failures, d.failure_kind, d.first_failed_at, BASE)
    return out


def test_one_failure_then_success_is_nothing() -> None:
    assert walk(["gone", "live"], [1, 3]) == [("live", None), ("live", None)]


def test_three_failures_in_a_row_conclude_once() -> None:
    assert walk(["gone"] * 4, [1, 3, 5, 6]) == [("live", None), ("live", None), ("removed", "removed"),
                                               ("removed", None)]


def test_outage_then_return_is_unreachable_then_restored() -> None:
    assert walk(["unreachable"] * 3 + ["unchanged"], [1, 3, 5, 24])[-2:] == [
        ("unreachable", "unreachable"), ("live", "restored")]


def test_a_skipped_visit_changes_nothing() -> None:
    assert walk(["gone", "skipped", "gone", "gone"], [1, 2, 3, 5])[-1] == ("removed", "removed")


def test_a_failure_is_retried_sooner_than_the_schedule() -> None:
    d = decide(Current("live", 0, None, None, BASE), Outcome("gone"), BASE + timedelta(hours=6.5), PLAN)
    assert d.next_at == BASE + timedelta(hours=8.5)
    ok = decide(Current("live", 0, None, None, BASE), Outcome("unchanged"), BASE + timedelta(hours=6.5), PLAN)
    assert ok.next_at == BASE + timedelta(hours=24) and ok.step == 2


def test_offsets_missed_while_off_are_not_made_up() -> None:
    step, nxt = PLAN.next_scheduled(BASE, BASE + timedelta(days=5))
    assert step == 4 and nxt == BASE + timedelta(hours=336)
    assert PLAN.next_scheduled(BASE, BASE + timedelta(days=30)) == (5, None)


@pytest.mark.parametrize(("status", "kind", "expected"), [
    (404, "http_error", "gone"), (410, "http_error", "gone"), (503, "http_error", "unreachable"),
    (None, "network", "unreachable"), (None, "timeout", "unreachable"), (None, "robots_disallowed", "skipped"),
    (403, "http_error", "gone"),
])
def test_errors_are_classified(status: int | None, kind: str, expected: str) -> None:
    assert from_error(kind, status, "").kind == expected


@pytest.mark.parametrize(("final", "away"), [
    ("https://kaktus.media/", True),
    ("https://kaktus.media/politics/", True),
    ("https://www.kaktus.media/", True),
    ("https://kaktus.media/politics/2026/12/01/other-article.html", False),
    ("https://kaktus.media/politics/2026/12/01/story-renamed.html", False),
    ("https://kaktus.media/politics/2026/12/01/story.html", False),
    ("https://example.org/", True),
])
def test_redirected_away_means_home_or_a_section(final: str, away: bool) -> None:
    assert redirected_away("https://kaktus.media/politics/2026/12/01/story.html", final) is away


@pytest.mark.parametrize("text", ["", "6,1", "1,x", "nan", "1,inf", "-1,2", "1,1"])
def test_bad_schedules_are_refused(text: str) -> None:
    with pytest.raises(ValueError, match="revisit.schedule_hours"):
        parse_offsets(text)


def test_a_good_schedule_is_read() -> None:
    assert parse_offsets("1, 6,24") == (1.0, 6.0, 24.0)


def test_a_bad_schedule_in_the_settings_file_is_a_clear_settings_error(tmp_path) -> None:  # noqa: ANN001
    from kabarchy.settings import SettingsError, load_settings

    conf = tmp_path / "settings.toml"
    conf.write_text('[revisit]\nschedule_hours = "24,nan"\n', encoding="utf-8")
    with pytest.raises(SettingsError, match="revisit.schedule_hours"):
        load_settings(conf, env={})
