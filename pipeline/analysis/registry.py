"""The entity registry: parties, officials and state bodies with their names in ru/ky/en,
abbreviations (ЦИК = БШК = CEC) and officials' dated posts, read from `config/entities.yaml`.

Linking reads surface forms from here, and tells namesakes apart (Sadyr vs Akylbek Japarov) by
who held which role on the article's day. `Registry.load` checks the whole file and raises one
`RegistryError` listing every broken record with its line, so an editor fixes them in one go.

Dates with `start_precision` / `end_precision` of `month` or `year` are stored as the first day
of that period; the post is treated as covering the whole period (we would rather offer a
candidate too many than lose the right one).
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import yaml

from pipeline.analysis.entity import DatedName, Entity, Post, period_end
from pipeline.morph import fold

ENTITY_TYPES = frozenset({"person", "party", "body", "organisation", "place", "media"})
LANGS = ("ru", "ky", "en")
PRECISIONS = ("day", "month", "year")
SHARED_ROLES = frozenset({"deputy_chair_of_cabinet", "party_leader"})  # held by several people at once
_ENTITY_KEYS = frozenset({"id", "type", "names", "aliases", "abbreviations", "person", "posts",
                          "as_of", "common_word", "gender", "dated_names", "preceded_by", "country"})
_DATED_KEYS = frozenset({"names", "aliases", "from", "until"})
_COUNTRY_RE = re.compile(r"^[a-z]{2}$")
GENDERS = ("m", "f")
_FEMININE_SURNAME_RE = re.compile(r"(?:ова|ева|ина|ына|ая)$")
_MASCULINE_SURNAME_RE = re.compile(r"(?:ов|ев|ин|ын|ий|ый)$")
_PERSON_KEYS = frozenset({"given", "surname", "patronymic", "latin"})
_POST_KEYS = frozenset({"role", "org", "start", "end", "title", "start_precision", "end_precision"})
_ID_RE = re.compile(r"^([a-z]+):[a-z0-9]+(?:-[a-z0-9]+)*$")
_ROLE_RE = re.compile(r"^[a-z][a-z0-9_]*$")
_DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_QUOTES = str.maketrans("", "", "«»„“”\"'’‘`")
_DASHES_RE = re.compile(r"[-‐‑‒–—]+")
_SPACES_RE = re.compile(r"\s+")


class RegistryError(ValueError):
    """A registry file that cannot be used; `problems` holds one line per broken record."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("\n".join(problems))
        self.problems = tuple(problems)


def surface_key(text: str) -> str:
    """The form two names are compared in: folded, quotes dropped, hyphens as spaces.

    So «Ата-Журт Кыргызстан» and Ата Журт Кыргызстан count as the same surface form.
    """
    text = _DASHES_RE.sub(" ", fold(text).translate(_QUOTES))
    return _SPACES_RE.sub(" ", text).strip()


