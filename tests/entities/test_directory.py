"""The entity directory on the real registry: every name form resolves, namesakes are narrowed by
posts or reported as ambiguous, unknown names get suggestions, provisional entities are found."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from indexes.entities import EntityDirectory
from kabarchy.entities import (
    EntityArgError,
    build_directory,
    provisional_entity,
    registry_entities,
    resolve_entity_arg,
)
from kabarchy.settings import load_settings
from pipeline.analysis.names import abbreviation_forms, is_abbreviation, name_forms
from pipeline.analysis.provisional import person_key, provisional_id
from pipeline.analysis.registry import Registry
from pipeline.store import Store

REPO = Path(__file__).resolve().parents[2]
SADYR, AKYLBEK, CEC = "person:sadyr-japarov", "person:akylbek-japarov", "body:cec"


@pytest.fixture(scope="module")
def registry() -> Registry:
    return Registry.load(REPO / "config" / "entities.yaml")


@pytest.fixture(scope="module")
def directory(registry: Registry) -> EntityDirectory:
    unknown, _ = person_key("Эркинбек Токтосунов", "ru")
    return EntityDirectory([*registry_entities(registry),
                            provisional_entity(provisional_id("person", unknown), "person", "Эркинбек Токтосунов")])


def _ids(directory: EntityDirectory, name: str, **dates: date) -> list[str]:
    return [e.id for e in directory.resolve(name, **dates).matches]


@pytest.mark.parametrize("name", ["ЦИК", "ЦИКа", "ЦИКом", "Центризбиркома", "Центризбиркому", "БШК", "БШКнын",
                                  "БШКга", "CEC", "цик", "Центральной избирательной комиссии",
                                  "Борбордук шайлоо комиссиясынын", "body:cec"])
def test_every_form_of_the_cec_resolves(directory: EntityDirectory, name: str) -> None:
    assert _ids(directory, name) == [CEC]


@pytest.mark.parametrize("name", ["Садыр Жапаров", "Садыра Жапарова", "Садыром Жапаровым", "Садыр Жапаровдун",
                                  "Жапаров Садыр", "С. Жапаров", "С.Н. Жапаров", "Sadyr Japarov",
                                  "Sadyr Zhaparov", "person:sadyr-japarov", "PERSON:SADYR-JAPAROV"])
def test_full_names_of_a_person_resolve_without_dates(directory: EntityDirectory, name: str) -> None:
    assert _ids(directory, name) == [SADYR]


@pytest.mark.parametrize("name", ["Жапаров", "Жапарова", "Жапаровым", "Жапаровдун", "Japarov", "Zhaparov",
                                  "Dzhaparov"])
def test_a_bare_surname_is_ambiguous_over_a_range_covering_both_namesakes(directory: EntityDirectory,
                                                                          name: str) -> None:
    assert _ids(directory, name, date_from=date(2021, 1, 1)) == [AKYLBEK, SADYR]
    assert _ids(directory, name) == [AKYLBEK, SADYR]


def test_a_bare_surname_resolves_when_only_one_namesake_held_a_post(directory: EntityDirectory) -> None:
    # Sadyr was acting president in November 2020; Akylbek's first registry post starts June 2021.
    assert _ids(directory, "Жапарова", date_from=date(2020, 11, 1), date_to=date(2021, 3, 1)) == [SADYR]


def test_every_registry_surface_and_its_case_forms_find_their_entity(registry: Registry,
                                                                     directory: EntityDirectory) -> None:
    missed = []
    checked = 0
    for entity in registry.entities:
        info = directory.get(entity.id)
        assert info is not None
        for surface in info.surfaces():
            forms = {surface}
            if is_abbreviation(surface) and " " not in surface:
                forms |= set(sorted(abbreviation_forms(surface))[:12])
            elif entity.type == "person" and " " not in surface and not surface.isascii():
                forms |= set(name_forms(surface)) & {surface.lower() + e for e in ("а", "у", "ым", "дун", "га")}
            for form in forms:
                checked += 1
                if entity.id not in _ids(directory, form):
                    missed.append((entity.id, form))
    assert checked > 2500
    assert missed == []


def test_unknown_names_get_the_nearest_registry_names(directory: EntityDirectory) -> None:
    resolution = directory.resolve("Жапаровв")
    assert resolution.matches == () and resolution.entity is None
    assert {e.id for e in resolution.suggestions} == {SADYR, AKYLBEK}
    assert directory.resolve("Ташиеев").suggestions[0].id == "person:kamchybek-tashiev"
    assert directory.resolve("zzqqxxjj").suggestions == ()


def test_provisional_entities_are_found_by_any_case_form(directory: EntityDirectory) -> None:
    ids = _ids(directory, "Эркинбека Токтосунова")
    assert len(ids) == 1 and ids[0].startswith("prov-person:")
    assert _ids(directory, "Эркинбек Токтосунов") == ids
    assert directory.get(ids[0]).provisional  # type: ignore[union-attr]


def test_resolve_entity_arg_explains_ambiguity_with_posts_and_unknown_with_suggestions(
        directory: EntityDirectory) -> None:
    assert resolve_entity_arg(directory, "ЦИКа") == CEC
    with pytest.raises(EntityArgError) as ambiguous:
        resolve_entity_arg(directory, "Жапаров", date_from=date(2021, 1, 1), date_to=date(2022, 1, 1))
    message = str(ambiguous.value)
    assert SADYR in message and AKYLBEK in message
    assert "Президент Кыргызской Республики (2021-01-28 –)" in message
    assert "Председатель Кабинета министров Кыргызской Республики (2021-10-12 – 2024-12-16)" in message
    with pytest.raises(EntityArgError, match="nearest names: .*Ташиев"):
        resolve_entity_arg(directory, "Ташиеев")


def test_search_lists_entities_named_then_names_starting_with_the_text(directory: EntityDirectory) -> None:
    found = [e.id for e in directory.search("жап")]
    assert found[:2] == [AKYLBEK, SADYR]
    assert [e.id for e in directory.search("ЦИКа")][0] == CEC
    assert all(e.type == "party" for e in directory.search("партия", type="party"))
    assert directory.search("партия", type="party")


def test_open_single_seat_posts_end_when_a_successor_starts(directory: EntityDirectory,
                                                            registry: Registry) -> None:
    sadyr = directory.get(SADYR)
    assert sadyr is not None
    president = [p for p in sadyr.posts if p.role == "president"][0]
    assert president.start == date(2021, 1, 28) and president.end is None
    assert president.title["en"] == "President of the Kyrgyz Republic"


def test_build_directory_adds_the_stores_provisional_entities(tmp_path: Path) -> None:
    settings = load_settings(REPO / "config" / "settings.toml").replace(data_dir=tmp_path)
    with Store.open(tmp_path / "store.sqlite") as store:
        store.provisional_entity("prov-organisation:0123456789ab", "organisation", "Ошского рынка")
        directory = build_directory(settings, store)
    assert _ids(directory, "Ошского рынка") == ["prov-organisation:0123456789ab"]
    assert directory.get(CEC) is not None
