"""Search recall and precision on word forms: the old keys (lemmas) against the search keys
(surname stems, unknown-word stems), in the same run, on each backend.

    python -m bench.search_forms [--backend sqlite|elasticsearch|both] [--es-url URL] [--show-misses]

The corpus (bench/search_forms/articles.yaml) and the queries (queries.yaml: 108 forms in 28
groups) are written by us. A query must find exactly the articles whose `about` holds all of
its group's concepts. Recall and precision are micro-averaged over all queries (hits found /
hits expected, right hits / hits returned); "queries perfect" counts queries with both at 1.
"""

from __future__ import annotations

import argparse
import tempfile
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import yaml

from indexes import analysis
from indexes.base import SearchQuery
from indexes.documents import build_documents
from kabarchy.backends import make_index
from kabarchy.settings import load_settings
from pipeline import morph
from pipeline.records import ExtractedArticle, FeedEntry, SourceConfig
from pipeline.store import Store

HERE = Path(__file__).resolve().parent / "search_forms"
REPO = HERE.parents[1]


@dataclass
class Score:
    expected: int = 0
    found: int = 0
    returned: int = 0
    right: int = 0
    perfect: int = 0
    queries: int = 0

    def add(self, want: set[str], got: set[str]) -> None:
        self.queries += 1
        self.expected += len(want)
        self.found += len(want & got)
        self.returned += len(got)
        self.right += len(want & got)
        self.perfect += want == got

    def line(self) -> str:
        recall = self.found / self.expected if self.expected else 1.0
        precision = self.right / self.returned if self.returned else 1.0
        return (f"recall {recall:.3f} ({self.found}/{self.expected})  precision {precision:.3f} "
                f"({self.right}/{self.returned})  queries perfect {self.perfect}/{self.queries}")


@contextmanager
def lemma_keys() -> Iterator[None]:
    """The keys before this change: plain lemmas for documents and queries."""
    saved = morph.search_key, morph.query_keys
    morph.search_key = morph.lemma  # type: ignore[assignment]
    morph.query_keys = morph.query_lemmas  # type: ignore[assignment]
    analysis.word_alternatives.cache_clear()
    try:
        yield
    finally:
        morph.search_key, morph.query_keys = saved
        analysis.word_alternatives.cache_clear()


def fill(store: Store, articles: list[dict]) -> list[str]:
    store.sync_sources([SourceConfig(id="bench", name="Bench", homepage="https://bench.example/", languages=("ru", "ky"),
                                     kind="outlet", feeds=("https://bench.example/rss",))])
    for a in articles:
        url = f"https://bench.example/{a['id']}"
        store.discover(a["id"], FeedEntry(source_id="bench", url=url, found_in="https://bench.example/rss"))
        store.save_extracted(a["id"], ExtractedArticle(title=a["title"], text=a["text"], language=a["lang"],
                                                       published=datetime.fromisoformat(f"{a['published']}T09:00:00+06:00")),
                             a["title"].lower())
    return [a["id"] for a in articles]


def evaluate(backend: str, es_url: str, articles: list[dict], groups: list[dict], show: bool) -> Score:
    truth = {a["id"]: set(a["about"]) for a in articles}
    score = Score()
    with tempfile.TemporaryDirectory() as tmp:
        settings = load_settings(REPO / "config" / "settings.toml", env={}).replace(
            data_dir=Path(tmp), elasticsearch_url=es_url, elasticsearch_index_prefix=f"bench-forms-{uuid.uuid4().hex[:8]}")
        with Store.open(Path(tmp) / "store.sqlite") as store:
            docs = build_documents(store, fill(store, articles))
        index = make_index(settings, backend)
        index.open()
        try:
            index.index(docs.articles, docs.statements)
            index.refresh()
            for group in groups:
                want = {aid for aid, about in truth.items() if set(group["concepts"]) <= about}
                for form in group["forms"]:
                    got = {h.id for h in index.search(SearchQuery(text=form, limit=100)).hits}
                    score.add(want, got)
                    if show and got != want:
                        print(f"  {form!r}: missing {sorted(want - got)} extra {sorted(got - want)}")
        finally:
            index.drop()
            index.close()
    return score


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--backend", choices=("sqlite", "elasticsearch", "both"), default="both")
    ap.add_argument("--es-url", default="http://127.0.0.1:9200")
    ap.add_argument("--show-misses", action="store_true")
    args = ap.parse_args()
    articles = yaml.safe_load((HERE / "articles.yaml").read_text(encoding="utf-8"))["articles"]
    groups = yaml.safe_load((HERE / "queries.yaml").read_text(encoding="utf-8"))["groups"]
    print(f"{len(articles)} articles, {sum(len(g['forms']) for g in groups)} queries")
    backends = ("sqlite", "elasticsearch") if args.backend == "both" else (args.backend,)
    runs: list[tuple[str, Callable[[], object]]] = [("lemmas (before)", lemma_keys), ("search keys (after)", _no_change)]
    for backend in backends:
        for label, keys in runs:
            print(f"{backend:13} {label:20}", end=" ", flush=True)
            with keys():  # type: ignore[attr-defined]
                score = evaluate(backend, args.es_url, articles, groups, args.show_misses)
            print(score.line())


@contextmanager
def _no_change() -> Iterator[None]:
    yield


if __name__ == "__main__":
    main()
