"""The word keys a title is matched by, built once from the registry: the roles' phrases
(«глава государства», «өлкө башчысы», «спикер»), each ministry named by its field («министр
иностранных дел», «министр финансов», «Тышкы иштер министри» — from the ministry's own names),
and the head words that make a body's name a title («глава ГКНБ», «УКМКнын төрагасы»).
"""

from __future__ import annotations

from dataclasses import dataclass

from pipeline.analysis.plausibility import word_key
from pipeline.analysis.registry import Registry
from pipeline.morph import tokens

# single-seat posts whose bare title names their holder
TITLE_ROLES = ("president", "chair_of_cabinet", "prime_minister", "speaker", "prosecutor_general", "cec_chair",
               "gknb_chair", "national_bank_chair", "ombudsman", "head_of_administration",
               "security_council_secretary", "state_secretary")
# posts held in each city: the title resolves with its city (мэр Оша, Бишкектин мэри, мэр столицы)
CITY_ROLES = ("mayor",)
# posts held in each body whose title with the body's name names the holder (глава МИД)
HEAD_ROLES = frozenset({*TITLE_ROLES, *CITY_ROLES, "minister"})
# folded lemmas (ru) and stems (ky) of the words that name a body's head: «глава ГКНБ», «УКМК башчысы»
HEAD_WORDS = {"ru": frozenset({"глава", "руководитель", "председатель", "министр", "начальник", "шеф"}),
              "ky": frozenset({"башчы", "торага", "жетекчи", "министр"})}
# «новый глава ГКНБ», «УКМКнын жаңы төрагасы»: the holder who took the post lately
RECENT = frozenset({"новый", "нынешний", "действующий", "жан", "жаны", "азыркы", "учурдагы"})
RECENT_DAYS = 366
# the field a ministry is named by: «Министерство иностранных дел» → «министр иностранных дел»
_MINISTRY = {"ru": ("министерство", "министр"), "ky": ("министрлик", "министр")}


@dataclass(frozen=True)
class TitleKind:
    roles: tuple[str, ...]  # «премьер-министр» names the prime minister's and the Cabinet chair's post
    org: str | None = None  # the body the post is held in, when the title says which (министр финансов)


TitleTable = dict[str, list[tuple[tuple[str, ...], TitleKind]]]  # first key → (keys, kind), longest first


def phrase_key(phrase: str, lang: str, split: bool = True) -> tuple[str, ...]:
    """The phrase's word keys as spaCy tokenises it: a hyphen is a token of its own
    (премьер-министр → премьер, -, министр), or (`split=False`) part of the word."""
    out: list[str] = []
    for word, _, _ in tokens(phrase):
        parts = word.split("-") if split else [word]
        for n, part in enumerate(parts):
            out += ["-"] if n else []
            out.append(word_key(part, lang))
    return tuple(out)


def title_tables(registry: Registry) -> dict[str, TitleTable]:
    """Per language, every title phrase's keys and what it names."""
    kinds: dict[str, dict[tuple[str, ...], set[str]]] = {}
    for role in (*TITLE_ROLES, *CITY_ROLES):
        for lang, phrases in registry.roles.get(role, {}).items():
            for phrase in phrases:
                # Kyrgyz text keeps премьер-министр one token, Russian splits it; the stemmer
                # keeps a capitalised word whole more often (Башкы → башк, башкы → баш)
                for key in {phrase_key(p, lang, split) for p in (phrase, phrase[:1].upper() + phrase[1:])
                            for split in (True, False)}:
                    if key:
                        kinds.setdefault(lang, {}).setdefault(key, set()).add(role)
    tables: dict[str, TitleTable] = {}
    for lang, keys in kinds.items():
        for key, roles in keys.items():
            tables.setdefault(lang, {}).setdefault(key[0], []).append((key, TitleKind(tuple(sorted(roles)))))
    for lang, key, org in _ministry_fields(registry):
        tables.setdefault(lang, {}).setdefault(key[0], []).append((key, TitleKind(("minister",), org)))
    for table in tables.values():
        for entries in table.values():
            entries.sort(key=lambda e: -len(e[0]))
    return tables


def _ministry_fields(registry: Registry) -> list[tuple[str, tuple[str, ...], str]]:
    """(lang, keys, ministry id) for «министр <field>» / «<field> министри» built from each
    ministry's names: «Министерство финансов» → министр финансов, «Финансы министрлиги» →
    финансы министри. Only ministries a minister's post in the registry is held in."""
    held = {p.org for e in registry.entities for p in e.posts if p.role == "minister" and p.org}
    out = []
    for entity in registry.entities:
        if entity.id not in held:
            continue
        for lang in ("ru", "ky"):
            ministry, minister = _MINISTRY[lang]
            for name in (entity.names.get(lang, ""), *entity.aliases.get(lang, ())):
                keys = phrase_key(name, lang)
                if lang == "ru" and len(keys) > 1 and keys[0] == ministry:
                    field = _field_ru(keys[1:])
                    if field:
                        out.append((lang, (minister, *field), entity.id))
                elif lang == "ky" and ministry in keys[1:]:
                    at = keys.index(ministry)
                    if at and "кыргыз" not in keys[:at]:
                        out.append((lang, (*keys[:at], minister), entity.id))
    return out


def _field_ru(keys: tuple[str, ...]) -> tuple[str, ...]:
    """The field words of a Russian ministry name, without «Кыргызской Республики»."""
    for n, key in enumerate(keys):
        if key in ("кыргызский", "кыргызстан"):
            return keys[:n]
    return keys
