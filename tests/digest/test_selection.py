"""select_digest on a real store and a real index of each backend: the fixture day of tests/digest/fixtures."""

from __future__ import annotations

from datetime import date

import pytest

from indexes.base import Index
from indexes.digest import OFFICIAL_WEIGHT, Watch, day_pool, select_digest
from kabarchy.entities import build_directory
from kabarchy.settings import Settings
from pipeline.store import Store
from tests.indexes.conftest import make_settings

DAY = date(2024, 3, 12)
World = tuple[Settings, Store, Index]


@pytest.fixture(scope="module")
def directory(tmp_path_factory: pytest.TempPathFactory):  # noqa: ANN201
    return build_directory(make_settings(tmp_path_factory.mktemp("directory")))


def test_top_stories_by_distinct_outlets_with_official_sources_weighted_up(world: World, directory) -> None:  # noqa: ANN001
    _, store, index = world
    d = select_digest(index, store, directory, DAY, language="ru")
    ids = [s.id for s in d.stories]
    assert ids[:5] == ["a-cec", "b-24", "c-kabar", "e-24", "d-24"]
    assert set(ids[5:]) <= {"f-aki"}  # a story of its own, or a rewrite inside a-cec: the story stage decides
    a, b, c, e = d.stories[:4]
    assert {"site-cec", "site-24", "site-kaktus", "site-azattyk"} <= {o for o, _ in a.outlets}
    assert a.official_outlets == 1 and a.score == len(a.outlets) - 1 + OFFICIAL_WEIGHT
    assert (b.score, b.official_outlets, b.articles) == (3.0, 0, 3)
    assert a.first_publisher == "site-cec" and a.first_publisher_name == "ЦИК КР"
    assert [o for o, _ in a.outlets][0] == "site-cec" and a.url == "https://site-cec.example/news/a-cec"
    assert a.headline == "ЦИК утвердил форму избирательного бюллетеня для местных выборов"
    # C (2 outlets, one official) outranks E (2 ordinary outlets, published earlier).
    assert c.score > e.score and len(c.outlets) == len(e.outlets) == 2 and e.first_seen < c.first_seen
    assert d.total_articles == 13 and d.total_sources == 7


def test_headlines_in_the_readers_language_where_one_exists(world: World, directory) -> None:  # noqa: ANN001
    _, store, index = world
    d = select_digest(index, store, directory, DAY, language="ky", max_stories=2)
    a, b = d.stories
    assert (a.headline, a.headline_language) == ("БШК жергиликтүү шайлоо үчүн бюллетендин формасын бекитти", "ky")
    assert b.headline_language == "ru" and b.headline.startswith("Кабинет министров")


def test_statements_grouped_by_registry_speaker_with_copies_folded(world: World, directory) -> None:  # noqa: ANN001
    _, store, index = world
    d = select_digest(index, store, directory, DAY, language="ru")
    by = {sp.speaker_id: sp for sp in d.statements_by_speaker}
    assert set(by) == {"body:cec", "body:gknb", "party:ata-meken"}  # provisional and unresolved left out
    cec = by["body:cec"]
    assert cec.type == "body" and cec.name == directory.get("body:cec").name("ru")
    texts = {st.text.strip("«»"): st.outlets for st in cec.statements}
    assert texts["Каждый бюллетень будет иметь степень защиты и уникальный номер"] == 3  # three outlets, one entry
    assert "Ар бир бюллетендин коргоо даражасы жана өзүнчө номери болот" in texts
    first = next(st for st in cec.statements if st.outlets == 3)
    assert first.source == "site-cec"  # the earliest copy stands for the others
    assert d.statements_by_speaker[0].speaker_id == "body:cec"  # the most statements first


def test_source_health_lists_failed_and_silent_sources(world: World, directory) -> None:  # noqa: ANN001
    _, store, index = world
    store.conn.execute(
        "INSERT INTO errors(at, source_id, stage, kind, message) VALUES (?,?,?,?,?)",
        ("2024-03-12T05:00:00+00:00", "site-aki", "feed", "http_503", "Service Unavailable"))
    store.conn.execute(
        "INSERT INTO errors(at, source_id, stage, kind, message) VALUES (?,?,?,?,?)",
        ("2024-03-13T05:00:00+00:00", "site-24", "feed", "timeout", "the next day: not this digest's business"))
    d = select_digest(index, store, directory, DAY)
    health = {h.id: h for h in d.source_health}
    assert set(health) == {"site-aki", "site-quiet"}
    assert health["site-aki"].status == "failed" and health["site-aki"].errors == 1
    assert health["site-aki"].last_error == "http_503: Service Unavailable" and health["site-aki"].articles == 3
    assert health["site-quiet"].status == "silent" and health["site-quiet"].articles == 0
    assert [h.status for h in d.source_health] == ["failed", "silent"]


