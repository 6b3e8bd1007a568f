"""Downloads stream a whole result set past the index's 10,000-hit offset window, on both backends."""

from __future__ import annotations

import csv
import io
import json
import random
from collections.abc import Iterator
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from indexes.base import ArticleDocument, EntityRef, Index, StatementDocument, StatementQuery
from kabarchy.backends import make_index
from kabarchy.entities import build_directory
from kabarchy.settings import Settings
from pipeline.store import Store
from tests.support.elastic import require_elasticsearch
from tests.web.conftest import _ENDINGS, _MIDDLES, _MONTHS, _OPENINGS, BACKENDS, web_settings
from web import WebOptions, create_app

ARTICLES = 210
PER_ARTICLE = 50  # 10,500 statements: past the 10,000 window offset paging stops at
SPEAKERS = ("body:cec", "body:jogorku-kenesh", "body:gknb")


def _said(rnd: random.Random) -> str:
    return " ".join([rnd.choice(_OPENINGS) + ".", rnd.choice(_MIDDLES).format(n=rnd.randint(2, 90)),
                     rnd.choice(_ENDINGS).format(m=rnd.choice(_MONTHS))])


def _documents() -> Iterator[tuple[list[ArticleDocument], list[StatementDocument]]]:
    """Articles of one outlet, each quoting three bodies fifty times between them (generated
    directly as index documents: the analysis is not what this test is about)."""
    rnd = random.Random(3)
    start = datetime(2023, 3, 1, 4, 0, tzinfo=timezone.utc)
    for first in range(0, ARTICLES, 30):
        articles, statements = [], []
        for i in range(first, min(first + 30, ARTICLES)):
            aid, published = f"said-{i:04d}", start + timedelta(hours=5 * i)
            text = " ".join(_said(rnd) for _ in range(3))
            articles.append(ArticleDocument(
                id=aid, url=f"https://budget.example/said/{i}", title=f"Заявления дня ({i + 1})", lead="",
                text=text, language="ru", source="budget", source_name="Бюджет-Инфо", source_kind="outlet",
                published=published, entities=tuple(EntityRef(s, s.partition(":")[0], s) for s in SPEAKERS),
                speaker_ids=SPEAKERS, title_lemmas="заявление день", text_lemmas="бюджет"))
            statements += [StatementDocument(
                id=f"{aid}:{k}", article_id=aid, speaker_id=SPEAKERS[k % 3], speaker_surface=SPEAKERS[k % 3],
                speaker_post="", text=_said(rnd), kind="direct", published=published + timedelta(minutes=k % 7),
                language="ru", source="budget", text_lemmas="бюджет план") for k in range(PER_ARTICLE)]
        yield articles, statements


@pytest.fixture(scope="module", params=BACKENDS)
def quoted(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[TestClient, Index]]:
    folder: Path = tmp_path_factory.mktemp(f"said-{request.param}")
    settings: Settings = web_settings(folder).replace(index_backend=request.param)
    if request.param == "elasticsearch":
        require_elasticsearch(settings.elasticsearch_url)
    Store.open(settings.store_path).close()
    index = make_index(settings)
    index.open()
    for articles, statements in _documents():
        index.index(articles, statements)
    index.refresh()
    app = create_app(WebOptions(store_path=settings.store_path, rate_limit_per_minute=0), make_index(settings),
                     lambda store: build_directory(settings, store))
    with TestClient(app) as client:
        yield client, index
    index.drop()
    index.close()


def test_statement_downloads_hold_every_statement_past_the_window(quoted: tuple[TestClient, Index]) -> None:
    client, index = quoted
    total = ARTICLES * PER_ARTICLE
    assert index.statements(StatementQuery()).total == total > 10_000
    lines = client.get("/api/statements", params={"format": "jsonl"}).text.splitlines()
    rows = [json.loads(line) for line in lines]
    assert len(rows) == len({r["id"] for r in rows}) == total
    newest_first = [(r["published"], r["id"]) for r in rows]
    assert newest_first == sorted(newest_first, key=lambda p: (-datetime.fromisoformat(p[0]).timestamp(), p[1]))
    resp = client.get("/api/statements", params={"format": "csv", "speaker": "body:cec"})
    cec = list(csv.DictReader(io.StringIO(resp.text.lstrip("\ufeff"))))
    assert len(cec) == len({r["id"] for r in cec}) == index.statements(StatementQuery(speaker_ids=("body:cec",))).total
    assert {r["speaker_id"] for r in cec} == {"body:cec"}


def test_statement_pages_follow_the_cursor_past_the_window(quoted: tuple[TestClient, Index]) -> None:
    client, _ = quoted
    seen: list[str] = []
    cursor = None
    while True:
        body = client.get("/api/statements", params={"limit": 100, **({"cursor": cursor} if cursor else {})}).json()
        seen += [s["id"] for s in body["statements"]]
        cursor = body["next_cursor"]
        if cursor is None:
            break
    assert len(seen) == len(set(seen)) == ARTICLES * PER_ARTICLE
