"""Small index documents for tests of the reading side (timelines, spikes): one line per article."""

from __future__ import annotations

import random
from datetime import date, datetime, timedelta, timezone

from indexes.base import ArticleDocument, EntityRef, StatementDocument
from indexes.ids import entity_type_of


def article(i: int, published: datetime | None, entities: list[str], *, source: str = "24kg", lang: str = "ru",
            cluster: str | None = None, title: str = "") -> ArticleDocument:
    refs = tuple(EntityRef(e, entity_type_of(e), e) for e in sorted(set(entities)))
    return ArticleDocument(id=f"a{i:03d}", url=f"https://{source}.example/{i}", title=title or f"Заголовок {i}",
                           lead="", text="Текст статьи.", language=lang, source=source, source_name=source,
                           source_kind="outlet", published=published, entities=refs, cluster_id=cluster,
                           title_lemmas="заголовок", text_lemmas="текст статья")


def statements(doc: ArticleDocument, speakers: list[str]) -> list[StatementDocument]:
    return [StatementDocument(id=f"{doc.id}:{n}", article_id=doc.id, speaker_id=s, speaker_surface=s, speaker_post="",
                              text="Мы работаем.", kind="direct", published=doc.published, language=doc.language,
                              source=doc.source, text_lemmas="мы работать") for n, s in enumerate(speakers)]


def at(day: date, hour: int = 6) -> datetime:
    """A moment on `day` (06:00 UTC is noon in Bishkek)."""
    return datetime(day.year, day.month, day.day, hour, tzinfo=timezone.utc)


SPIKE_DAY = date(2025, 3, 20)
QUIET_SPIKE_DAY = date(2025, 3, 10)


def known_spike_series() -> list[ArticleDocument]:
    """40 days: the CEC ~10 a day (8–12) with 40 on SPIKE_DAY; a party silent but for 7 on
    QUIET_SPIKE_DAY; the GKNB a steady 20 with 24 on SPIKE_DAY (no spike); a provisional person
    4 on SPIKE_DAY from nothing (below the minimum count)."""
    rng = random.Random(5)
    docs, i = [], 0
    start = SPIKE_DAY - timedelta(days=35)
    for n in range(40):
        day = start + timedelta(days=n)
        counts = {"body:cec": 40 if day == SPIKE_DAY else rng.randint(8, 12),
                  "body:gknb": 24 if day == SPIKE_DAY else 20,
                  "party:ata-jurt": 7 if day == QUIET_SPIKE_DAY else 0,
                  "prov-person:0a1b2c3d4e5f": 4 if day == SPIKE_DAY else 0}
        for entity_id, k in counts.items():
            for j in range(k):
                docs.append(article(i, at(day, j % 12), [entity_id], source=f"s{j % 5}",
                                    cluster=f"a{i - 1:03d}" if j % 4 == 3 else None,
                                    title=f"{entity_id} {day} {j}"))
                i += 1
    return docs