@dataclass
class Registry:
    """All entities of one registry file. Built by `load`; the caller keeps it (no global cache)."""

    entities: tuple[Entity, ...]
    roles: dict[str, dict[str, tuple[str, ...]]]
    _by_id: dict[str, Entity] = field(init=False, repr=False)
    _by_surname: dict[str, tuple[Entity, ...]] = field(init=False, repr=False)
    _posts_by_role: dict[str, tuple[tuple[Entity, Post], ...]] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        self._by_id = {e.id: e for e in self.entities}
        surnames: dict[str, list[Entity]] = {}
        for e in self.entities:
            keys = {surface_key(s) for s in e.surname.values()}
            keys |= {surface_key(v) for v in e.latin if " " not in v}
            for key in keys:
                surnames.setdefault(key, []).append(e)
        self._by_surname = {k: tuple(v) for k, v in surnames.items()}
        by_role: dict[str, list[tuple[Entity, Post]]] = {}
        for e in self.entities:
            for p in e.posts:
                by_role.setdefault(p.role, []).append((e, p))
        self._posts_by_role = {k: tuple(v) for k, v in by_role.items()}

    @classmethod
    def load(cls, path: Path, *, countries: bool = True) -> Registry:
        """The file's entities, plus every country (`countries.country_entities`) unless asked not to."""
        try:
            text = Path(path).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise RegistryError([f"{path}: cannot read: {exc}"]) from exc
        from pipeline.analysis.countries import country_entities

        return _Parser(str(path)).parse(text, country_entities() if countries else [])

    def get(self, entity_id: str) -> Entity | None:
        return self._by_id.get(entity_id)

    def surface_forms(self, lang: str) -> Iterator[tuple[str, str]]:
        """(surface, entity_id) for names, aliases, abbreviations and persons' name forms.

        A person's initials form may be shared by two people (А. Бейшеналиев): both pairs come
        out, and the linker decides by context.
        """
        for e in self.entities:
            forms = [e.names[lang]] if lang in e.names else []
            forms += [*e.aliases.get(lang, ()), *e.abbreviations.get(lang, ()), *e.person_forms(lang)]
            for form in dict.fromkeys(forms):
                yield form, e.id

    def by_surname(self, surname_folded: str) -> tuple[Entity, ...]:
        return self._by_surname.get(surface_key(surname_folded), ())

    def holders(self, role: str, day: date, *, org: str | None = None) -> tuple[Entity, ...]:
        """Who held `role` (at `org`, if given: which ministry) on `day`.

        A post with `end: null` is only known to be held up to its record's `as_of`. For roles one
        person holds at a time, such a post stops counting once someone else's post in the same
        role and body started after that `as_of` (the old record is stale, not a second holder).
        """
        found = [(e, p) for e, p in self._posts_by_role.get(role, ())
                 if (org is None or p.org == org) and p.covers(day)]
        if role not in SHARED_ROLES:
            found = [(e, p) for e, p in found if not self._superseded(e, p, day)]
        return tuple({e.id: e for e, _ in found}.values())

    def _superseded(self, entity: Entity, post: Post, day: date) -> bool:
        if post.end is not None:
            return False
        return any(other.id != entity.id and q.org == post.org and entity.as_of < q.start <= day
                   for other, q in self._posts_by_role.get(post.role, ()))


class _NoDatesLoader(yaml.CSafeLoader if yaml.__with_libyaml__ else yaml.SafeLoader):  # type: ignore[misc]
    """SafeLoader without implicit timestamps: a bad date must become our error with a line,
    not a crash inside PyYAML's date constructor."""


