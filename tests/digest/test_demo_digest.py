"""The demo, end to end: `kabarchy demo`, then the 2021-11-28 digest in Russian and Kyrgyz sent to a
real SMTP server on localhost — once, however often the command runs."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from kabarchy.cli import main
from tests.digest.smtp_server import Handler

pytestmark = [pytest.mark.slow, pytest.mark.filterwarnings("ignore::DeprecationWarning")]


def test_demo_day_digest_in_russian_and_kyrgyz_delivered_once(
        tmp_path: Path, smtp_server: tuple[Handler, int], monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    handler, port = smtp_server
    data = tmp_path / "demo"
    assert main(["demo", "--data-dir", str(data)]) == 0
    subs = tmp_path / "subscriptions.yaml"
    subs.write_text("subscribers:\n  - email: ru@example.org\n    language: ru\n"
                    "  - email: ky@example.org\n    language: ky\n", encoding="utf-8")
    for key, value in {"DATA_DIR": str(data), "SMTP_HOST": "127.0.0.1", "SMTP_PORT": str(port),
                       "SMTP_SECURITY": "none", "DIGEST_SUBSCRIPTIONS": str(subs)}.items():
        monkeypatch.setenv(f"KABARCHY_{key}", value)
    capsys.readouterr()
    for _ in range(2):
        assert main(["digest", "--date", "2021-11-28", "--send"]) == 0
    runs = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert sorted(runs[0]["sent"]) == ["ky@example.org", "ru@example.org"] and runs[1]["sent"] == []
    got = {r.recipients[0]: r.message for r in handler.received}
    assert len(handler.received) == 2
    ru = got["ru@example.org"].get_body(("plain",)).get_content()
    ky = got["ky@example.org"].get_body(("plain",)).get_content()
    assert "Выборы в Жогорку Кенеш: ЦИК сообщил о явке" in ru and "Главные истории" in ru
    assert "Жогорку Кеңешке шайлоо: БШК шайлоочулардын катышуусу" in ky and "Негизги жаңылыктар" in ky
    # The CEC's statements, in the reader's language first.
    assert ru.index("явка превысила 30 процентов") < ru.index("30 пайыздан ашты")
    assert ky.index("30 пайыздан ашты") < ky.index("явка превысила 30 процентов")
