"""Builds the entity directory from the registry and the store, and turns a name the user typed
into one entity id (or a clear error) for every command that takes `--entity`/`--speaker`/NAME.
"""

from __future__ import annotations

from calendar import monthrange
from datetime import date, timedelta

from indexes.entities import EntityDirectory, EntityInfo, PostInfo, Resolution
from kabarchy.settings import Settings
from pipeline.analysis.registry import SHARED_ROLES, Entity, Post, Registry
from pipeline.store import Store


class EntityArgError(ValueError):
    """A name that is not one entity: unknown (with suggestions) or ambiguous (with candidates)."""

    def __init__(self, message: str, resolution: Resolution) -> None:
        super().__init__(message)
        self.resolution = resolution


def build_directory(settings: Settings, store: Store | None = None) -> EntityDirectory:
    """The registry's entities and, with a store, every provisional entity the analysis found.

    Raises `pipeline.analysis.registry.RegistryError` (it names the broken records) when the
    registry cannot be read.
    """
    registry = Registry.load(settings.entities)
    entities = registry_entities(registry)
    if store is not None:
        entities += [provisional_entity(*row) for row in store.provisional_entities()]
    return EntityDirectory(entities)


def registry_entities(registry: Registry) -> list[EntityInfo]:
    return [_entity_info(e, registry) for e in registry.entities]


def provisional_entity(entity_id: str, type_: str, name: str) -> EntityInfo:
    lang = "en" if name.isascii() else "ru"
    return EntityInfo(id=entity_id, type=type_, names={lang: name}, aliases=(), provisional=True)


def _entity_info(entity: Entity, registry: Registry) -> EntityInfo:
    names = set(entity.names.values())
    aliases = [*(a for abbrs in entity.abbreviations.values() for a in abbrs),
               *(a for alias in entity.aliases.values() for a in alias),
               *entity.surname.values(), *entity.latin,
               *(f for lang in ("ru", "ky", "en") for f in entity.person_forms(lang))]
    return EntityInfo(
        id=entity.id, type=entity.type, names=dict(entity.names),
        aliases=tuple(a for a in dict.fromkeys(aliases) if a not in names),
        posts=tuple(_post_info(entity, p, registry) for p in entity.posts),
    )


def _post_info(entity: Entity, post: Post, registry: Registry) -> PostInfo:
    title = dict(post.title)
    for lang, words in registry.roles.get(post.role, {}).items():
        title.setdefault(lang, words[0])
    return PostInfo(role=post.role, title=title, org_id=post.org, start=post.start,
                    end=_last_day(entity, post, registry))


def _last_day(entity: Entity, post: Post, registry: Registry) -> date | None:
    """The post's last day as `Post.covers` counts it: an imprecise end runs to the end of its
    month or year; an open single-seat post ends the day before a later successor starts (the
    record is only known up to its `as_of`, as `Registry.holders` reads it)."""
    if post.end is not None:
        if post.end_precision == "year":
            return date(post.end.year, 12, 31)
        if post.end_precision == "month":
            return date(post.end.year, post.end.month, monthrange(post.end.year, post.end.month)[1])
        return post.end
    if post.role in SHARED_ROLES:
        return None
    successors = [q.start for other in registry.entities if other.id != entity.id for q in other.posts
                  if q.role == post.role and q.org == post.org and q.start > entity.as_of]
    return min(successors) - timedelta(days=1) if successors else None


# ------------------------------------------------------------------ names typed by users
def describe_posts(entity: EntityInfo, lang: str = "ru", date_from: date | None = None,
                   date_to: date | None = None) -> list[str]:
    """"title (start – end)" for the posts held during the period (every post without one)."""
    posts = entity.posts_during(date_from, date_to) if (date_from or date_to) else entity.posts
    return [f"{p.title_in(lang)} ({p.start or '?'} – {p.end or ''})".replace("– )", "–)") for p in posts]


def describe(entity: EntityInfo, lang: str = "ru", date_from: date | None = None,
             date_to: date | None = None) -> str:
    posts = describe_posts(entity, lang, date_from, date_to)
    kind = "provisional " + entity.type if entity.provisional else entity.type
    line = f"{entity.id}  {entity.name(lang)} ({kind})"
    return line + "".join(f"\n      {p}" for p in posts)


def resolution_error(value: str, resolution: Resolution, *, lang: str = "ru", date_from: date | None = None,
                     date_to: date | None = None) -> str:
    """The message for a name that is not exactly one entity."""
    if resolution.matches:
        period = f" between {date_from or '…'} and {date_to or '…'}" if (date_from or date_to) else ""
        lines = [f"{value!r} may mean {len(resolution.matches)} entities{period}; give one of these ids "
                 "(or a fuller name):"]
        lines += ["  " + describe(e, lang, date_from, date_to) for e in resolution.matches]
        return "\n".join(lines)
    if resolution.suggestions:
        near = "; ".join(f"{e.name(lang)} ({e.id})" for e in resolution.suggestions)
        return f"no entity is called {value!r}; nearest names: {near} (see `kabarchy entities`)"
    return f"no entity is called {value!r} (see `kabarchy entities`)"


def resolve_entity_arg(directory: EntityDirectory, value: str, *, date_from: date | None = None,
                       date_to: date | None = None, lang: str = "ru") -> str:
    """The id `value` names (an id, or any name in any form); `EntityArgError` otherwise."""
    resolution = directory.resolve(value, date_from=date_from, date_to=date_to)
    if resolution.entity is not None:
        return resolution.entity.id
    raise EntityArgError(resolution_error(value, resolution, lang=lang, date_from=date_from, date_to=date_to),
                         resolution)
