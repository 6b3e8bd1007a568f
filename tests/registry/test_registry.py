"""The entity registry: the real config loads and answers who held what; broken records fail
with a message that names the record, its line and the problem."""

from __future__ import annotations

import textwrap
from collections import Counter
from datetime import date
from pathlib import Path

import pytest

from pipeline.analysis.registry import Registry, RegistryError, surface_key

CONFIG = Path(__file__).resolve().parents[2] / "config" / "entities.yaml"


@pytest.fixture(scope="module")
def registry() -> Registry:
    return Registry.load(CONFIG)


def test_real_config_has_enough_bodies_parties_and_officials(registry: Registry) -> None:
    kinds = Counter(e.type for e in registry.entities)
    assert kinds["body"] >= 40
    assert kinds["party"] >= 20
    assert sum(1 for e in registry.entities if e.type == "person" and e.posts) >= 80


def test_every_post_names_an_existing_org_and_a_defined_role(registry: Registry) -> None:
    for e in registry.entities:
        for post in e.posts:
            assert post.role in registry.roles, (e.id, post.role)
            assert post.org is None or registry.get(post.org) is not None, (e.id, post.org)


def test_president_in_2022_is_sadyr_japarov(registry: Registry) -> None:
    assert [e.id for e in registry.holders("president", date(2022, 5, 1))] == ["person:sadyr-japarov"]


def test_chair_of_cabinet_in_2023_is_akylbek_japarov(registry: Registry) -> None:
    assert [e.id for e in registry.holders("chair_of_cabinet", date(2023, 3, 1))] == ["person:akylbek-japarov"]


def test_namesakes_share_a_surname_and_differ_by_post(registry: Registry) -> None:
    japarovs = {e.id for e in registry.by_surname("жапаров")}
    assert japarovs == {"person:sadyr-japarov", "person:akylbek-japarov"}
    assert {e.id for e in registry.by_surname("Zhaparov")} == japarovs
    sadyr = registry.get("person:sadyr-japarov")
    assert sadyr is not None
    assert [p.role for p in sadyr.posts_on(date(2020, 10, 20))] == ["prime_minister", "acting_president"]
    assert sadyr.posts_on(date(2020, 12, 1)) == ()


def test_cec_is_found_by_its_abbreviations_in_every_language(registry: Registry) -> None:
    for lang, abbreviation in (("ru", "ЦИК"), ("ky", "БШК"), ("en", "CEC")):
        assert (abbreviation, "body:cec") in set(registry.surface_forms(lang))
    assert ("Центризбирком", "body:cec") in set(registry.surface_forms("ru"))
    assert ("УКМК", "body:gknb") in set(registry.surface_forms("ky"))


def test_person_surface_forms_include_initials_both_ways(registry: Registry) -> None:
    forms = {s for s, eid in registry.surface_forms("ru") if eid == "person:sadyr-japarov"}
    assert {"Садыр Жапаров", "Жапаров Садыр", "С. Жапаров", "Жапаров С.", "С. Н. Жапаров"} <= forms
    assert "Жапаров" not in forms  # a bare surname is not an alias: by_surname handles it
    en = {s for s, eid in registry.surface_forms("en") if eid == "person:sadyr-japarov"}
    assert {"Sadyr Japarov", "Sadyr Zhaparov", "S. Dzhaparov"} <= en


def test_no_surface_form_points_at_two_entities_except_person_name_forms(registry: Registry) -> None:
    owners: dict[str, set[str]] = {}
    for lang in ("ru", "ky", "en"):
        for surface, eid in registry.surface_forms(lang):
            owners.setdefault(surface_key(surface), set()).add(eid)
    shared = {k: v for k, v in owners.items() if len(v) > 1}
    assert all(eid.startswith("person:") for ids in shared.values() for eid in ids), shared


