"""The story stage on a real store: reprints, rewrites, the other language, traps, stable ids,
restory, re-extraction and bad input."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

from indexes.stories import article_story, story_detail, top_stories
from pipeline.store import Store
from pipeline.stories.stage import StoryStage, restory
from tests.stories.conftest import add_article

B = timezone(timedelta(hours=6))
CEC_RESULTS = ("Центральная избирательная комиссия Кыргызстана 12 октября утвердила итоги досрочных выборов "
               "в Бишкекский городской кенеш. Явка составила 34,6 процента. В голосовании приняли участие "
               "187 тысяч избирателей. Решение принято единогласно на заседании ЦИК.")


def _cec_day(store: Store) -> None:
    add_article(store, "a1", "kabar", "ru", "ЦИК утвердил итоги выборов в горкенеш", CEC_RESULTS,
                datetime(2023, 10, 12, 10, 0, tzinfo=B), ("body:cec", "place:bishkek"))
    add_article(store, "a2", "akipress", "ru", "ЦИК утвердил итоги выборов в горкенеш Бишкека",
                CEC_RESULTS + " Об этом передает Кабар.", datetime(2023, 10, 12, 10, 40, tzinfo=B),
                ("body:cec", "place:bishkek"))
    add_article(store, "a3", "24kg", "ru", "Явка на выборах в Бишкекский горкенеш составила 34,6%",
                "На заседании 12 октября члены ЦИК единогласно признали выборы в городской кенеш Бишкека "
                "состоявшимися. По данным комиссии, проголосовали около 187 тысяч человек, явка — 34,6 процента.",
                datetime(2023, 10, 12, 12, 0, tzinfo=B), ("body:cec", "place:bishkek"))
    add_article(store, "a4", "azattyk", "ky", "БШК Бишкек шаардык кеңешине шайлоонун жыйынтыгын бекитти",
                "Борбордук шайлоо комиссиясы 12-октябрда Бишкек шаардык кеңешине мөөнөтүнөн мурда өткөн "
                "шайлоонун жыйынтыгын бекитти. Шайлоого 187 миң шайлоочу катышып, катышуу 34,6 пайызды түздү.",
                datetime(2023, 10, 12, 13, 0, tzinfo=B), ("body:cec", "place:bishkek"))
    # A trap: the same body the next day, another decision.
    add_article(store, "a5", "kaktus", "ru", "ЦИК назначил выборы в айыльные кенеши",
                "Центральная избирательная комиссия на заседании 13 октября назначила выборы в 38 айыльных "
                "кенешей на 10 декабря. Выдвижение кандидатов продлится до 5 ноября.",
                datetime(2023, 10, 13, 9, 0, tzinfo=B), ("body:cec",))


def _members(store: Store) -> dict[str, tuple[str, str]]:
    return {r[0]: (r[1], r[2]) for r in store.conn.execute(
        "SELECT article_id, story_id, relation FROM story_members ORDER BY article_id")}


def test_one_event_every_outlet_both_languages_and_a_trap(store: Store, stage: StoryStage) -> None:
    _cec_day(store)
    report = stage.run(store)
    assert report.assigned == 5 and report.new_stories == 2
    assert _members(store) == {"a1": ("a1", "first"), "a2": ("a1", "reprint"), "a3": ("a1", "rewrite"),
                               "a4": ("a1", "translation"), "a5": ("a5", "first")}
    summary, members = story_detail(store, "a1")
    assert summary.first_publisher == "kabar" and summary.articles == 4
    assert summary.outlets == ("kabar", "akipress", "24kg", "azattyk")
    assert summary.headline("ky").startswith("БШК") and summary.headline("en") == summary.headlines["ru"]
    assert [m.article_id for m in members] == ["a1", "a2", "a3", "a4"]
    ranked = top_stories(store, date(2023, 10, 12), date(2023, 10, 13))
    assert [s.id for s in ranked] == ["a1", "a5"]
    assert [s.id for s in top_stories(store, date(2023, 10, 12), date(2023, 10, 12), min_outlets=2)] == ["a1"]
    assert [s.id for s in top_stories(store, date(2023, 10, 13), date(2023, 10, 13), language="ky")] == []
    assert article_story(store, "a4").id == "a1" and article_story(store, "nope") is None


def test_attribution_names_the_first_publisher_even_when_it_came_later(store: Store, stage: StoryStage) -> None:
    add_article(store, "r1", "akipress", "ru", "ЦИК утвердил итоги выборов", CEC_RESULTS + " Об этом сообщает 24.kg.",
                datetime(2023, 10, 12, 9, 0, tzinfo=B), ("body:cec",))
    add_article(store, "r2", "24kg", "ru", "ЦИК утвердил итоги выборов в горкенеш", CEC_RESULTS,
                datetime(2023, 10, 12, 9, 30, tzinfo=B), ("body:cec",))
    stage.run(store)
    summary, _ = story_detail(store, "r1")
    assert summary.id == "r1"  # stable: the founding article
    assert summary.first_publisher == "24kg" and summary.first_article_id == "r2"
    assert summary.headlines["ru"] == "ЦИК утвердил итоги выборов в горкенеш"


def test_ids_are_stable_across_runs_and_restory_is_idempotent(store: Store, stage: StoryStage) -> None:
    _cec_day(store)
    stage.run(store)
    before = _members(store)
    assert stage.run(store).assigned == 0  # nothing pending
    restory(store, stage)
    assert _members(store) == before
    restory(store, stage, since=datetime(2023, 10, 12, 11, 0, tzinfo=B))
    assert _members(store) == before
    assert {r[0] for r in store.conn.execute("SELECT id FROM stories")} == {"a1", "a5"}


def test_incremental_runs_give_the_stories_of_one_run(store: Store, stage: StoryStage) -> None:
    _cec_day(store)
    stage.run(store)
    whole = _members(store)
    store.clear_stories()
    for article_id in ("a1", "a2", "a3", "a4", "a5"):  # as if each came in its own cycle
        store.conn.execute("UPDATE articles SET stage='extracted' WHERE id<>? AND id NOT IN "
                           "(SELECT article_id FROM story_members)", (article_id,))
        stage.run(store)
        store.conn.execute("UPDATE articles SET stage='analysed'")
    assert _members(store) == whole


def test_bad_input_gets_a_story_of_its_own(store: Store, stage: StoryStage) -> None:
    add_article(store, "e1", "kabar", "ru", "", "", datetime(2023, 10, 12, 9, 0, tzinfo=B))
    add_article(store, "e2", "akipress", "ru", "Видео", "<iframe src=x>", datetime(2023, 10, 12, 9, 1, tzinfo=B))
    add_article(store, "e3", "24kg", "ru", "Коротко", "ЦИК.", datetime(2023, 10, 12, 9, 2, tzinfo=B))
    add_article(store, "e4", "kaktus", "ru", "Без даты", CEC_RESULTS, None)  # placed by its fetch time
    report = stage.run(store)
    assert report.assigned == 4
    assert {s for s, _ in _members(store).values()} == {"e1", "e2", "e3", "e4"}
    at = store.conn.execute("SELECT at FROM story_members WHERE article_id='e4'").fetchone()[0]
    assert at.startswith(str(datetime.now(timezone.utc).year))


def test_a_story_spanning_midnight_in_bishkek_is_one_story_on_both_days(store: Store, stage: StoryStage) -> None:
    add_article(store, "m1", "kabar", "ru", "ЦИК утвердил итоги выборов в горкенеш", CEC_RESULTS,
                datetime(2023, 10, 12, 23, 40, tzinfo=B), ("body:cec",))
    add_article(store, "m2", "akipress", "ru", "ЦИК утвердил итоги выборов", CEC_RESULTS + " Передает Кабар.",
                datetime(2023, 10, 13, 0, 20, tzinfo=B), ("body:cec",))
    stage.run(store)
    assert _members(store)["m2"] == ("m1", "reprint")
    assert [s.id for s in top_stories(store, date(2023, 10, 12), date(2023, 10, 12))] == ["m1"]
    assert [s.id for s in top_stories(store, date(2023, 10, 13), date(2023, 10, 13))] == ["m1"]


def test_a_re_extracted_article_moves_and_leaves_no_orphan(store: Store, stage: StoryStage) -> None:
    _cec_day(store)
    stage.run(store)
    # a3 is re-extracted with another text: it leaves the CEC story and founds its own.
    add_article(store, "a3", "24kg", "ru", "В Бишкеке открыли новый парк",
                "Мэрия Бишкека открыла новый парк на юге столицы. Высажены 2 400 деревьев.",
                datetime(2023, 10, 12, 12, 0, tzinfo=B), ("place:bishkek",))
    report = stage.run(store)
    assert report.assigned == 1
    assert _members(store)["a3"] == ("a3", "first")
    assert story_detail(store, "a1")[0].articles == 3
    # a5 founded a story alone; re-extracted as a reprint it joins a1 and its own story is gone.
    add_article(store, "a5", "kaktus", "ru", "ЦИК утвердил итоги", CEC_RESULTS + " Передает АКИpress.",
                datetime(2023, 10, 13, 9, 0, tzinfo=B), ("body:cec",))
    stage.run(store)
    assert _members(store)["a5"] == ("a1", "reprint")
    assert store.story_row("a5") is None
    assert {r[0] for r in store.conn.execute("SELECT id FROM stories")} == {"a1", "a3"}


def test_five_hundred_reprints_of_one_press_release_are_one_story(store: Store, stage: StoryStage) -> None:
    start = datetime(2023, 10, 12, 8, 0, tzinfo=B)
    for i in range(500):
        text = CEC_RESULTS if i % 3 else CEC_RESULTS + " Об этом сообщает пресс-служба ЦИК."
        add_article(store, f"p{i:03d}", ("kabar", "akipress", "24kg", "kaktus")[i % 4], "ru",
                    "ЦИК утвердил итоги выборов", text, start + timedelta(minutes=i), ("body:cec",))
    report = stage.run(store)
    assert report.new_stories == 1
    assert store.story_row("p000")["articles"] == 500
