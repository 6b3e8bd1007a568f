"""Fixtures of the web tests: a real store holding the index contract's corpus, a hostile
article and (for paging) 500 articles on one subject; a real index of each backend filled from
it; the application built from plain options as `kabarchy serve` builds it.

Browser tests start a real uvicorn on localhost and drive Debian's chromium with Playwright;
they skip when chromium or Playwright is missing, unless KABARCHY_REQUIRE_BROWSER=1 (set by
the test command) makes them fail.
"""

from __future__ import annotations

import os
import random
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
import yaml
from fastapi import FastAPI
from fastapi.testclient import TestClient

from indexes.base import Index
from indexes.documents import build_documents
from kabarchy.backends import make_index
from kabarchy.entities import build_directory
from kabarchy.stories import assign_stories
from kabarchy.settings import Settings, load_settings
from pipeline.records import Analysis, ExtractedArticle, FeedEntry, Mention, SourceConfig, Statement
from pipeline.store import Store
from tests.indexes.conftest import fill_store, load_corpus
from tests.support.elastic import es_url_for_tests, require_elasticsearch
from web import WebOptions, create_app

REPO = Path(__file__).resolve().parents[2]
FIXTURES = Path(__file__).parent / "fixtures"
BACKENDS = ["sqlite", pytest.param("elasticsearch", marks=pytest.mark.elasticsearch)]
BULK_WORD = "бюджет"
BULK_SIZE = 500


def web_settings(folder: Path) -> Settings:
    settings = load_settings(REPO / "config" / "settings.toml", env={})
    return settings.replace(data_dir=folder, elasticsearch_url=es_url_for_tests(),
                            elasticsearch_index_prefix=f"kabarchy-webtest-{uuid.uuid4().hex[:10]}")


def add_hostile(store: Store) -> str:
    """The hostile fixture article, stored as the pipeline would store it."""
    data = yaml.safe_load((FIXTURES / "hostile.yaml").read_text(encoding="utf-8"))
    s, a = data["source"], data["article"]
    store.sync_sources([SourceConfig(id=s["id"], name=s["name"], homepage="https://evil.example/", kind=s["kind"],
                                     languages=tuple(s["languages"]), feeds=("https://evil.example/rss",))])
    store.discover(a["id"], FeedEntry(source_id=s["id"], url=a["url"], found_in="https://evil.example/rss"))
    store.save_extracted(a["id"], ExtractedArticle(title=a["title"], text=a["text"], lead=a["lead"],
                                                   published=datetime.fromisoformat(str(a["published"])),
                                                   language=a["lang"]), "hostile")
    text = a["text"]
    mentions = tuple(Mention(eid, etype, name, "Выборы", 0, 6, 0, "model") for eid, name, etype in a["mentions"])
    statements = tuple(Statement(st["speaker"], st["surface"], st["post"], st["text"], st["kind"], st["cue"],
                                 text.find("итоги"), text.find("итоги") + 5) for st in a["statements"])
    store.save_analysis(a["id"], Analysis(mentions, statements, "test"))
    store.provisional_entity("prov-person:evil", "person", a["mentions"][0][1])
    return a["id"]


REPRINTED = "ru-03"  # reprinted word for word by two other outlets: one story, three outlets
REPRINTS = (("kaktus", "reprint-kaktus", 2), ("shailoo", "reprint-shailoo", 5))


def add_reprints(store: Store) -> list[str]:
    """Copies of one fixture article in two other outlets, hours later, as reprints appear."""
    original = store.article_row(REPRINTED)
    mentions = tuple(store.mentions(REPRINTED))
    ids = []
    for source, aid, hours in REPRINTS:
        published = datetime.fromisoformat(original["published"]) + timedelta(hours=hours)
        store.discover(aid, FeedEntry(source_id=source, url=f"https://{source}.example/news/{aid}",
                                      found_in=f"https://{source}.example/rss"))
        store.save_extracted(aid, ExtractedArticle(title=original["title"], text=original["text"], lead="",
                                                   published=published, language="ru"), aid)
        store.save_analysis(aid, Analysis(mentions, (), "test"))
        ids.append(aid)
    return ids