@pytest.mark.parametrize(("role", "day", "org", "expected"), [
    ("speaker", date(2020, 10, 8), None, "person:myktybek-abdyldaev"),
    ("speaker", date(2024, 1, 1), None, "person:nurlanbek-turgunbek-uulu"),
    ("acting_president", date(2020, 12, 1), None, "person:talant-mamytov"),
    ("gknb_chair", date(2025, 6, 1), None, "person:kamchybek-tashiev"),
    ("gknb_chair", date(2026, 3, 1), None, "person:jumgalbek-shabdanbekov"),
    ("cec_chair", date(2021, 11, 28), None, "person:nurzhan-shaildabekova"),
    ("chair_of_cabinet", date(2025, 3, 1), None, "person:adylbek-kasymaliev"),
    ("minister", date(2023, 1, 1), "body:mfa", "person:jeenbek-kulubaev"),
    ("mayor", date(2022, 6, 1), "body:bishkek-mayor-office", "person:emilbek-abdykadyrov"),
])
def test_one_holder_per_single_seat_role(registry: Registry, role: str, day: date, org: str | None,
                                         expected: str) -> None:
    assert [e.id for e in registry.holders(role, day, org=org)] == [expected]


def test_a_stale_open_post_yields_to_a_later_holder(registry: Registry) -> None:
    # Beishenaliev's health post is only known up to his record's as_of (2022); Dosmambetov was
    # appointed in December 2025, so in January 2026 only he holds the post.
    health = "body:ministry-of-health"
    assert [e.id for e in registry.holders("minister", date(2022, 1, 10), org=health)] == [
        "person:alymkadyr-beishenaliev"]
    assert [e.id for e in registry.holders("minister", date(2026, 1, 10), org=health)] == [
        "person:kanybek-dosmambetov"]


def test_shared_roles_have_several_holders(registry: Registry) -> None:
    deputies = {e.id for e in registry.holders("deputy_chair_of_cabinet", date(2023, 1, 1))}
    assert {"person:kamchybek-tashiev", "person:edil-baisalov"} <= deputies


def test_a_renamed_person_is_found_by_the_old_name(registry: Registry) -> None:
    assert ("Нурланбек Шакиев", "person:nurlanbek-turgunbek-uulu") in set(registry.surface_forms("ru"))


def test_imprecise_dates_cover_their_whole_period(registry: Registry) -> None:
    # Shaildabekova's start is known to the month only (June 2016): she counts from June 1st.
    shaildabekova = registry.get("person:nurzhan-shaildabekova")
    assert shaildabekova is not None
    assert [p.role for p in shaildabekova.posts_on(date(2016, 6, 1))] == ["cec_chair"]
    assert shaildabekova.posts_on(date(2016, 5, 31)) == ()
    # Kozhoshev's end is known to the year only (2022): he stays a candidate through December.
    kozhoshev = registry.get("person:arzybek-kozhoshev")
    assert kozhoshev is not None and kozhoshev.posts_on(date(2022, 12, 31)) and not kozhoshev.posts_on(date(2023, 1, 1))


GOOD = """\
version: 1
roles:
  president: {ru: [президент], ky: [президент], en: [president]}
entities:
  - id: body:president-office
    type: body
    names: {ru: Президент Кыргызской Республики}
    as_of: 2025-01-01
  - id: person:sadyr-japarov
    type: person
    names: {ru: Садыр Жапаров}
    person: {given: {ru: Садыр}, surname: {ru: Жапаров}}
    posts:
      - {role: president, org: body:president-office, start: 2021-01-28, end: null}
    as_of: 2025-01-01
"""


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "entities.yaml"
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def test_small_good_file_loads(tmp_path: Path) -> None:
    registry = Registry.load(write(tmp_path, GOOD))
    assert [e.id for e in registry.holders("president", date(2024, 1, 1))] == ["person:sadyr-japarov"]
    assert registry.holders("president", date(2020, 1, 1)) == ()


