"""A name shared by namesakes, narrowed by what the articles of the period show, never guessed.

`EntityDirectory.resolve` already keeps only the namesakes who held a post during the period.
When more than one is left, two facts from the data can still single one out, each stated in
the note the user sees:

1. only one of them is mentioned (or speaks) in the period's indexed articles, under the same
   source and language filters: the others could only add zeros;
2. several are mentioned, but the articles call only one of them by the name as typed (the
   analysis linked the bare «Жапаров» of those articles to him, while the others always
   appear under a fuller name).

Otherwise the name stays ambiguous: the candidates are listed and the command exits 2.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from indexes.base import Index, TimelineQuery
from indexes.dates import day_start_utc
from indexes.entities import EntityDirectory, EntityInfo, Resolution
from kabarchy.entities import resolution_error
from pipeline.store import Store

EVIDENCE_LIMIT = 5000  # mentions read per namesake when looking for the name as typed


@dataclass(frozen=True)
class Narrowed:
    entity: EntityInfo | None  # None: still ambiguous
    message: str  # why this one (a note), or the candidates (an error)


@dataclass(frozen=True)
class Period:
    date_from: date | None
    date_to: date
    sources: tuple[str, ...] = ()
    languages: tuple[str, ...] = ()


def _active(index: Index, entity: EntityInfo, period: Period) -> tuple[int, int]:
    """Articles mentioning the entity, and its statements, in the period (filters applied)."""
    buckets = index.timeline(TimelineQuery(entity.id, "month", period.date_from, period.date_to, period.sources,
                                           period.languages, distinct=False))
    return sum(b.mentions for b in buckets), sum(b.statements for b in buckets)


def _called_so(store: Store, directory: EntityDirectory, name: str, entity: EntityInfo, period: Period) -> int:
    """Articles of the period whose mention of the entity is written as ambiguously as `name`
    (the same namesakes answer to it), i.e. the analysis chose this namesake for that name."""
    same = {e.id for e in directory.resolve(name).matches}
    since = day_start_utc(period.date_from).isoformat() if period.date_from else None
    until = day_start_utc(period.date_to + timedelta(days=1)).isoformat()
    found: set[str] = set()
    verdicts: dict[str, bool] = {}
    for row in store.entity_mentions(entity.id, since, until, limit=EVIDENCE_LIMIT):
        if (period.sources and row["source_id"] not in period.sources) or (
                period.languages and row["language"] not in period.languages):
            continue
        surface = row["surface"]
        if surface not in verdicts:
            verdicts[surface] = {e.id for e in directory.resolve(surface).matches} == same
        if verdicts[surface]:
            found.add(row["article_id"])
    return len(found)


def _counted(entities: list[EntityInfo], counts: dict[str, tuple[int, int]]) -> str:
    return "; ".join(f"{e.name('ru')} ({e.id}): {_n(counts[e.id][0], 'article')}, "
                     f"{_n(counts[e.id][1], 'statement')}" for e in entities)


def narrow(index: Index, store: Store | None, directory: EntityDirectory, name: str, resolution: Resolution,
           period: Period) -> Narrowed:
    """One namesake with a note saying which and why, or the ambiguity's message."""
    candidates = list(resolution.matches)
    active = {e.id: _active(index, e, period) for e in candidates}
    mentioned = [e for e in candidates if any(active[e.id])]
    if len(mentioned) == 1:
        [entity] = mentioned
        others = [e for e in candidates if e is not entity]
        return Narrowed(entity, f"{name!r} is taken as {entity.name('ru')} ({entity.id}): of the namesakes who "
                                f"held a post in the period only they are in its articles "
                                f"({_counted([entity, *others], active)})")
    if len(mentioned) > 1 and store is not None:
        called = {e.id: _called_so(store, directory, name, e, period) for e in mentioned}
        so = [e for e in mentioned if called[e.id]]
        if len(so) == 1:
            [entity] = so
            fuller = "; ".join(f"{e.name('ru')} ({e.id}) is in {_n(active[e.id][0], 'article')}, always under a "
                               "fuller name" for e in mentioned if e is not entity)
            return Narrowed(entity, f"{name!r} is taken as {entity.name('ru')} ({entity.id}): the period's articles "
                                    f"call only them {name!r} alone ({_n(called[entity.id], 'article')}; {fuller}); "
                                    "name another by id or full name")
        why = f"several are in the period's articles, and {'none' if not so else 'more than one'} of them is " \
              f"called {name!r} alone there"
    else:
        why = "none of them is in the period's articles" if not mentioned else "several are in the period's articles"
    return Narrowed(None, resolution_error(name, resolution, date_from=period.date_from, date_to=period.date_to)
                    + f"\n  ({why}: {_counted(candidates, active)})")


def _n(count: int, noun: str) -> str:
    return f"{count} {noun}{'s' * (count != 1)}"