# Sentences for the paging corpus: one subject (the budget) told many ways, so 500 articles
# are 500 different texts, not one repeated.
_OPENINGS = [
    "Депутаты обсудили проект бюджета на следующий год",
    "Министерство финансов представило исполнение бюджета",
    "Эксперты оценили расходы республиканского бюджета", "Правительство внесло поправки в бюджет",
    "Комитет Жогорку Кенеша рассмотрел бюджет социального фонда", "Бюджет столицы пересмотрят осенью",
]
_MIDDLES = [
    "Доходы выросли на {n} процентов по сравнению с прошлым годом.", "Дефицит составил {n} миллиардов сомов.",
    "На образование направят {n} миллионов сомов.", "Расходы на здравоохранение увеличат на {n} процентов.",
    "Налоговая служба собрала на {n} процентов больше плана.",
    "Долг республики сократился до {n} процентов ВВП.",
]
_ENDINGS = [
    "Окончательное решение примут в {m}.", "Обсуждение продолжится в {m}.", "Документ опубликуют в {m}.",
    "Отчёт направят в парламент в {m}.",
]
_MONTHS = [
    "январе", "феврале", "марте", "апреле", "мае", "июне", "июле", "августе", "сентябре", "октябре",
]


def add_bulk(store: Store, n: int = BULK_SIZE) -> list[str]:
    rnd = random.Random(11)
    store.sync_sources([SourceConfig(id="budget", name="Бюджет-Инфо", homepage="https://budget.example/", kind="outlet",
                                     languages=("ru",), feeds=("https://budget.example/rss",))])
    start = datetime(2023, 1, 2, 3, 0, tzinfo=timezone.utc)
    ids = []
    for i in range(n):
        aid = f"budget-{i:03d}"
        title = f"{rnd.choice(_OPENINGS)} ({i + 1})"
        text = " ".join([rnd.choice(_OPENINGS) + ".", rnd.choice(_MIDDLES).format(n=rnd.randint(2, 90)),
                         rnd.choice(_MIDDLES).format(n=rnd.randint(2, 90)), rnd.choice(_ENDINGS).format(m=rnd.choice(_MONTHS))])
        store.discover(aid, FeedEntry(source_id="budget", url=f"https://budget.example/news/{i}",
                                      found_in="https://budget.example/rss"))
        store.save_extracted(aid, ExtractedArticle(title=title, text=text, lead="",
                                                   published=start + timedelta(hours=7 * i), language="ru"), aid)
        store.save_analysis(aid, Analysis((), (), "test"))
        ids.append(aid)
    return ids


@dataclass
class Site:
    """A filled store and index with the app over them."""

    settings: Settings
    index: Index
    app: FastAPI
    client: TestClient
    hostile_id: str
    backend: str


def build_site(folder: Path, backend: str, *, bulk: bool = False, **options: object) -> Site:
    settings = web_settings(folder).replace(index_backend=backend)
    if backend == "elasticsearch":
        require_elasticsearch(settings.elasticsearch_url)
    with Store.open(settings.store_path) as store:
        ids = fill_store(store, load_corpus())
        hostile = add_hostile(store)
        ids += [hostile, *add_reprints(store)] + (add_bulk(store) if bulk else [])
        changed, error = assign_stories(settings, store)  # the story stage, as a run would
        assert error is None and changed
        docs = build_documents(store, ids)
    loader = make_index(settings)
    loader.open()
    loader.index(docs.articles, docs.statements)
    loader.refresh()
    loader.close()
    web_options = WebOptions(store_path=settings.store_path, **options)  # type: ignore[arg-type]
    app = create_app(web_options, make_index(settings), lambda store: build_directory(settings, store))
    return Site(settings, make_index(settings), app, TestClient(app), hostile, backend)


@pytest.fixture(scope="module", params=BACKENDS)
def site(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Site]:
    """The app over the fixture corpus, on each backend (module-scoped: filled once)."""
    built = build_site(tmp_path_factory.mktemp(f"web-{request.param}"), request.param, rate_limit_per_minute=0)
    built.index.open()
    with built.client:
        yield built
    built.index.drop()
    built.index.close()


@pytest.fixture(scope="module")
def sqlite_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Site]:
    built = build_site(tmp_path_factory.mktemp("web-sqlite"), "sqlite", bulk=True, rate_limit_per_minute=0)
    built.index.open()
    with built.client:
        yield built
    built.index.close()


def require_browser() -> None:
    """Skip (or fail under KABARCHY_REQUIRE_BROWSER=1) when chromium or Playwright is missing."""
    reason = None
    if not Path(CHROMIUM).exists():
        reason = f"{CHROMIUM} not found (apt-get install chromium fonts-dejavu-core)"
    else:
        try:
            import playwright.sync_api  # noqa: F401
        except ImportError:
            reason = "playwright is not installed (pip install playwright; never `playwright install`)"
    if reason:
        if os.environ.get("KABARCHY_REQUIRE_BROWSER") == "1":
            pytest.fail(f"{reason} (KABARCHY_REQUIRE_BROWSER=1)")
        pytest.skip(reason)


CHROMIUM = "/usr/bin/chromium"