BROKEN = {
    "unknown type": (GOOD.replace("type: body", "type: ministry"), "body:president-office", 5,
                     "unknown type 'ministry'"),
    "unknown role": (GOOD.replace("{role: president,", "{role: tsar,"), "person:sadyr-japarov: post #1", 14,
                     "unknown role 'tsar'"),
    "missing names": (GOOD.replace("    names: {ru: Садыр Жапаров}\n", ""), "person:sadyr-japarov", 9,
                      "missing names"),
    "bad date": (GOOD.replace("start: 2021-01-28", "start: 2021-13-28"), "person:sadyr-japarov: post #1", 14,
                 "'2021-13-28' is not a date"),
    "inverted dates": (GOOD.replace("end: null", "end: 2020-01-01"), "person:sadyr-japarov: post #1", 14,
                       "end 2020-01-01 is before start 2021-01-28"),
    "post on a body": (GOOD.replace("    as_of: 2025-01-01\n  - id: person",
                                    "    posts: [{role: president, start: 2021-01-01}]\n"
                                    "    as_of: 2025-01-01\n  - id: person", 1),
                       "body:president-office", 5, "only persons hold posts"),
    "unknown org": (GOOD.replace("org: body:president-office", "org: body:kremlin"), "person:sadyr-japarov: post #1", 14,
                    "org 'body:kremlin' is not an entity"),
    "duplicate id": (GOOD + GOOD.split("entities:\n")[1].split("  - id: person")[0], "body:president-office", 16,
                     "duplicate id (first defined at line 5)"),
    "duplicate alias": (GOOD + "  - id: body:cec\n    type: body\n    names: {ru: ЦИК}\n"
                        "    aliases: {ru: [«Президент Кыргызской-Республики»]}\n    as_of: 2025-01-01\n",
                        "body:cec", 16, "already used by body:president-office (line 5)"),
    "bad id": (GOOD.replace("id: body:president-office", "id: body:Президент"), "body:Президент", 5,
               "id must look like <type>:<latin-slug>"),
    "id type mismatch": (GOOD.replace("id: person:sadyr-japarov", "id: party:sadyr-japarov"),
                         "party:sadyr-japarov", 9, "does not match type 'person'"),
    "missing start": (GOOD.replace("start: 2021-01-28, ", ""), "person:sadyr-japarov: post #1", 14, "missing start"),
    "missing as_of": (GOOD.replace("    as_of: 2025-01-01\n", "", 1), "body:president-office", 5,
                      "missing as_of"),
    "person without surname": (GOOD.replace("surname: {ru: Жапаров}", "latin: [Japarov]"),
                               "person:sadyr-japarov", 9, "needs person.surname"),
    "unknown language": (GOOD.replace("names: {ru: Садыр Жапаров}", "names: {uz: Sadir Japarov}"),
                         "person:sadyr-japarov", 9, "unknown language 'uz'"),
    "typo in a field": (GOOD.replace("    as_of: 2025-01-01\n", "    alises: {ru: [x]}\n    as_of: 2025-01-01\n", 1),
                        "body:president-office", 5, "unknown field(s): alises"),
    "bad precision": (GOOD.replace("end: null}", "end: null, start_precision: week}"), "person:sadyr-japarov: post #1", 14,
                      "start_precision must be one of day, month, year"),
}


@pytest.mark.parametrize("case", sorted(BROKEN))
def test_broken_record_names_the_record_its_line_and_the_problem(tmp_path: Path, case: str) -> None:
    text, record, line, problem = BROKEN[case]
    path = write(tmp_path, text)
    with pytest.raises(RegistryError) as caught:
        Registry.load(path)
    message = str(caught.value)
    assert f"{path}:{line}: {record}: " in message, message
    assert problem in message, message


def test_namesakes_may_share_a_surname_but_not_a_full_name(tmp_path: Path) -> None:
    akylbek = ("  - id: person:akylbek-japarov\n    type: person\n    names: {ru: Акылбек Жапаров}\n"
               "    person: {given: {ru: Акылбек}, surname: {ru: Жапаров}}\n    as_of: 2025-01-01\n")
    registry = Registry.load(write(tmp_path, GOOD + akylbek))
    assert len(registry.by_surname("жапаров")) == 2
    with pytest.raises(RegistryError, match="person:akylbek-japarov: surface form 'Садыр Жапаров'"):
        Registry.load(write(tmp_path, GOOD + akylbek.replace("names: {ru: Акылбек Жапаров}",
                                                              "names: {ru: Садыр Жапаров}")))


def test_every_problem_is_reported_at_once(tmp_path: Path) -> None:
    text = GOOD.replace("type: body", "type: ministry").replace("{role: president,", "{role: tsar,")
    with pytest.raises(RegistryError) as caught:
        Registry.load(write(tmp_path, text))
    assert len(caught.value.problems) == 2


