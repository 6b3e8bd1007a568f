from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from pipeline.store import Store
from tests.digest.smtp_server import Handler, self_signed, start


class Clock:
    """A clock the tests move forward (retries wait for their backoff)."""

    def __init__(self) -> None:
        self.now = datetime(2021, 11, 29, 2, 0, tzinfo=timezone.utc)

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta: float) -> None:
        self.now += timedelta(**delta)


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    with Store.open(tmp_path / "store.sqlite") as s:
        yield s


@pytest.fixture(scope="session")
def cert(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    return self_signed(tmp_path_factory.mktemp("tls"))


@pytest.fixture
def smtp_server(cert: tuple[Path, Path]) -> Iterator[tuple[Handler, int]]:
    """A plain SMTP server on localhost: (handler with what it received, port)."""
    handler = Handler()
    controller = start(handler)
    yield handler, controller.port
    controller.stop()
