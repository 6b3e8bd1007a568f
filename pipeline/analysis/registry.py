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
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from pipeline.analysis.entity import Entity, Post
from pipeline.morph import fold

SHARED_ROLES = frozenset({"deputy_chair_of_cabinet", "party_leader"})  # held by several people at once
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
        from pipeline.analysis.registry_file import parse

        return parse(text, str(path), country_entities() if countries else [])

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
