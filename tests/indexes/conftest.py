"""Fixtures of the index contract suite: a real store built from fixtures/articles.yaml and a
fresh index per test on every backend ("sqlite", "elasticsearch").

Elasticsearch comes from `kabarchy.backends` with the URL in KABARCHY_TEST_ES_URL; when it is
not registered or not reachable the test skips, unless KABARCHY_REQUIRE_ES=1 makes it fail.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import pytest
import yaml

from indexes.base import Index
from indexes.documents import DocumentSet, build_documents
from kabarchy.backends import INDEX_BACKENDS, make_index
from tests.support.elastic import require_elasticsearch, es_url_for_tests, unavailable
from kabarchy.settings import Settings, load_settings
from pipeline.records import Analysis, ExtractedArticle, FeedEntry, Mention, SourceConfig, Statement
from pipeline.store import Store

FIXTURES = Path(__file__).parent / "fixtures"
REPO = Path(__file__).resolve().parents[2]
BACKENDS = ["sqlite", pytest.param("elasticsearch", marks=pytest.mark.elasticsearch)]


def load_corpus() -> dict:
    return yaml.safe_load((FIXTURES / "articles.yaml").read_text(encoding="utf-8"))


def fill_store(store: Store, corpus: dict) -> list[str]:
    """Write the fixture corpus into a real store as the pipeline would; return the article ids."""
    store.sync_sources([
        SourceConfig(id=s["id"], name=s["name"], homepage=f"https://{s['id']}.example/",
                     languages=tuple(s["languages"]), kind=s["kind"], feeds=(f"https://{s['id']}.example/rss",))
        for s in corpus["sources"]])
    entities = corpus["entities"]
    ids = []
    for a in corpus["articles"]:
        url = f"https://{a['source']}.example/news/{a['id']}"
        store.discover(a["id"], FeedEntry(source_id=a["source"], url=url, found_in=f"https://{a['source']}.example/rss"))
        published = datetime.fromisoformat(str(a["published"]))
        store.save_extracted(a["id"], ExtractedArticle(title=a["title"], text=a["text"], lead=a.get("lead", ""),
                                                       published=published, language=a["lang"]), a["title"].lower())
        mentions = []
        for entity_id, surface in a.get("mentions") or ():
            start = max(0, a["text"].find(surface))
            e = entities[entity_id]
            mentions.append(Mention(entity_id, e["type"], e["name"], surface, start, start + len(surface), 0, "registry"))
        statements = [Statement(s["speaker"], s["surface"], s["post"], s["text"], s["kind"], s["cue"], 0, len(s["text"]))
                      for s in a.get("statements") or ()]
        store.save_analysis(a["id"], Analysis(tuple(mentions), tuple(statements), "test"))
        ids.append(a["id"])
    return ids


@pytest.fixture(scope="session")
def corpus() -> dict:
    return load_corpus()


@pytest.fixture(scope="session")
def corpus_documents(tmp_path_factory: pytest.TempPathFactory, corpus: dict) -> DocumentSet:
    with Store.open(tmp_path_factory.mktemp("corpus") / "store.sqlite") as store:
        return build_documents(store, fill_store(store, corpus))


@pytest.fixture
def store(tmp_path: Path, corpus: dict) -> Iterator[Store]:
    with Store.open(tmp_path / "store.sqlite") as s:
        fill_store(s, corpus)
        yield s


def make_settings(tmp_path: Path) -> Settings:
    """Settings for a test: the repo's defaults, data in tmp_path, a fresh ES index prefix."""
    settings = load_settings(REPO / "config" / "settings.toml", env={})
    return settings.replace(
        data_dir=tmp_path / "data",
        elasticsearch_url=es_url_for_tests(),
        elasticsearch_index_prefix=f"kabarchy-test-{uuid.uuid4().hex[:10]}",
    )


def _check_backend(name: str, settings: Settings) -> None:
    if name in INDEX_BACKENDS:
        if name == "elasticsearch":
            require_elasticsearch(settings.elasticsearch_url)
        return
    unavailable(f"index backend {name!r} is not registered in kabarchy.backends yet")


@pytest.fixture(params=BACKENDS)
def index_backend(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Index]:
    """A fresh, opened, empty index of each backend (removed afterwards)."""
    settings = make_settings(tmp_path)
    _check_backend(request.param, settings)
    index = make_index(settings, request.param)
    index.open()
    try:
        yield index
    finally:
        index.drop()
        index.close()


@pytest.fixture
def filled(index_backend: Index, corpus_documents: DocumentSet) -> Index:
    """The fresh index holding the whole fixture corpus."""
    acked = index_backend.index(corpus_documents.articles, corpus_documents.statements)
    assert sorted(acked) == sorted(a.id for a in corpus_documents.articles)
    index_backend.refresh()
    return index_backend


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return make_settings(tmp_path)


@pytest.fixture
def stored_settings(settings: Settings, corpus: dict) -> Settings:
    """Settings whose store (settings.store_path) holds the fixture corpus; embedded index."""
    with Store.open(settings.store_path) as s:
        fill_store(s, corpus)
    return settings.replace(index_backend="sqlite")