def test_entities_on_the_rise_come_from_the_spike_function(world: World, directory) -> None:  # noqa: ANN001
    from indexes.spikes import spikes_on

    _, store, index = world
    d = select_digest(index, store, directory, DAY, language="ky")
    expected = [s.entity_id for s in spikes_on(index, DAY, directory=directory, limit=24)]
    assert [r.entity_id for r in d.rising] == expected[:len(d.rising)]
    assert [r.entity_id for r in d.rising] == ["body:cec"]  # never before, 5 articles this day
    assert d.rising[0].count == 5 and d.rising[0].baseline == 0
    assert d.names["body:cec"] == directory.get("body:cec").name("ky")


@pytest.mark.parametrize(("watch", "stories", "speakers"), [
    (Watch(entity_ids=("body:gknb",)), ["c-kabar"], ["body:gknb"]),
    (Watch(keywords=("бюджет",)), ["b-24"], []),
    (Watch(keywords=("бюллетень",)), ["a-cec"], ["body:cec"]),
    (Watch(entity_ids=("party:ata-meken",), keywords=("синоптики",)), ["e-24", "d-24"], ["party:ata-meken"]),
])
def test_a_watch_keeps_what_it_selects(world: World, directory, watch: Watch, stories: list[str],  # noqa: ANN001
                                       speakers: list[str]) -> None:
    _, store, index = world
    d = select_digest(index, store, directory, DAY, watch=watch)
    assert [s.id for s in d.stories] == stories
    assert [sp.speaker_id for sp in d.statements_by_speaker] == speakers
    assert all(sp.watched == (sp.speaker_id in watch.entity_ids) for sp in d.statements_by_speaker)


def test_a_shared_pool_gives_the_same_answer_and_the_limit_holds(world: World, directory) -> None:  # noqa: ANN001
    _, store, index = world
    pool = day_pool(index, store, directory, DAY)
    for lang in ("ru", "ky", "en"):
        alone = select_digest(index, store, directory, DAY, language=lang, max_stories=3)
        shared = select_digest(index, store, directory, DAY, language=lang, max_stories=3, pool=pool)
        assert alone == shared and len(shared.stories) == 3
    assert select_digest(index, store, directory, date(2024, 3, 20)).empty  # a day with nothing


def test_the_day_is_the_bishkek_calendar_day(world: World, directory) -> None:  # noqa: ANN001
    _, store, index = world
    # e-prev: 2024-03-11 09:00 UTC = 15:00 in Bishkek on the 11th; q-01: 04:00 UTC = 10:00 on the 11th.
    assert {s.id for s in select_digest(index, store, directory, date(2024, 3, 11)).stories} == {"e-prev", "q-01"}


def test_a_kyrgyz_reader_reads_the_kyrgyz_telling_first(world: World, directory) -> None:  # noqa: ANN001
    _, store, index = world
    d = select_digest(index, store, directory, DAY, language="ky")
    a = d.stories[0]
    assert a.url == "https://site-azattyk.example/news/a-azattyk" and a.url_source_name == "Азаттык"
    assert a.first_publisher == "site-cec"  # who published first does not change
    cec = next(sp for sp in d.statements_by_speaker if sp.speaker_id == "body:cec")
    assert cec.statements[0].language == "ky" and cec.statements[0].text.startswith("Ар бир бюллетендин")
    ru = select_digest(index, store, directory, DAY, language="ru")
    assert ru.stories[0].url == "https://site-cec.example/news/a-cec"


def test_the_optional_changes_section_lists_the_days_edits_and_removals(world: World, directory) -> None:  # noqa: ANN001
    from datetime import datetime, timedelta, timezone

    from digest.links import Links
    from digest.render import render
    from indexes.digest import KNOWN_SECTIONS, SECTIONS
    from pipeline.store.revisits import RevisitLog

    _, store, index = world
    log = RevisitLog(store.conn)
    when = datetime(2024, 3, 12, 9, 0, tzinfo=timezone.utc)  # 15:00 in Bishkek, on the fixture day
    log.plan([("b-24", when - timedelta(hours=3), when - timedelta(hours=3), 1, when)])
    log.log_change("b-24", when, "removed", 1, {"detail": "HTTP 404", "status": 404})
    d = select_digest(index, store, directory, DAY, language="ru")
    assert [(c.article_id, c.kind) for c in d.changes] == [("b-24", "removed")]
    assert "changes" not in SECTIONS and "changes" in KNOWN_SECTIONS  # optional: asked for by name
    with_changes = render(d, sections=(*SECTIONS, "changes"), links=Links(""), recipient="a@example.org", alert=False)
    assert "Изменено или удалено после публикации" in with_changes.text and "удалена" in with_changes.text
    assert "Изменено или удалено после публикации" in with_changes.html
    without = render(d, sections=SECTIONS, links=Links(""), recipient="a@example.org", alert=False)
    assert "Изменено или удалено" not in without.text
    watched_elsewhere = select_digest(index, store, directory, DAY, language="ru",
                                      watch=Watch(entity_ids=("person:no-such-person",)))
    assert watched_elsewhere.changes == ()
