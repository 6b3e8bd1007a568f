"""Which event, not only what kind: the acts a text names by their titles (two laws the
President signs on one day are two stories, though their releases share the actor, the verb,
the day and most words) and the places its lead names."""

from __future__ import annotations

import dataclasses
from datetime import datetime, timedelta, timezone

from pipeline.store import Store
from pipeline.stories.acts import act_titles
from pipeline.stories.features import make_features
from pipeline.stories.matching import same_language_score
from pipeline.stories.stage import StoryStage
from pipeline.stories.window import Window
from tests.stories.conftest import add_article

B = timezone(timedelta(hours=6))
DAY = datetime(2024, 7, 5, tzinfo=B)


def test_titles_quoted_or_unquoted_in_both_languages_but_not_speech() -> None:
    assert act_titles("Подписан Закон «О пчеловодстве». Указ о помиловании 12 осужденных.") == \
        ["О пчеловодстве", "помиловании"]
    assert act_titles("«Аарычылык жөнүндө» мыйзамга кол коюлду; кечирим берүү жөнүндө жарлык") == \
        ["Аарычылык жөнүндө", "кечирим берүү"]
    assert act_titles("Парламент ратифицировал соглашение между Кыргызстаном и Казахстаном об организации "
                      "совместного контроля.") == ["организации совместного"]
    assert act_titles("көзөмөл уюштуруу тууралуу макулдашууну ратификациялады") == ["көзөмөл уюштуруу"]
    assert act_titles("Закон вступает в силу через десять дней. Министр рассказал о поправках.") == []
    assert act_titles("Министр сказал: «Закон работает. Мы довольны»") == []
    assert act_titles("«Мы ждали этого закона», — сказал фермер.") == []


def test_an_acts_lemmas_leave_out_what_every_title_holds() -> None:
    ru = make_features("r", "s", "ru", DAY, "", "Подписан Закон «О внесении изменений в Лесной кодекс Кыргызской "
                       "Республики».", frozenset())
    ky = make_features("k", "s", "ky", DAY, "", "«Кыргыз Республикасынын Токой кодексине өзгөртүүлөрдү киргизүү "
                       "жөнүндө» Мыйзамга кол коюлду.", frozenset())
    assert ru.acts == {"лесной"} and ky.acts == {"токой"}


def _signing(store: Store) -> None:
    frame = ("Президент Кыргызской Республики Садыр Жапаров подписал {act}. Закон принят Жогорку Кенешем "
             "20 июня 2024 года. {what} Закон вступает в силу по истечении десяти дней со дня официального "
             "опубликования.")
    add_article(store, "l1", "kabar", "ru", "Садыр Жапаров подписал закон о пастбищах", frame.format(
        act="Закон «О внесении изменений в Закон Кыргызской Республики „О пастбищах“»",
        what="Изменения передают пастбищным комитетам право устанавливать сроки выпаса скота."),
        DAY.replace(hour=16), ("person:sadyr-japarov",))
    add_article(store, "l2", "kabar", "ru", "Садыр Жапаров подписал закон о пчеловодстве", frame.format(
        act="Закон «О пчеловодстве»",
        what="Закон вводит регистрацию пасек и ветеринарный контроль при перевозке ульев."),
        DAY.replace(hour=16, minute=20), ("person:sadyr-japarov",))
    add_article(store, "l3", "24kg", "ru", "Пасеки обяжут регистрировать",
                "Глава государства подписал Закон «О пчеловодстве», принятый парламентом 20 июня. Владельцам "
                "пасек придется зарегистрировать ульи, а перевозить их можно будет только с ветеринарной справкой.",
                DAY.replace(hour=17), ("person:sadyr-japarov",))


def test_two_laws_signed_on_one_day_are_two_stories(store: Store, stage: StoryStage) -> None:
    _signing(store)
    stage.run(store)
    members = dict(store.conn.execute("SELECT article_id, story_id FROM story_members").fetchall())
    assert members == {"l1": "l1", "l2": "l2", "l3": "l2"}


def test_without_the_act_veto_they_would_be_one(store: Store, stage: StoryStage) -> None:
    """The same articles with the veto off: what the veto is for, shown on these texts."""
    _signing(store)
    dataclasses.replace(stage, params=dataclasses.replace(stage.params, act_conflict=0.0)).run(store)
    members = dict(store.conn.execute("SELECT article_id, story_id FROM story_members").fetchall())
    assert members["l2"] == "l1"


def _fires(store: Store) -> None:
    text = ("{when} в {where} загорелся {what}. На место выехали {n} пожарных расчета МЧС. Огонь удалось "
            "потушить за {m} минут, пострадавших нет. Причину пожара устанавливают специалисты.")
    add_article(store, "p1", "24kg", "ru", "В Бишкеке горел склад", text.format(
        when="Ночью 14 января", where="Бишкеке", what="склад на рынке", n=4, m=50),
        DAY.replace(hour=2), ("place:bishkek", "body:ministry-of-emergency-situations"))
    add_article(store, "p2", "kaktus", "ru", "В Оше горел жилой дом", text.format(
        when="Вечером 14 января", where="Оше", what="жилой дом", n=3, m=40),
        DAY.replace(hour=19), ("place:osh", "body:ministry-of-emergency-situations"))


def test_the_story_knows_where_it_happened(store: Store, stage: StoryStage) -> None:
    """Two fires in two towns, told from one press-release template: the leads' places conflict,
    which costs the pair the fitted penalty. It is a penalty, not a veto — one event's tellings
    do name different towns up front (an earthquake in Naryn, felt in Bishkek) — so text this
    alike still joins: a limit the README names."""
    _fires(store)
    rows = {r[0]: r for r in store.story_pending()}
    window = Window(stage.params)
    first = stage.features(store, rows["p1"], DAY.replace(hour=2))
    second = stage.features(store, rows["p2"], DAY.replace(hour=19))
    assert first.places == {"place:bishkek"} and second.places == {"place:osh"}
    window.add(first, "p1")
    profile = window._asked(second)[0]
    signals = window.signals(second, profile, window.members["p1"])
    assert signals.place_conflict
    apart = same_language_score(signals, stage.params)
    alike = same_language_score(dataclasses.replace(signals, place_conflict=False), stage.params)
    assert abs(alike - apart - stage.params.place_conflict) < 1e-9 and stage.params.place_conflict > 0
