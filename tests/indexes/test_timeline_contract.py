"""Timelines, entity day counts and entity stories: both backends against a brute-force count of
the same generated articles — after updates and deletes too — and the calendar edges by hand."""

from __future__ import annotations

import random
from collections import defaultdict
from dataclasses import replace
from datetime import date, datetime, timedelta, timezone

from indexes.base import (
    ArticleDocument,
    EntityCountsQuery,
    Index,
    StatementDocument,
    TimelineBucket,
    TimelineQuery,
)
from indexes.dates import bishkek_day, bucket_range, bucket_start
from indexes.ids import entity_type_of, story_of
from tests.support.documents import article, statements

ENTITIES = [("body:cec", "body"), ("person:sadyr-japarov", "person"), ("party:ata-jurt", "party"),
            ("prov-person:0a1b2c3d4e5f", "person")]
SOURCES = ["24kg", "kaktus", "azattyk", "kabar"]
START = datetime(2024, 12, 20, tzinfo=timezone.utc)


def _random_article(rng: random.Random, i: int, ids: list[str]) -> tuple[ArticleDocument, list[StatementDocument]]:
    published = START + timedelta(minutes=rng.randrange(60 * 24 * 50))  # 50 days over the year end
    mentioned = [e for e, _ in ENTITIES if rng.random() < 0.45]
    cluster = rng.choice(ids) if ids and rng.random() < 0.4 else None
    doc = article(i, published, mentioned, source=rng.choice(SOURCES), lang=rng.choice(["ru", "ru", "ky"]),
               cluster=cluster)
    speakers = [e for e, _ in ENTITIES if rng.random() < 0.2]
    return doc, statements(doc, speakers)


def _expected(docs: dict[str, tuple[ArticleDocument, list[StatementDocument]]], q: TimelineQuery) -> list[TimelineBucket]:
    """The timeline counted the slow, obvious way."""
    def wanted(day: date, source: str, lang: str) -> bool:
        return ((q.date_from is None or day >= q.date_from) and (q.date_to is None or day <= q.date_to)
                and (not q.sources or source in q.sources) and (not q.languages or lang in q.languages))

    def key(doc: ArticleDocument | StatementDocument) -> str | None:
        return getattr(doc, q.group_by) if q.group_by else None

    mention: dict[tuple, list[ArticleDocument]] = defaultdict(list)
    said: dict[tuple, int] = defaultdict(int)
    totals: dict[tuple, int] = defaultdict(int)
    for doc, quoted in docs.values():
        day = bishkek_day(doc.published)  # type: ignore[arg-type]
        if wanted(day, doc.source, doc.language):
            cell = (key(doc), bucket_start(day, q.interval))
            totals[cell] += 1
            if q.entity_id in {e.id for e in doc.entities}:
                mention[cell].append(doc)
        for s in quoted:
            if s.speaker_id == q.entity_id and wanted(day, s.source, s.language):
                said[(key(s), bucket_start(day, q.interval))] += 1
    active = set(mention) | set(said)
    if not active and not (q.date_from and q.date_to):
        return []
    starts = bucket_range(q.date_from or min(s for _, s in active), q.date_to or max(s for _, s in active), q.interval)
    groups = sorted({g for g, _ in active}) if q.group_by else [None]
    return [TimelineBucket(start, len(mention[(g, start)]), said[(g, start)], totals[(g, start)],
                           len({story_of(d.id, d.cluster_id) for d in mention[(g, start)]}),
                           len({d.source for d in mention[(g, start)]}), g)
            for g in groups for start in starts]


QUERIES = [
    TimelineQuery("body:cec"),
    TimelineQuery("body:cec", "week"),
    TimelineQuery("body:cec", "month", date(2024, 12, 1), date(2025, 3, 31)),
    TimelineQuery("person:sadyr-japarov", "day", date(2024, 12, 25), date(2025, 1, 5)),
    TimelineQuery("person:sadyr-japarov", "week", languages=("ky",)),
    TimelineQuery("party:ata-jurt", "day", sources=("24kg", "kabar"), date_from=date(2025, 1, 1)),
    TimelineQuery("prov-person:0a1b2c3d4e5f", "month", group_by="source"),
    TimelineQuery("body:cec", "week", date(2024, 12, 23), date(2025, 1, 12), group_by="language"),
    TimelineQuery("person:nobody"),
    TimelineQuery("person:nobody", "week", date(2025, 1, 1), date(2025, 1, 14)),
]


def _write(index: Index, docs: dict[str, tuple[ArticleDocument, list[StatementDocument]]],
           changed: list[str]) -> None:
    index.index([docs[i][0] for i in changed], [s for i in changed for s in docs[i][1]])


def test_timelines_equal_a_brute_force_count_after_updates_and_deletes(index_backend: Index) -> None:
    rng = random.Random(20241231)
    docs: dict[str, tuple[ArticleDocument, list[StatementDocument]]] = {}
    for i in range(160):
        docs[f"a{i:03d}"] = _random_article(rng, i, list(docs))
    _write(index_backend, docs, list(docs))
    # rewrite a third (other day, entities, story, source) and delete a tenth: counts must follow
    rewritten = rng.sample(sorted(docs), 50)
    for article_id in rewritten:
        docs[article_id] = _random_article(rng, int(article_id[1:]), [i for i in docs if i != article_id])
    _write(index_backend, docs, rewritten)
    gone = rng.sample(sorted(docs), 16)
    index_backend.delete(gone)
    for article_id in gone:
        del docs[article_id]
    index_backend.refresh()
    for q in QUERIES:
        assert index_backend.timeline(q) == _expected(docs, q), q


