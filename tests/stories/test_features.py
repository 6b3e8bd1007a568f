"""What the story stage reads from a text: attribution lines, numbers and dates in both
languages, glossary keys, and features that survive the store."""

from __future__ import annotations

from datetime import datetime, timezone

import pytest
from datasketch import MinHash

from pipeline.stories.attribution import Attributions
from pipeline.stories.features import NUM_PERM, SCHEME, Features, _key, make_features, names_in, numbers_and_dates
from pipeline.stories.matching import jaccards
from tests.stories.conftest import SOURCES

NAMES = Attributions.from_sources(SOURCES)
MOMENT = datetime(2025, 3, 12, 9, tzinfo=timezone.utc)


@pytest.mark.parametrize("text, source", [
    ("ЦИК утвердил итоги. Об этом передает АКИpress.", "akipress"),
    ("Об этом сообщает 24.kg.", "24kg"),
    ("Как сообщает ИА «Кабар», сессия прошла.", "kabar"),
    ("Источник: Kaktus.media", "kaktus"),
    ("Кабар маалымат агенттигинин жазганына караганда, БШК жыйынтыктады.", "kabar"),
    ("Азаттык кабарлагандай, сессия өттү.", "azattyk"),
    ("Об этом сообщает пресс-служба ЦИК.", None),  # a press service is not an outlet we follow
    ("Об этом сообщает 24.kg.", None),  # from 24.kg itself: naming oneself is no attribution
])
def test_attribution_lines_name_the_outlet(text: str, source: str | None) -> None:
    own = "24kg" if source is None and "24.kg" in text else "vesti"
    assert NAMES.find(text, own) == source


def test_numbers_and_dates_meet_across_languages() -> None:
    ru = numbers_and_dates("ЦИК 12 октября 2023 года зарегистрировал 1 250 кандидатов; бюджет 1,5 млрд сомов.")
    ky = numbers_and_dates("БШК 2023-жылдын 12-октябрында 1 250 талапкерди каттады; бюджет 1,5 млрд сом.")
    assert ru == ky == (frozenset({"2023", "1250", "1.5"}), frozenset({"12.10"}))
    assert numbers_and_dates("октябрдын 5инде, 05.11.2023") == (frozenset(), frozenset({"5.10", "5.11"}))


def test_glossary_and_first_letters_give_shared_keys() -> None:
    moment = datetime(2023, 5, 16, tzinfo=timezone.utc)
    ru = make_features("r", "s", "ru", moment, "ГКНБ предупреждает о мошенниках",
                       "Мошенники звонят гражданам. Референдум.", frozenset({"body:gknb"}))
    ky = make_features("k", "s", "ky", moment, "УКМК алдамчылардан сак болууга чакырат",
                       "Алдамчылар жарандарга чалышат. Референдумга.", frozenset({"body:gknb"}))
    shared = set(ru.keys) & set(ky.keys)
    assert {"=мошенник", "=гражданин", "рефер"} <= shared


def test_names_are_capitalised_words_inside_sentences_in_both_languages() -> None:
    ru = names_in("Пожар на складе на улице Толстого потушили. Жители Сосновки видели дым, рассказал Эмиль Осмонов.")
    ky = names_in("Толстой көчөсүндөгү кампада өрт чыкты. Өрттү Сосновканын тургундары көрүштү.")
    assert ru == {_key(w) for w in ("Толстого", "Сосновки", "Эмиль", "Осмонов")}  # not «Пожар», «Жители»: first words
    assert ky == {_key("Сосновканын")}  # «Толстой» opens a sentence: not taken, though it is a name
    assert ky & ru == {"сосно"}  # a name meets across languages by its first letters
    assert names_in("ЦИК и МЧС. ДТП у Кара-Балты, передает АКИpress.") == {_key("Кара-Балты")}  # not acronyms


def test_features_survive_the_store_form() -> None:
    f = make_features("a", "kabar", "ru", datetime(2023, 10, 2, tzinfo=timezone.utc), "ЦИК утвердил итоги",
                      "Центральная избирательная комиссия 2 октября утвердила итоги выборов, явка 31,2 процента.",
                      frozenset({"body:cec"}), attributed_to="24kg")
    back = Features.load(f.dump(), "a", "kabar", "ru", f.moment)
    assert (back.terms, back.entities, back.numbers, back.dates, back.keys, back.attributed_to, back.names) == \
        (f.terms, f.entities, f.numbers, f.dates, f.keys, f.attributed_to, f.names)
    assert back.signature is not None and (back.signature == f.signature).all()


def test_an_empty_text_has_no_signature() -> None:
    f = make_features("e", "kabar", "ru", datetime(2023, 10, 2, tzinfo=timezone.utc), "", "", frozenset())
    assert f.signature is None and f.terms == {}


def test_signature_jaccards_estimate_the_shingles_shared() -> None:
    """A reprint with its last sentence cut shares most shingles; another text shares none. The
    estimates agree with datasketch's own."""
    text = ("Центральная избирательная комиссия зарегистрировала 14 кандидатов в депутаты. Заседание прошло "
            "в Бишкеке, решение приняли единогласно. Списки опубликуют на сайте комиссии до конца недели.")
    full, cut, other = (make_features(i, "s", "ru", MOMENT, "", t, frozenset()) for i, t in (
        ("a", text), ("b", text.rsplit(". ", 1)[0] + "."),
        ("c", "Правительство утвердило новые тарифы на электроэнергию для населения с первого мая.")))
    found = jaccards(full.signature, [full.signature, cut.signature, other.signature])
    assert found[0] == 1.0 and 0.5 < found[1] < 1.0 and found[2] < 0.2
    theirs = [MinHash(num_perm=NUM_PERM, seed=1, hashvalues=f.signature, scheme=SCHEME) for f in (full, cut)]
    assert found[1] == theirs[0].jaccard(theirs[1])
