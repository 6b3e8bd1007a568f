"""Whole news passages in the manner of 24.kg, Kaktus.media, AKIpress, Kabar and Azattyk, one
JSON file each in `statement_cases/` with what must be found beside the text (nothing else may
be). Shipped registry; mentions handed over by surface. Test material, not real quotes."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from pipeline.analysis.registry import Registry
from tests.analysis.test_statements_constructions import run

HERE = Path(__file__).parent
CASES = sorted((HERE / "statement_cases").glob("*.json"))


@pytest.fixture(scope="module")
def reg() -> Registry:
    return Registry.load(HERE.parents[1] / "config" / "entities.yaml")


@pytest.mark.parametrize("path", CASES, ids=[p.stem for p in CASES])
def test_passage(reg: Registry, path: Path) -> None:
    case = json.loads(path.read_text(encoding="utf-8"))
    found = run(case["text"], case["lang"], case["mentions"], reg, date.fromisoformat(case["date"]))
    got = [{"speaker": s.speaker_id, "text": s.text, "surface": s.speaker_surface, "reason": s.speaker_reason}
           for s in found]
    expected = case["expect"]
    assert [(g["speaker"], g["text"]) for g in got] == [(e["speaker"], e["text"]) for e in expected]
    for g, e in zip(got, expected):
        assert g["surface"] == e.get("surface", g["surface"]) and g["reason"] == e.get("reason", g["reason"]), g
