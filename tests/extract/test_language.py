"""detect_language on written snippets in ru, ky, kk, en and on too-short text."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from pipeline.language import detect_language

CASES = json.loads((Path(__file__).parent / "fixtures" / "language" / "cases.json").read_text("utf-8"))["cases"]


@pytest.mark.parametrize("case", CASES, ids=lambda c: f"{c['lang']}:{c['text'][:24]}")
def test_language(case: dict[str, str]) -> None:
    assert detect_language(case["text"]) == case["lang"]


def test_page_fixtures_language() -> None:
    """Longer prose: the Kyrgyz page is ky, the Russian pages are ru."""
    assert detect_language("Бишкекте жаңы көпүрө курулуп жатат. Курулуш иштери жазга чейин бүтөт деп күтүлүүдө.") == "ky"
    assert detect_language("В Бишкеке строят новый мост. Строительство планируют завершить к весне.") == "ru"
