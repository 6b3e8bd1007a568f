"""A real store, and articles written into it the way the pipeline writes them."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import pytest

from pipeline.records import Analysis, ExtractedArticle, FeedEntry, Mention, SourceConfig
from pipeline.store import Store
from pipeline.stories.attribution import Attributions
from pipeline.stories.matching import StoryParams
from pipeline.stories.stage import StoryStage

SOURCES = [
    SourceConfig(id=sid, name=name, homepage=home, languages=langs, kind="outlet")
    for sid, name, home, langs in (
        ("kabar", "Кабар", "https://kabar.kg/", ("ru", "ky")),
        ("akipress", "AKIpress", "https://akipress.org/", ("ru",)),
        ("24kg", "24.kg", "https://24.kg/", ("ru",)),
        ("kaktus", "Kaktus.media", "https://kaktus.media/", ("ru",)),
        ("azattyk", "Азаттык", "https://www.azattyk.org/", ("ky",)),
    )
]


def add_article(store: Store, article_id: str, source: str, lang: str, title: str, text: str,
                published: datetime | None, entities: tuple[str, ...] = (), lead: str = "") -> None:
    """Discover, extract and analyse one article in the store (analysis: the given entity ids)."""
    store.discover(article_id, FeedEntry(source_id=source, url=f"https://{source}.example/{article_id}",
                                         found_in=f"https://{source}.example/rss"))
    store.save_extracted(article_id, ExtractedArticle(title=title, text=text, lead=lead, published=published,
                                                      language=lang, content_hash=str(hash(text))),
                         title.lower())
    mentions = tuple(Mention(e, e.split(":")[0], e, e, 0, 1, 0, "registry") for e in entities)
    store.save_analysis(article_id, Analysis(mentions, (), "test"))


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    with Store.open(tmp_path / "store.sqlite") as s:
        s.sync_sources(SOURCES)
        yield s


@pytest.fixture
def stage() -> StoryStage:
    return StoryStage(StoryParams(), Attributions.from_sources(SOURCES))
