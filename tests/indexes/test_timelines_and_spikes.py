"""`entity_timelines` (smoothing, share, groups, several entities) and spikes on a generated
series with known spikes — on both backends."""

from __future__ import annotations

import random
from datetime import date, datetime, timedelta, timezone

import pytest

from indexes.base import Index
from indexes.entities import EntityDirectory, EntityInfo
from indexes.spikes import entity_spikes, robust_score, spikes_on
from indexes.timelines import TimelineError, TimelineRequest, buckets_before, entity_timelines
from tests.support.documents import article, statements

NOON_UTC = 6  # noon in Bishkek


def _at(day: date, hour: int = NOON_UTC) -> datetime:
    return datetime(day.year, day.month, day.day, hour, tzinfo=timezone.utc)


def test_buckets_before_steps_back_whole_buckets() -> None:
    assert buckets_before(date(2025, 1, 15), "day", 2) == date(2025, 1, 13)
    assert buckets_before(date(2025, 1, 1), "week", 1) == date(2024, 12, 23)
    assert buckets_before(date(2025, 1, 20), "month", 2) == date(2024, 11, 1)


def test_smoothing_at_the_range_start_reads_the_buckets_before_it(index_backend: Index) -> None:
    # mentions per day: 3 Jan 6, 4 Jan 3, 5 Jan 0, 6 Jan 3 (and 2 articles without the entity on the 6th)
    per_day = {date(2025, 1, 3): 6, date(2025, 1, 4): 3, date(2025, 1, 6): 3}
    docs, i = [], 0
    for day, n in per_day.items():
        for _ in range(n):
            docs.append(article(i, _at(day), ["body:cec"]))
            i += 1
    docs += [article(100, _at(date(2025, 1, 6)), []), article(101, _at(date(2025, 1, 6)), [])]
    said = statements(docs[0], ["body:cec", "body:cec"])
    index_backend.index(docs, said)
    index_backend.refresh()
    request = TimelineRequest(("body:cec",), date(2025, 1, 5), date(2025, 1, 6), smooth=3)
    [series] = entity_timelines(index_backend, request)
    assert [(p.start, p.mentions, p.statements) for p in series.points] == [
        (date(2025, 1, 5), 3.0, 2 / 3),  # (6 + 3 + 0) / 3: the 3rd and 4th are before the range
        (date(2025, 1, 6), 2.0, 0.0)]  # (3 + 0 + 3) / 3
    assert series.points[1].share == pytest.approx(6 / 8)  # window sums: 6 mentions of 8 articles
    assert series.points[1].total_articles == 5
    [raw] = entity_timelines(index_backend, TimelineRequest(("body:cec",), date(2025, 1, 5), date(2025, 1, 6)))
    assert [(p.mentions, p.share, p.total_articles) for p in raw.points] == [(0.0, 0.0, 0), (3.0, 0.6, 5)]


def test_several_entities_and_groups_with_labels(index_backend: Index) -> None:
    day = date(2025, 2, 3)
    index_backend.index([article(1, _at(day), ["body:cec", "body:gknb"], source="24kg"),
                         article(2, _at(day), ["body:cec"], source="azattyk", lang="ky")], [])
    index_backend.refresh()
    directory = EntityDirectory([EntityInfo("body:cec", "body", {"ru": "ЦИК", "ky": "БШК"}, ())])
    request = TimelineRequest(("body:gknb", "body:cec"), day, day, "week")
    assert [(s.entity_id, s.label, s.points[0].mentions) for s in entity_timelines(index_backend, request, directory)] \
        == [("body:gknb", "body:gknb", 1.0), ("body:cec", "ЦИК", 2.0)]
    by_lang = entity_timelines(index_backend, TimelineRequest(("body:cec",), day, day, by="language"), directory,
                               lang="ky")
    assert [(s.key, s.label, s.points[0].mentions, s.points[0].share) for s in by_lang] == [
        ("body:cec/ky", "БШК", 1.0, 1.0), ("body:cec/ru", "БШК", 1.0, 1.0)]


def test_bad_requests_are_refused() -> None:
    with pytest.raises(TimelineError, match="reversed"):
        entity_timelines(None, TimelineRequest(("body:cec",), date(2025, 2, 1), date(2025, 1, 1)))  # type: ignore[arg-type]
    with pytest.raises(TimelineError, match="smoothing"):
        entity_timelines(None, TimelineRequest(("body:cec",), date(2025, 1, 1), date(2025, 2, 1), smooth=0))  # type: ignore[arg-type]


def test_robust_score_against_flat_noisy_and_silent_baselines() -> None:
    assert robust_score(10, [0] * 28) == (0.0, 10.0)  # silent: scale floor 1
    base, score = robust_score(34, [30] * 28)
    assert base == 30.0 and score == pytest.approx(4 / 30 ** 0.5)  # a steady entity: Poisson floor
    base, score = robust_score(20, [8, 12] * 14)  # MAD 2: 1.4826 × 2 < √10, the Poisson floor holds
    assert base == 10.0 and score == pytest.approx(10 / 10 ** 0.5)
    base, score = robust_score(20, [5, 15] * 14)  # MAD 5: the swing itself is the scale
    assert base == 10.0 and score == pytest.approx(10 / (1.4826 * 5))


SPIKE_DAY = date(2025, 3, 20)
QUIET_SPIKE_DAY = date(2025, 3, 10)


def _series_with_known_spikes() -> list:
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
                docs.append(article(i, _at(day, j % 12), [entity_id], source=f"s{j % 5}",
                                    cluster=f"a{i - 1:03d}" if j % 4 == 3 else None,
                                    title=f"{entity_id} {day} {j}"))
                i += 1
    return docs


def test_spikes_are_found_on_a_series_with_known_spikes(index_backend: Index) -> None:
    docs = _series_with_known_spikes()
    for start in range(0, len(docs), 500):
        index_backend.index(docs[start:start + 500], [])
    index_backend.refresh()
    found = spikes_on(index_backend, SPIKE_DAY)
    assert [s.entity_id for s in found] == ["body:cec"]
    cec = found[0]
    assert cec.count == 40 and 8 <= cec.baseline <= 12 and cec.score > 3.5 and cec.type == "body"
    assert len(cec.top_stories) == 3 and all(outlets >= 1 for _, _, outlets in cec.top_stories)
    story_id, headline, outlets = cec.top_stories[0]
    assert outlets == 2 and headline.startswith("body:cec 2025-03-20")  # a reprint in another outlet
    assert [s.entity_id for s in spikes_on(index_backend, QUIET_SPIKE_DAY)] == ["party:ata-jurt"]
    assert spikes_on(index_backend, SPIKE_DAY, types=("party", "person")) == []
    assert [(s.entity_id, s.day) for s in spikes_on(index_backend, QUIET_SPIKE_DAY, types=("party",))] == [
        ("party:ata-jurt", QUIET_SPIKE_DAY)]
    over_range = entity_spikes(index_backend, "body:cec", SPIKE_DAY - timedelta(days=7), SPIKE_DAY + timedelta(days=4))
    assert [(s.day, s.count) for s in over_range] == [(SPIKE_DAY, 40)]
    assert entity_spikes(index_backend, "body:gknb", SPIKE_DAY - timedelta(days=7), SPIKE_DAY) == []