def test_entity_counts_rank_entities_and_count_days(index_backend: Index) -> None:
    rng = random.Random(7)
    docs = {f"a{i:03d}": _random_article(rng, i, []) for i in range(120)}
    _write(index_backend, docs, list(docs))
    index_backend.refresh()
    lo, hi = date(2025, 1, 1), date(2025, 1, 20)
    per: dict[str, dict[date, int]] = defaultdict(lambda: defaultdict(int))
    for doc, _ in docs.values():
        day = bishkek_day(doc.published)  # type: ignore[arg-type]
        if lo <= day <= hi:
            for e in doc.entities:
                per[e.id][day] += 1
    ranked = sorted(per, key=lambda e: (-sum(per[e].values()), e))
    found = index_backend.entity_counts(EntityCountsQuery(lo, hi))
    assert [c.entity_id for c in found] == ranked
    assert all(c.days == dict(sorted(per[c.entity_id].items())) for c in found)
    persons = index_backend.entity_counts(EntityCountsQuery(lo, hi, entity_types=("person",), limit=1))
    assert [c.entity_id for c in persons] == [e for e in ranked if entity_type_of(e) == "person"][:1]
    threshold = sum(per[ranked[1]].values())
    busy = index_backend.entity_counts(EntityCountsQuery(lo, hi, min_mentions=threshold))
    assert [c.entity_id for c in busy] == [e for e in ranked if sum(per[e].values()) >= threshold]
    one = index_backend.entity_counts(EntityCountsQuery(lo, hi, entity_ids=("party:ata-jurt", "person:nobody")))
    assert [(c.entity_id, c.total) for c in one] == [("party:ata-jurt", sum(per["party:ata-jurt"].values()))]


def test_an_article_at_2330_utc_belongs_to_the_next_bishkek_day(index_backend: Index) -> None:
    moments = [datetime(2025, 3, 10, 17, 59, tzinfo=timezone.utc),  # 23:59 in Bishkek: the 10th
               datetime(2025, 3, 10, 18, 0, tzinfo=timezone.utc),  # 00:00 in Bishkek: the 11th
               datetime(2025, 3, 10, 23, 30, tzinfo=timezone.utc)]  # 05:30 in Bishkek: the 11th
    index_backend.index([article(i, m, ["body:cec"]) for i, m in enumerate(moments)], [])
    index_backend.refresh()
    buckets = index_backend.timeline(TimelineQuery("body:cec", "day", date(2025, 3, 10), date(2025, 3, 11)))
    assert [(b.start, b.mentions, b.total_articles) for b in buckets] == [
        (date(2025, 3, 10), 1, 1), (date(2025, 3, 11), 2, 2)]


def test_weeks_and_months_across_month_and_year_ends(index_backend: Index) -> None:
    days = [datetime(2024, 12, 29, 6, tzinfo=timezone.utc),  # Sunday: the week of Monday 23 December
            datetime(2024, 12, 30, 6, tzinfo=timezone.utc),  # Monday: a week that runs into 2025
            datetime(2025, 1, 5, 6, tzinfo=timezone.utc),  # its Sunday
            datetime(2025, 3, 1, 6, tzinfo=timezone.utc)]
    index_backend.index([article(i, d, ["body:cec"]) for i, d in enumerate(days)], [])
    index_backend.refresh()
    weeks = index_backend.timeline(TimelineQuery("body:cec", "week", date(2024, 12, 25), date(2025, 1, 13)))
    assert [(b.start, b.mentions) for b in weeks] == [
        (date(2024, 12, 23), 1), (date(2024, 12, 30), 2), (date(2025, 1, 6), 0), (date(2025, 1, 13), 0)]
    months = index_backend.timeline(TimelineQuery("body:cec", "month"))
    assert [(b.start, b.mentions) for b in months] == [
        (date(2024, 12, 1), 2), (date(2025, 1, 1), 1), (date(2025, 2, 1), 0), (date(2025, 3, 1), 1)]


def test_reprints_count_once_as_a_story_and_the_share_of_an_empty_bucket_is_zero(index_backend: Index) -> None:
    noon = datetime(2025, 5, 5, 6, tzinfo=timezone.utc)
    first = article(1, noon, ["body:cec"], source="24kg", title="ЦИК объявил итоги")
    reprints = [replace(article(i, noon + timedelta(hours=i), ["body:cec"], source=s, title=f"Перепечатка {i}"),
                        cluster_id=first.id) for i, s in ((2, "kaktus"), (3, "kabar"), (4, "kabar"))]
    alone = article(5, noon, ["body:cec"], source="azattyk", lang="ky")
    index_backend.index([replace(first, cluster_id=first.id), *reprints, alone, article(6, noon, [])], [])
    index_backend.refresh()
    [day, empty] = index_backend.timeline(TimelineQuery("body:cec", "day", date(2025, 5, 5), date(2025, 5, 6)))
    assert (day.mentions, day.stories, day.outlets, day.total_articles) == (5, 2, 4, 6)
    assert (empty.mentions, empty.total_articles, empty.share) == (0, 0, 0.0)
    stories = index_backend.entity_stories("body:cec", date(2025, 5, 5), date(2025, 5, 5))
    assert [(s.story_id, s.headline, s.first_article_id, s.articles, s.outlets) for s in stories] == [
        ("a001", "ЦИК объявил итоги", "a001", 4, 3), ("a005", "Заголовок 5", "a005", 1, 1)]
    assert index_backend.entity_stories("body:cec", date(2025, 5, 5), date(2025, 5, 5), limit=1)[0].story_id == "a001"
