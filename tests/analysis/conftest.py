"""One registry and one Analyzer (spaCy pipelines + the slovnet model) for the whole session:
loading them takes a couple of seconds and ≈300 MB, so every analysis test shares them."""

from __future__ import annotations

from datetime import datetime, timezone
from pathlib import Path

import pytest

from pipeline.analysis.registry import Registry
from pipeline.analysis.stage import Analyzer

HERE = Path(__file__).parent


@pytest.fixture(scope="session")
def registry_path() -> Path:
    return HERE / "registry.yaml"


@pytest.fixture(scope="session")
def registry(registry_path: Path) -> Registry:
    return Registry.load(registry_path)


@pytest.fixture(scope="session")
def analyzer(registry_path: Path) -> Analyzer:
    return Analyzer.load(registry_path)


def on(year: int, month: int, day: int) -> datetime:
    return datetime(year, month, day, 9, 0, tzinfo=timezone.utc)
