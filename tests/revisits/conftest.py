"""A real local site whose pages change, a store filled by a real run, and revisits at chosen times."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from kabarchy.app import run_once
from kabarchy.revisiting import revisit
from kabarchy.settings import Settings
from pipeline.revisits.stage import RevisitReport
from pipeline.sources import load_sources
from pipeline.store import Store
from pipeline.urls import article_id
from tests.ingest.conftest import make_settings, write_sources
from tests.revisits.site import NewsSite, Page
from tests.support.misbehaving_server import MisbehavingServer


@dataclass
class Watched:
    server: MisbehavingServer
    site: NewsSite
    settings: Settings

    def ingest(self) -> None:
        report = run_once(self.settings, all_sources=True)
        assert report.cycle.total("failed") == 0, report.cycle

    def base(self, slug: str) -> datetime:
        with Store.open(self.settings.store_path) as store:
            row = store.conn.execute("SELECT base_at FROM revisits WHERE article_id=?",
                                     (article_id(self.site.url(slug)),)).fetchone()
        assert row is not None, "ingest schedules nothing by itself: call revisit_at first"
        return datetime.fromisoformat(row[0])

    def revisit_at(self, when: datetime) -> RevisitReport:
        sources = list(load_sources(self.settings.sources).sources)
        with Store.open(self.settings.store_path) as store:
            return revisit(self.settings, store, sources, now=when)

    def after(self, slug: str, hours: float) -> RevisitReport:
        return self.revisit_at(self.base(slug) + timedelta(hours=hours))


@pytest.fixture
def watched(tmp_path: Path) -> Iterator[Watched]:
    root = tmp_path / "site"
    root.mkdir()
    with MisbehavingServer(root=root) as server:
        site = NewsSite(root, server.base_url)
        sources = write_sources(tmp_path / "sources.yaml", server.base_url, {"city": ["/rss.xml"]})
        yield Watched(server, site, make_settings(tmp_path, sources))


def first_page() -> Page:
    return Page()
