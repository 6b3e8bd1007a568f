"""The window's counts and lists stay exact as members come and go: document frequencies and
posting lists equal a recount from the members in the window, nothing is kept at zero, and a
leaving member's slot is reused."""

from __future__ import annotations

from collections import Counter
from datetime import datetime, timedelta, timezone

from pipeline.stories.features import make_features
from pipeline.stories.matching import StoryParams
from pipeline.stories.stage import decide
from pipeline.stories.window import Window

B = timezone(timedelta(hours=6))
TEXTS = [
    ("ru", "Пожар на складе", "В Бишкеке на улице Толстого загорелся склад. Пожар площадью 300 квадратных метров "
     "потушили за два часа, сообщили в МЧС 12 марта."),
    ("ky", "Кампадагы өрт", "Бишкекте Толстой көчөсүндөгү кампа өрттөндү. 300 чарчы метр аянттагы өрттү эки "
     "саатта өчүрүштү, деп билдирди ӨКМ 12-мартта."),
    ("ru", "Тарифы на электроэнергию", "Правительство утвердило новые тарифы на электроэнергию. С 1 мая "
     "киловатт-час для населения будет стоить 1,37 сома."),
    ("ru", "Заседание ЦИК", "Центральная избирательная комиссия на заседании в Бишкеке зарегистрировала 14 "
     "кандидатов. Решение приняли единогласно."),
    ("ky", "БШКнын жыйыны", "Борбордук шайлоо комиссиясы Бишкекте өткөн жыйында 14 талапкерди каттады."),
    ("ru", "", ""),
]


def _recount(window: Window) -> tuple[Counter[str], dict[str, set[int]]]:
    df: Counter[str] = Counter()
    lists: dict[str, set[int]] = {}
    for article_id, member in window.members.items():
        df.update(member.profile.counted)
        for key, _ in member.profile.lookup:
            lists.setdefault(key, set()).add(window.postings.slots[article_id])
    return df, lists


def test_frequencies_and_lists_equal_a_recount_as_members_come_and_go() -> None:
    window = Window(StoryParams(window_days=1.0))
    start = datetime(2025, 3, 12, 8, tzinfo=B)
    for i in range(60):  # ten rounds of the texts, six hours apart: the window keeps about four rounds
        lang, title, text = TEXTS[i % len(TEXTS)]
        f = make_features(f"a{i}", "kabar", lang, start + timedelta(hours=i), title, text,
                          frozenset({"org:cec"} if "ЦИК" in title or "БШК" in title else ()))
        story, *_ = decide(window, f)
        window.add(f, story)
        counted = window.members[f.article_id].profile.counted
        assert len(counted) == len(set(counted))  # a member counts once under each of its keys
        df, lists = _recount(window)
        assert dict(window.df) == dict(df) and 0 not in window.df.values()
        assert window.postings.lists == lists
    assert len(window.members) < 30 and len(window.postings) == len(window.members)
    assert len(window.postings._holders) <= 30  # slots of members that left are taken again
    window.expire((start + timedelta(days=30)).timestamp())
    assert not window.members and not window.df and not window.postings.lists and not window.postings.slots


def test_an_article_filed_again_replaces_its_old_self() -> None:
    window = Window(StoryParams())
    moment = datetime(2025, 3, 12, 8, tzinfo=B)
    lang, title, text = TEXTS[0]
    first = make_features("a", "kabar", lang, moment, title, text, frozenset())
    window.add(first, "a")
    lang, title, text = TEXTS[2]
    window.add(make_features("a", "kabar", lang, moment, title, text, frozenset()), "a")  # re-extracted
    df, lists = _recount(window)
    assert dict(window.df) == dict(df) and window.postings.lists == lists and len(window.postings) == 1
