"""Entity filters typed as names: `entity=ЦИКа` or `speaker=Жапаров` become registry ids through
the entity directory; an id (`body:cec`, `prov-person:…`) passes as it is. A name that means
nobody, or several people, is a clear 400 with the candidates — never a guess."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from web.errors import bad_request


def looks_like_id(value: str) -> bool:
    return ":" in value and " " not in value


def entity_ids(directory_of: Callable[[], Any], param: str, values: tuple[str, ...]) -> tuple[str, ...]:
    """Ids for `values`; the directory (built on first use) is only asked when a name needs it."""
    if all(looks_like_id(v) for v in values):
        return values
    directory = directory_of()
    if directory is None:
        return values
    out = []
    for value in values:
        if looks_like_id(value):
            out.append(value)
            continue
        found = directory.resolve(value)
        if found.entity is not None:
            out.append(found.entity.id)
        elif found.ambiguous:
            options = ", ".join(f"{e.id} ({e.name('ru')})" for e in found.matches[:6])
            raise bad_request(f"{param}: {value[:80]!r} may mean several entities: {options}; give one id")
        else:
            nearest = ", ".join(f"{e.id} ({e.name('ru')})" for e in found.suggestions[:5])
            raise bad_request(f"{param}: no entity is named {value[:80]!r}" + (f"; nearest: {nearest}" if nearest else ""))
    return tuple(out)