_NoDatesLoader.yaml_implicit_resolvers = {
    ch: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for ch, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


class _Parser:
    """Turns the YAML text into a Registry, collecting every problem with its line."""

    def __init__(self, source: str) -> None:
        self.source = source
        self.problems: list[str] = []

    def fail(self, line: int, record: str, message: str) -> None:
        self.problems.append(f"{self.source}:{line}: {record}: {message}")

    def parse(self, text: str, generated: list[Entity]) -> Registry:
        try:
            data = yaml.load(text, Loader=_NoDatesLoader)
            root = yaml.compose(text, Loader=_NoDatesLoader)
        except yaml.YAMLError as exc:
            mark = getattr(exc, "problem_mark", None)
            line = mark.line + 1 if mark else 0
            raise RegistryError([f"{self.source}:{line}: not valid YAML: {exc}"]) from exc
        if not isinstance(data, dict) or not isinstance(root, yaml.MappingNode):
            raise RegistryError([f"{self.source}:1: the file must be a mapping with version, roles, entities"])
        if data.get("version") != 1:
            self.fail(1, "version", f"must be 1, got {data.get('version')!r}")
        roles = self.roles(data.get("roles"), self.key_line(root, "roles"))
        raw = data.get("entities")
        if not isinstance(raw, list):
            raise RegistryError([*self.problems, f"{self.source}:1: entities: must be a list"])
        nodes = _children(root, "entities")
        lines = [_line(n) for n in nodes] if len(nodes) == len(raw) else [0] * len(raw)
        ids = self.collect_ids(raw, lines)
        entities = [e for i, item in enumerate(raw)
                    if (e := self.entity(item, lines[i], i, roles, ids,
                                         _children(nodes[i], "posts") if nodes else [])) is not None]
        known = {e.id for e in entities}
        entities += [e for e in generated if e.id not in known]
        self.check_duplicate_surfaces(entities)
        if self.problems:
            raise RegistryError(self.problems)
        return Registry(tuple(entities), roles)

    @staticmethod
    def key_line(root: yaml.MappingNode, key: str) -> int:
        return next((_line(k) for k, _ in root.value if k.value == key), 1)

    def roles(self, raw: Any, line: int) -> dict[str, dict[str, tuple[str, ...]]]:
        if not isinstance(raw, dict) or not raw:
            self.fail(line, "roles", "must be a non-empty mapping of role id to role words")
            return {}
        roles: dict[str, dict[str, tuple[str, ...]]] = {}
        for role, words in raw.items():
            if not isinstance(role, str) or not _ROLE_RE.match(role):
                self.fail(line, f"role {role!r}", "role ids are lower-case latin with underscores")
                continue
            parsed = self.word_lists(words, line, f"role {role}", "role words")
            if not parsed:
                self.fail(line, f"role {role}", "needs role words in at least one language")
            roles[role] = parsed
        return roles

    def collect_ids(self, raw: list[Any], lines: list[int]) -> set[str]:
        seen: dict[str, int] = {}
        for item, line in zip(raw, lines):
            entity_id = item.get("id") if isinstance(item, dict) else None
            if not isinstance(entity_id, str):
                continue
            if entity_id in seen:
                self.fail(line, entity_id, f"duplicate id (first defined at line {seen[entity_id]})")
            else:
                seen[entity_id] = line
        return set(seen)

    def entity(self, item: Any, line: int, index: int, roles: Mapping[str, Any],
               ids: set[str], post_nodes: list[yaml.Node]) -> Entity | None:
        record = f"entity #{index + 1}"
        if not isinstance(item, dict):
            self.fail(line, record, "must be a mapping")
            return None
        before = len(self.problems)
        entity_id = item.get("id")
        if isinstance(entity_id, str):
            record = entity_id
        unknown = set(item) - _ENTITY_KEYS
        if unknown:
            self.fail(line, record, f"unknown field(s): {', '.join(sorted(map(str, unknown)))}")
        kind = item.get("type")
        if kind not in ENTITY_TYPES:
            self.fail(line, record, f"unknown type {kind!r} (expected one of {', '.join(sorted(ENTITY_TYPES))})")
        match = _ID_RE.match(entity_id) if isinstance(entity_id, str) else None
        if not match:
            self.fail(line, record, "id must look like <type>:<latin-slug>, e.g. person:sadyr-japarov")
        elif kind in ENTITY_TYPES and match.group(1) != kind:
            self.fail(line, record, f"id prefix {match.group(1)!r} does not match type {kind!r}")
        names = self.names(item.get("names"), line, record)
        aliases = self.word_lists(item.get("aliases", {}), line, record, "aliases")
        abbreviations = self.word_lists(item.get("abbreviations", {}), line, record, "abbreviations")
        person = item.get("person")
        if kind == "person" and not isinstance(person, dict):
            self.fail(line, record, "a person needs a person: block with at least a surname")
        if person is not None and kind != "person":
            self.fail(line, record, f"only persons have a person: block (type is {kind!r})")
        given, surname, patronymic, latin = self.person(person if isinstance(person, dict) else {}, line, record)
        if kind == "person" and isinstance(person, dict) and not surname:
            self.fail(line, record, "a person needs person.surname in at least one language")
        raw_posts = item.get("posts") or []
        if raw_posts and kind != "person":
            self.fail(line, record, f"only persons hold posts (type is {kind!r})")
        if not isinstance(raw_posts, list):
            self.fail(line, record, "posts must be a list")
            raw_posts = []
        post_lines = [_line(n) for n in post_nodes] if len(post_nodes) == len(raw_posts) else [line] * len(raw_posts)
        posts = [p for n, raw in enumerate(raw_posts)
                 if (p := self.post(raw, post_lines[n], f"{record}: post #{n + 1}", roles, ids)) is not None]
        as_of = self.day(item.get("as_of"), line, record, "as_of")
        common_word = item.get("common_word", False)
        if not isinstance(common_word, bool):
            self.fail(line, record, "common_word must be true or false")
        gender = self.gender(item.get("gender"), kind, surname, line, record)
        dated = self.dated_names(item.get("dated_names") or [], line, record)
        for d in dated:  # a dated name is found on any day: it is one more alias
            for lang, text in d.names.items():
                aliases[lang] = (*aliases.get(lang, ()), text)
            for lang, words in d.aliases.items():
                aliases[lang] = (*aliases.get(lang, ()), *words)
        country = item.get("country")
        if country is not None and (kind != "place" or not isinstance(country, str) or not _COUNTRY_RE.match(country)):
            self.fail(line, record, "country (places only) must be an ISO 3166 alpha-2 code such as kz")
            country = None
        preceded_by = item.get("preceded_by") or []
        if not isinstance(preceded_by, list) or not all(isinstance(p, str) and p in ids and p != entity_id
                                                       for p in preceded_by):
            self.fail(line, record, "preceded_by must list other entities' ids in this registry")
            preceded_by = []
        if len(self.problems) > before or as_of is None:
            return None
        return Entity(id=str(entity_id), type=str(kind), names=names, aliases=aliases,
                      abbreviations=abbreviations, given=given, surname=surname,
                      patronymic=patronymic, latin=latin, posts=tuple(posts), as_of=as_of,
                      common_word=common_word, gender=gender, dated_names=tuple(dated),
                      preceded_by=tuple(preceded_by), country=country, line=line)

    def gender(self, raw: Any, kind: Any, surname: dict[str, str], line: int, record: str) -> str | None:
        """`m` or `f`, persons only; a surname whose form says the other gender is an error."""
        if raw is None:
            return None
        if kind != "person":
            self.fail(line, record, f"only persons have a gender (type is {kind!r})")
            return None
        if raw not in GENDERS:
            self.fail(line, record, f"gender must be m or f, got {raw!r}")
            return None
        for name in surname.values():
            word = fold(name.split()[-1])
            if (raw == "m" and _FEMININE_SURNAME_RE.search(word)) or \
                    (raw == "f" and _MASCULINE_SURNAME_RE.search(word)):
                self.fail(line, record, f"gender {raw} does not fit the surname {name!r}")
        return str(raw)

    def dated_names(self, raw: Any, line: int, record: str) -> list[DatedName]:
        """`dated_names: [{names: {...}, aliases: {...}, from: D, until: D}]`, at least one date."""
        if not isinstance(raw, list):
            self.fail(line, record, "dated_names must be a list")
            return []
        out = []
        for n, item in enumerate(raw, 1):
            what = f"dated_names #{n}"
            if not isinstance(item, dict) or set(item) - _DATED_KEYS:
                self.fail(line, record, f"{what} must be a mapping of {', '.join(sorted(_DATED_KEYS))}")
                continue
            start = self.day(item.get("from"), line, record, f"{what}.from", optional=True)
            end = self.day(item.get("until"), line, record, f"{what}.until", optional=True)
            if item.get("from") is None and item.get("until") is None:
                self.fail(line, record, f"{what} needs from: or until: (or both)")
            if start and end and end < start:
                self.fail(line, record, f"{what}: until {end} is before from {start}")
            names = self.names(item.get("names"), line, f"{record}: {what}")
            aliases = self.word_lists(item.get("aliases", {}), line, record, f"{what}.aliases")
            out.append(DatedName(names, aliases, start, end))
        return out

    def names(self, raw: Any, line: int, record: str) -> dict[str, str]:
        names = self.texts(raw, line, record, "names")
        if not names:
            self.fail(line, record, "missing names (need a name in at least one of ru, ky, en)")
        return names

    def texts(self, raw: Any, line: int, record: str, what: str) -> dict[str, str]:
        """A {lang: text} mapping, e.g. names or a person's given name."""
        if raw is None:
            return {}
        if not isinstance(raw, dict):
            self.fail(line, record, f"{what} must be a mapping of language to text")
            return {}
        out: dict[str, str] = {}
        for lang, text in raw.items():
            if lang not in LANGS:
                self.fail(line, record, f"{what}: unknown language {lang!r} (expected ru, ky or en)")
            elif not isinstance(text, str) or not text.strip():
                self.fail(line, record, f"{what}.{lang} must be non-empty text")
            else:
                out[lang] = text.strip()
        return out

    def word_lists(self, raw: Any, line: int, record: str, what: str) -> dict[str, tuple[str, ...]]:
        """A {lang: [text, ...]} mapping: aliases, abbreviations, role words."""
        if not isinstance(raw, dict):
            self.fail(line, record, f"{what} must be a mapping of language to a list of text")
            return {}
        out: dict[str, tuple[str, ...]] = {}
        for lang, words in raw.items():
            if lang not in LANGS:
                self.fail(line, record, f"{what}: unknown language {lang!r} (expected ru, ky or en)")
            elif not isinstance(words, list) or not all(isinstance(w, str) and w.strip() for w in words):
                self.fail(line, record, f"{what}.{lang} must be a list of non-empty text")
            else:
                out[lang] = tuple(w.strip() for w in words)
        return out

    def person(self, raw: dict[str, Any], line: int, record: str
               ) -> tuple[dict[str, str], dict[str, str], dict[str, str], tuple[str, ...]]:
        unknown = set(raw) - _PERSON_KEYS
        if unknown:
            self.fail(line, record, f"person: unknown field(s): {', '.join(sorted(map(str, unknown)))}")
        latin = raw.get("latin", [])
        if not isinstance(latin, list) or not all(isinstance(v, str) and v.strip() for v in latin):
            self.fail(line, record, "person.latin must be a list of Latin spellings")
            latin = []
        return (self.texts(raw.get("given"), line, record, "person.given"),
                self.texts(raw.get("surname"), line, record, "person.surname"),
                self.texts(raw.get("patronymic"), line, record, "person.patronymic"),
                tuple(v.strip() for v in latin))

    def post(self, raw: Any, line: int, record: str, roles: Mapping[str, Any], ids: set[str]) -> Post | None:
        if not isinstance(raw, dict):
            self.fail(line, record, "must be a mapping with role, org, start, end")
            return None
        before = len(self.problems)
        unknown = set(raw) - _POST_KEYS
        if unknown:
            self.fail(line, record, f"unknown field(s): {', '.join(sorted(map(str, unknown)))}")
        role = raw.get("role")
        if role not in roles:
            self.fail(line, record, f"unknown role {role!r} (define it under roles:)")
        org = raw.get("org")
        if org is not None and org not in ids:
            self.fail(line, record, f"org {org!r} is not an entity in this registry")
        start = self.day(raw.get("start"), line, record, "start")
        end = self.day(raw.get("end"), line, record, "end", optional=True)
        precisions = [raw.get(k, "day") for k in ("start_precision", "end_precision")]
        for key, value in zip(("start_precision", "end_precision"), precisions):
            if value not in PRECISIONS:
                self.fail(line, record, f"{key} must be one of {', '.join(PRECISIONS)}, got {value!r}")
        if start and end and precisions[1] in PRECISIONS and period_end(end, precisions[1]) < start:
            self.fail(line, record, f"end {end} is before start {start}")
        title = self.texts(raw.get("title"), line, record, "title")
        if len(self.problems) > before or start is None:
            return None
        return Post(role=str(role), org=org, start=start, end=end, title=title,
                    start_precision=precisions[0], end_precision=precisions[1])

    def day(self, raw: Any, line: int, record: str, what: str, *, optional: bool = False) -> date | None:
        if raw is None:
            if not optional:
                self.fail(line, record, f"missing {what} (a date, YYYY-MM-DD)")
            return None
        text = str(raw)
        try:
            if _DATE_RE.match(text):
                return date.fromisoformat(text)
        except ValueError:
            pass
        self.fail(line, record, f"{what} {raw!r} is not a date (YYYY-MM-DD)")
        return None

    def check_duplicate_surfaces(self, entities: list[Entity]) -> None:
        """A name, alias or abbreviation must point at one entity. Person name forms built from
        given name + surname are exempt: namesakes share surnames and sometimes initials."""
        owner: dict[str, Entity] = {}
        for e in entities:
            surfaces = [*e.names.values(), *(s for v in e.aliases.values() for s in v),
                        *(s for v in e.abbreviations.values() for s in v)]
            for key, surface in {surface_key(s): s for s in reversed(surfaces)}.items():
                first = owner.setdefault(key, e)
                if first.id != e.id:
                    self.fail(e.line, e.id, f"surface form {surface!r} is already used by {first.id} "
                                            f"(line {first.line})")


def _line(node: yaml.Node) -> int:
    return int(node.start_mark.line) + 1


def _children(node: yaml.Node, key: str) -> list[yaml.Node]:
    """The items of the sequence under `key` in a mapping node (for their line numbers)."""
    if isinstance(node, yaml.MappingNode):
        for k, v in node.value:
            if k.value == key and isinstance(v, yaml.SequenceNode):
                return list(v.value)
    return []
