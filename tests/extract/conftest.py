"""Shared helpers for the extract tests: fixture files with JSON sidecars of expectations."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest

from pipeline.records import FeedEntry

def check_entry(entry: FeedEntry, expect: dict[str, Any]) -> None:
    """Compare the fields a sidecar names; dates compare as instants, offsets when named."""
    assert entry.url == expect["url"]
    for field in ("title", "author"):
        if field in expect:
            assert getattr(entry, field) == expect[field], field
    if "tags" in expect:
        assert list(entry.tags) == expect["tags"]
    if "published" in expect:
        want = expect["published"]
        assert (entry.published is None) == (want is None)
        if want is not None:
            assert entry.published == datetime.fromisoformat(want)
            assert entry.published.tzinfo is not None
    if "utc_offset_hours" in expect:
        assert entry.published is not None
        assert entry.published.utcoffset().total_seconds() == expect["utc_offset_hours"] * 3600
    if "summary_contains" in expect:
        assert expect["summary_contains"] in entry.summary
        assert "<" not in entry.summary
    if "content_contains" in expect:
        assert expect["content_contains"] in entry.content
        assert "<p>" not in entry.content
    if "content_lines" in expect:
        assert len(entry.content.splitlines()) == expect["content_lines"]


@pytest.fixture
def entry_checker() -> Callable[[FeedEntry, dict[str, Any]], None]:
    return check_entry


def _read_case(sidecar: Path) -> tuple[dict[str, Any], bytes | None]:
    """(sidecar JSON, bytes of the fixture it describes: same name without .json, or any suffix)."""
    case = json.loads(sidecar.read_text(encoding="utf-8"))
    exact = sidecar.with_suffix("")
    if exact.suffix and exact.exists():
        return case, exact.read_bytes()
    matches = [p for p in sidecar.parent.glob(sidecar.stem + ".*") if p.suffix != ".json"]
    return case, matches[0].read_bytes() if len(matches) == 1 else None


@pytest.fixture
def read_case() -> Callable[[Path], tuple[dict[str, Any], bytes | None]]:
    return _read_case