def test_not_yaml_and_missing_file_are_clear_errors(tmp_path: Path) -> None:
    with pytest.raises(RegistryError, match=r"entities.yaml:4: not valid YAML"):
        Registry.load(write(tmp_path, "version: 1\nroles: {a: [b]}\nentities: [\n  - {\n"))
    with pytest.raises(RegistryError, match="cannot read"):
        Registry.load(tmp_path / "absent.yaml")


def test_an_imprecise_end_in_the_start_year_is_not_inverted(tmp_path: Path) -> None:
    text = GOOD.replace("start: 2021-01-28, end: null",
                        "start: 2021-04-01, start_precision: month, end: 2021-01-01, end_precision: year")
    registry = Registry.load(write(tmp_path, text))
    assert [e.id for e in registry.holders("president", date(2021, 12, 31))] == ["person:sadyr-japarov"]
    assert registry.holders("president", date(2022, 1, 1)) == ()


def _one_entity(tmp_path: Path, extra: str, *, kind: str = "body", person: str = "") -> Path:
    path = tmp_path / "entities.yaml"
    path.write_text(
        "version: 1\nroles:\n  president: {ru: [президент]}\nentities:\n"
        "  - id: body:old\n    type: body\n    names: {ru: Старое ведомство}\n    as_of: 2024-01-01\n"
        f"  - id: {kind}:x\n    type: {kind}\n    names: {{ru: Икс}}\n{person}{extra}    as_of: 2024-01-01\n",
        encoding="utf-8")
    return path


@pytest.mark.parametrize(("extra", "kind", "person", "message"), [
    ("    gender: m\n", "body", "", "only persons have a gender"),
    ("    gender: x\n", "person", "    person: {surname: {ru: Иванов}}\n", "gender must be m or f"),
    ("    gender: m\n", "person", "    person: {surname: {ru: Иванова}}\n", "does not fit the surname"),
    ("    gender: f\n", "person", "    person: {surname: {ru: Иванов}}\n", "does not fit the surname"),
    ("    dated_names: [{names: {ru: Прежнее}}]\n", "body", "", "needs from: or until:"),
    ("    dated_names: [{names: {ru: Прежнее}, from: 2021-01-01, until: 2020-01-01}]\n", "body", "", "is before from"),
    ("    dated_names: [{names: {ru: Прежнее}, until: 2021-13-01}]\n", "body", "", "is not a date"),
    ("    dated_names: [{name: Прежнее, until: 2021-01-01}]\n", "body", "", "must be a mapping of"),
    ("    preceded_by: [body:missing]\n", "body", "", "preceded_by must list"),
])
def test_gender_and_dated_names_are_validated(tmp_path: Path, extra: str, kind: str, person: str,
                                              message: str) -> None:
    with pytest.raises(RegistryError) as err:
        Registry.load(_one_entity(tmp_path, extra, kind=kind, person=person))
    assert message in str(err.value) and "x" in str(err.value)


def test_dated_names_are_found_on_any_day_and_shown_in_their_time(tmp_path: Path) -> None:
    path = _one_entity(tmp_path, "    dated_names: [{names: {ru: Прежнее ведомство}, until: 2021-05-04}]\n"
                                 "    preceded_by: [body:old]\n")
    registry = Registry.load(path, countries=False)
    entity = registry.get("body:x")
    assert entity is not None and "Прежнее ведомство" in entity.aliases["ru"]
    assert entity.name_on(date(2020, 1, 1)) == "Прежнее ведомство"
    assert entity.name_on(date(2022, 1, 1)) == "Икс" and entity.preceded_by == ("body:old",)
    assert len(registry.entities) == 2  # countries=False: the file alone
    assert len(Registry.load(path).entities) > 240


def test_a_place_abroad_names_its_country_and_only_places_may(tmp_path: Path) -> None:
    good = _one_entity(tmp_path, "    country: kz\n", kind="place")
    assert Registry.load(good, countries=False).get("place:x").country == "kz"
    with pytest.raises(RegistryError) as err:
        Registry.load(_one_entity(tmp_path, "    country: Kazakhstan\n", kind="place"))
    assert "ISO 3166 alpha-2" in str(err.value)
    with pytest.raises(RegistryError):
        Registry.load(_one_entity(tmp_path, "    country: kz\n", kind="body"))
