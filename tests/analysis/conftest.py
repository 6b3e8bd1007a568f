"""One Analyzer (spaCy pipelines + the slovnet model) over the small test registry for the whole
session: loading it takes a couple of seconds and ≈300 MB, so every analysis test shares it."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.analysis.stage import Analyzer

HERE = Path(__file__).parent


@pytest.fixture(scope="session")
def registry_path() -> Path:
    return HERE / "registry.yaml"


@pytest.fixture(scope="session")
def analyzer(registry_path: Path) -> Analyzer:
    return Analyzer.load(registry_path)


SHIPPED_REGISTRY = HERE.parents[1] / "config" / "entities.yaml"


@pytest.fixture(scope="session")
def shipped() -> Analyzer:
    """The analyzer over the registry that ships (config/entities.yaml): what passes is what ships."""
    return Analyzer.load(SHIPPED_REGISTRY)
