"""A small real world for the selection tests: the fixture day written into a real store, put into
stories by the story stage, indexed into a real index."""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import yaml

from indexes.base import Index
from indexes.documents import build_documents
from pipeline.records import SourceConfig
from pipeline.store import Store
from pipeline.stories.attribution import Attributions
from pipeline.stories.matching import StoryParams
from pipeline.stories.stage import StoryStage
from tests.indexes.conftest import fill_store

DAY_FILE = Path(__file__).parent / "fixtures" / "day.yaml"


def load_day() -> dict[str, Any]:
    return yaml.safe_load(DAY_FILE.read_text(encoding="utf-8"))


QUIET_TOPICS = (
    "В столице открылась выставка детского рисунка, работы привезли из всех областей.",
    "На рынках Оша подешевели овощи нового урожая, сообщают продавцы.",
    "В Нарыне прошёл турнир по шахматам среди школьников.",
    "Ремонт моста на трассе Бишкек — Ош завершат к концу месяца.",
    "Библиотека имени Токтогула продлила часы работы читального зала.",
    "В Караколе начали готовить горнолыжную базу к сезону.",
    "Городские автобусы вышли на новый маршрут в южные микрорайоны.",
    "В Таласе фермеры закончили посевную кампанию раньше срока.",
    "Филармония объявила программу концертов на весну.",
    "В Баткене открыли новый фельдшерско-акушерский пункт.",
    "Зоопарк столицы получил пару снежных барсов из питомника.",
    "В Джалал-Абаде провели субботник у реки Кугарт.",
    "Студенты аграрного университета высадили сад у общежития.",
    "На Иссык-Куле подсчитали зимующих водоплавающих птиц.",
)


def quiet_weeks(day: datetime, days: int = 14) -> list[dict[str, Any]]:
    """One ordinary article a day before `day`, each on its own topic, mentioning the GKNB once:
    a baseline for spikes."""
    return [{
        "id": f"q-{n:02d}", "source": "site-24", "lang": "ru", "published": (day - timedelta(days=n)).isoformat(),
        "title": QUIET_TOPICS[n % len(QUIET_TOPICS)].split(",")[0],
        "text": QUIET_TOPICS[n % len(QUIET_TOPICS)] + " Отдельно в ГКНБ напомнили о телефоне доверия.",
        "mentions": [["body:gknb", "ГКНБ"]],
    } for n in range(1, days + 1)]


def build(store: Store, index: Index, corpus: dict[str, Any]) -> list[str]:
    """Store → stories → index: the pipeline's order after analysis. Returns the new article ids."""
    ids = fill_store(store, corpus)
    sources = [SourceConfig(id=s["id"], name=s["name"], homepage=f"https://{s['id']}.example/",
                            languages=tuple(s["languages"]), kind=s["kind"]) for s in corpus["sources"]]
    StoryStage(StoryParams(), Attributions.from_sources(sources)).run(store)
    docs = build_documents(store, store_ids(store))
    index.index(docs.articles, docs.statements)
    index.refresh()
    return ids


def store_ids(store: Store) -> list[str]:
    return list(store.indexable_ids())
