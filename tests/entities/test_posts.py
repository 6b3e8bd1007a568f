"""Titles the text gives a person (evidence for people the registry does not know)."""

from __future__ import annotations

from pathlib import Path

import pytest

from indexes.entities import EntityDirectory
from indexes.posts import TitleFinder
from kabarchy.entities import registry_entities
from pipeline.analysis.registry import Registry

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def finder() -> TitleFinder:
    registry = Registry.load(REPO / "config" / "entities.yaml")
    return TitleFinder(registry.roles, EntityDirectory(registry_entities(registry)))


# The people named are made up: only the words before a name matter here.
@pytest.mark.parametrize(("text", "lang", "expected"), [
    ("В Бишкеке секретарь Совбеза Асан Усенов провёл встречу.", "ru",
     ("секретарь Совбеза", "security_council_secretary", "body:security-council")),
    ("Об этом заявил депутат Жогорку Кенеша Асан Усенов на сессии.", "ru",
     ("депутат Жогорку Кенеша", "", "body:jogorku-kenesh")),
    ("Встреча с вице-премьером Асаном Усеновым прошла в мэрии.", "ru",
     ("вице-премьером", "deputy_chair_of_cabinet", None)),
    ("Жыйында Жогорку Кеңештин депутаты Асан Усенов сөз сүйлөдү.", "ky",
     ("Жогорку Кеңештин депутаты", "", "body:jogorku-kenesh")),
    ("Кечээ Коопсуздук кеңешинин катчысы Асан Усенов билдирди.", "ky",
     ("Коопсуздук кеңешинин катчысы", "security_council_secretary", "body:security-council")),
    ("Жыйында Ош шаардык кеңешинин депутаты Асан Усенов сүйлөдү.", "ky", ("Ош шаардык кеңешинин депутаты", "", None)),
    ("Вчера Асан Усенов сказал", "ru", None),
    ("Депутат ушул маселени көтөрдү. Асан Усенов", "ky", None),
])
def test_title_before_a_name(finder: TitleFinder, text: str, lang: str, expected: tuple | None) -> None:
    assert finder.title_before(text, text.index("Асан"), lang) == expected
