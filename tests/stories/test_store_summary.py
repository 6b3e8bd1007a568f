"""A story's summary row is updated from itself when a new latest member joins, and must always
be what recomputing it from all members gives: first publisher (also one named by attribution
lines before its own article arrives), headline per language, outlets, languages, counts."""

from __future__ import annotations

import random
from datetime import datetime, timedelta, timezone

import pytest

from pipeline.store import Store
from pipeline.store.db import transaction
from pipeline.store.stories import Membership
from tests.stories.conftest import SOURCES, add_article

START = datetime(2023, 10, 2, 4, 0, tzinfo=timezone.utc)
LANGS = {s.id: s.languages for s in SOURCES}


def _summary(store: Store, story_id: str) -> dict[str, object]:
    row = store.story_row(story_id)
    assert row is not None
    return {k: row[k] for k in row.keys() if k != "updated_at"}


def _recomputed(store: Store, story_id: str) -> dict[str, object]:
    with transaction(store.conn):
        store._refresh_story(story_id)
    return _summary(store, story_id)


@pytest.mark.parametrize("seed", range(6))
def test_joining_keeps_the_summary_equal_to_a_full_recompute(store: Store, seed: int) -> None:
    rng = random.Random(seed)
    story = "s0"
    for i in range(40):
        source = rng.choice([s.id for s in SOURCES][1:]) if i else "kaktus"  # kabar (named below) comes late
        lang = rng.choice(LANGS[source])
        # mostly in time order; now and then an article older than the story's last one
        at = START + timedelta(minutes=10 * i - (rng.choice([0, 0, 0, 95]) if i > 10 else 0))
        aid = f"a{i}"
        add_article(store, aid, source, lang, f"Заголовок {i} {source}", f"Текст {i}.", at)
        named = rng.choice([None, None, "kabar", "akipress"]) if i < 30 else None
        store.save_membership(Membership(aid, story if i else aid, "first" if not i else "reprint", 0.9, at,
                                         attributed_to=named))
        story = "a0"
        assert _summary(store, story) == _recomputed(store, story), i


def test_a_story_of_many_reprints_is_not_reread_on_each_join(store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    full: list[str] = []
    refresh = Store._refresh_story
    monkeypatch.setattr(Store, "_refresh_story", lambda self, sid: (full.append(sid), refresh(self, sid))[1])
    for i in range(50):
        source = ("24kg", "akipress", "kaktus")[i % 3]
        at = START + timedelta(minutes=i)
        add_article(store, f"r{i}", source, "ru", f"ЦИК утвердил итоги {i}", "Текст.", at)
        store.save_membership(Membership(f"r{i}", "r0", "first" if not i else "reprint", 0.9, at))
    assert full == ["r0"]  # only the founding: every later join updated the row from itself
    row = store.story_row("r0")
    assert row is not None and row["articles"] == 50 and row["outlet_count"] == 3
    assert _summary(store, "r0") == _recomputed(store, "r0")
