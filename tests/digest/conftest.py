from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from indexes.base import Index
from kabarchy.backends import make_index
from kabarchy.settings import Settings
from pipeline.store import Store
from tests.digest.smtp_server import Handler, self_signed, start
from tests.digest.world import build, load_day, quiet_weeks
from tests.indexes.conftest import make_settings
from tests.support.elastic import require_elasticsearch


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
def smtp_server() -> Iterator[tuple[Handler, int]]:
    """A plain SMTP server on localhost: (handler with what it received, port)."""
    handler = Handler()
    controller = start(handler)
    yield handler, controller.port
    controller.stop()


BACKENDS = ["sqlite", pytest.param("elasticsearch", marks=pytest.mark.elasticsearch)]


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    """The repo's settings with data in tmp_path and a fresh Elasticsearch index prefix."""
    return make_settings(tmp_path)


@pytest.fixture(params=BACKENDS)
def world(request: pytest.FixtureRequest, settings: Settings) -> Iterator[tuple[Settings, Store, Index]]:
    """The fixture day in a real store and a real index of each backend."""
    settings = settings.replace(index_backend=request.param)
    if request.param == "elasticsearch":
        require_elasticsearch(settings.elasticsearch_url)
    index = make_index(settings)
    index.open()
    try:
        with Store.open(settings.store_path) as store:
            corpus = load_day()
            corpus["articles"] += quiet_weeks(datetime(2024, 3, 12, 4, tzinfo=timezone.utc))
            build(store, index, corpus)
            yield settings, store, index
    finally:
        index.drop()
        index.close()
