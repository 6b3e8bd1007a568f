"""Entities: the directory (by type, found by any name or case form) and each entity's page —
names, posts, the mentions-vs-statements timeline, recent statements, co-mentions, top sources."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import Response

import i18n
from indexes.base import (
    CoMention, FacetBucket, Hit, Index, Interval, SearchQuery, StatementHit, StatementQuery,
)
from indexes.dates import bishkek_day
from indexes.entities import EntityInfo
from indexes.spikes import Spike, entity_spikes
from indexes.timelines import TimelinePoint, TimelineRequest, bucket_end, entity_timelines
from web.charts import AXIS_DATES, Chart, Series, draw
from web.config import MAX_PARAM_CHARS
from web.downloads import download
from web.errors import bad_request, not_found
from web.lang import gettext, request_language
from web.links import Links
from web.panels import auto_interval
from web.params import bounded, choice, parse_day
from web.render import Renderer
from web.routes.deps import Format, data_format, renderer, services
from web.serialise import hit_json, iso, plain, statement_json
from web.services import Services

router = APIRouter()
TIMELINE_COLUMNS = ("start", "mentions", "share", "statements", "stories", "outlets", "total_articles")
MENTIONS_COLOUR, STATEMENTS_COLOUR = "#0072B2", "#009E73"
TYPES = ("person", "body", "party", "media", "place", "organisation")


DEFAULT_DAYS = 365  # an entity page shows the year up to its latest article unless asked otherwise
MAX_SMOOTH = 30


@dataclass(frozen=True)
class TimelineParams:
    date_from: date | None
    date_to: date | None
    interval: Interval | None
    smooth: int

    def request(self, entity_id: str, latest: date) -> TimelineRequest:
        """The timeline asked for; an open range ends at the entity's latest article."""
        date_to = self.date_to or latest
        date_from = self.date_from or min(date_to, date_to - timedelta(days=DEFAULT_DAYS))
        return TimelineRequest((entity_id,), date_from, date_to,
                               self.interval or auto_interval(date_from, date_to), self.smooth)


async def timeline_params(
    from_: str | None = Query(None, alias="from", description="first Bishkek day, YYYY-MM-DD"),
    to: str | None = Query(None, description="last Bishkek day, YYYY-MM-DD (default: its latest mention or statement)"),
    interval: str | None = Query(None, description="day, week or month (default: by the length of the range)"),
    smooth: int = Query(1, ge=1, le=MAX_SMOOTH, description="trailing moving average over this many buckets"),
) -> TimelineParams:
    date_from, date_to = parse_day("from", from_), parse_day("to", to)
    if date_from and date_to and date_from > date_to:
        raise bad_request(f"from ({date_from}) is after to ({date_to})")
    chosen = choice("interval", interval, ("day", "week", "month")) if interval else None
    return TimelineParams(date_from, date_to, chosen, smooth)  # type: ignore[arg-type]


def latest_day(index: Index, entity_id: str) -> date:
    """The Bishkek day of the entity's latest mention or statement (today when it has none):
    its newest article and newest statement, each the head of an index range."""
    article = index.search(SearchQuery(entity_ids=(entity_id,), sort="date", limit=1)).hits
    said = index.statements(StatementQuery(speaker_ids=(entity_id,), limit=1)).hits
    days = [bishkek_day(x.published) for x in (*article, *said) if x.published]
    return max(days) if days else date.today()


@dataclass(frozen=True)
class EntityPage:
    id: str
    info: EntityInfo | None
    label: str
    timeline: tuple[TimelinePoint, ...]
    request: TimelineRequest
    spikes: list[Spike]
    statements: tuple[StatementHit, ...]
    statements_total: int
    articles: tuple[Hit, ...]
    articles_total: int
    sources: tuple[FacetBucket, ...]
    co_mentions: list[tuple[CoMention, str]]
    names: dict[str, str]  # organisations of its posts and sources: id -> display name


def entity_label(svc: Services, entity_id: str, lang: str, fallback: str = "") -> str:
    info = svc.directory().get(entity_id) if svc.directory() is not None else None
    return info.name(lang) if info is not None else (fallback or entity_id)


def entity_page(svc: Services, entity_id: str, tl: TimelineParams, lang: str) -> EntityPage:
    directory = svc.directory()
    info = directory.get(entity_id) if directory is not None else None
    # Its latest articles, their number and top sources (and, for an entity the directory does
    # not know, the name it was found under): only the facets the page shows are counted.
    shown = ("sources",) if info is not None else ("sources", "entities")
    found = svc.index.search(SearchQuery(entity_ids=(entity_id,), sort="date", limit=10, facets=True,
                                         facet_names=shown))
    if info is None and found.total == 0:
        raise not_found(f"no entity {entity_id[:MAX_PARAM_CHARS]!r}")
    said = svc.index.statements(StatementQuery(speaker_ids=(entity_id,), limit=10))
    latest = bishkek_day(found.hits[0].published) if found.hits and found.hits[0].published else date.today()
    request = tl.request(entity_id, latest)
    series = entity_timelines(svc.index, request, directory, lang=lang)
    spikes = entity_spikes(svc.index, entity_id, request.date_from, request.date_to, directory=directory, lang=lang)
    facet_label = next((b.label for b in (found.facets.entities if found.facets else ()) if b.key == entity_id), "")
    co = [(c, entity_label(svc, c.entity_id, lang)) for c in svc.index.co_mentions(entity_id, 12)]
    names = {**svc.source_names(), **{p.org_id: entity_label(svc, p.org_id, lang)
                                      for p in (info.posts if info else ()) if p.org_id}}
    return EntityPage(entity_id, info, info.name(lang) if info else (facet_label or entity_id),
                      series[0].points if series else (), request, spikes, said.hits, said.total, found.hits,
                      found.total, found.facets.sources if found.facets else (), co, names)


def timeline_chart(page: EntityPage, links: Links, lang: str) -> Chart:
    _ = gettext(lang)
    starts = [b.start for b in page.timeline]

    def span(start: date) -> dict[str, str]:
        return {"from": start.isoformat(), "to": bucket_end(start, page.request.interval).isoformat()}

    series = [
        Series(_("mentions"), MENTIONS_COLOUR, tuple(float(b.mentions) for b in page.timeline),
               lambda s: links.to("/search", entity=page.id, **span(s))),
        Series(_("statements"), STATEMENTS_COLOUR, tuple(float(b.statements) for b in page.timeline),
               lambda s: links.to("/statements", speaker=page.id, **span(s))),
    ]
    fmt = AXIS_DATES[page.request.interval]
    return draw(starts, series, style="bars", y_label=lambda v: i18n.format_number(round(v, 1), lang),
                x_label=lambda d: i18n.format_date(d, lang, fmt), counts=page.request.smooth == 1)


def entity_json(info: EntityInfo | None, entity_id: str, lang: str) -> dict[str, Any]:
    if info is None:
        return {"id": entity_id, "type": None, "names": {}, "aliases": [], "posts": [], "provisional": None}
    return {"id": info.id, "type": info.type, "name": info.name(lang), "names": info.names,
            "aliases": list(info.aliases), "provisional": info.provisional,
            "posts": [{"role": p.role, "title": p.title, "org_id": p.org_id, "start": iso(p.start), "end": iso(p.end)}
                      for p in info.posts]}


def directory_listing(svc: Services, q: str, etype: str | None) -> list[EntityInfo]:
    directory = svc.directory()
    if directory is None:
        return []
    if q:
        return directory.search(q, type=etype, limit=100)  # type: ignore[no-any-return]
    return directory.all(etype)  # type: ignore[no-any-return]


@router.get("/entities", include_in_schema=False)
def entities_html(request: Request, q: str = Query("", max_length=MAX_PARAM_CHARS), type: str | None = None,
                  svc: Services = Depends(services), r: Renderer = Depends(renderer)) -> Response:
    etype = bounded("type", [type or ""], max_values=1)
    found = directory_listing(svc, q.strip(), etype[0] if etype else None)
    groups: dict[str, list[EntityInfo]] = {}
    for e in found:
        groups.setdefault(e.type, []).append(e)
    return r.page(request, "entities.html", q=q, etype=etype[0] if etype else "", groups=groups, types=TYPES,
                  count=len(found))


@router.get("/api/entities", summary="Find entities by any name, case form, abbreviation or Latin spelling",
            tags=["entities"])
def entities_api(request: Request, q: str = Query("", max_length=MAX_PARAM_CHARS, description="a name in any form"),
                 type: str | None = Query(None, max_length=40, description="person | body | party | media | place ..."),
                 svc: Services = Depends(services)) -> dict[str, Any]:
    lang = request_language(request)
    found = directory_listing(svc, q.strip(), type or None)
    return {"q": q, "entities": [entity_json(e, e.id, lang) for e in found]}


@router.get("/entities/{entity_id}", include_in_schema=False)
def entity_html(entity_id: str, request: Request, tl: TimelineParams = Depends(timeline_params),
                svc: Services = Depends(services), r: Renderer = Depends(renderer)) -> Response:
    lang = request_language(request)
    page = entity_page(svc, entity_id, tl, lang)
    links = Links(request)
    return r.page(request, "entity.html", page=page, chart=timeline_chart(page, links, lang), tl=tl)


@router.get("/api/entities/{entity_id}", summary="One entity: names, posts, co-mentions, sources, statements",
            tags=["entities"])
def entity_api(entity_id: str, request: Request, tl: TimelineParams = Depends(timeline_params),
               svc: Services = Depends(services)) -> dict[str, Any]:
    lang = request_language(request)
    page = entity_page(svc, entity_id, tl, lang)
    return {**entity_json(page.info, entity_id, lang), "label": page.label,
            "spikes": plain(page.spikes),
            "articles_total": page.articles_total, "recent_articles": [hit_json(h) for h in page.articles],
            "statements_total": page.statements_total, "recent_statements": [statement_json(s) for s in page.statements],
            "top_sources": [{"key": b.key, "label": b.label, "count": b.count} for b in page.sources],
            "co_mentions": [{"entity_id": c.entity_id, "name": name, "count": c.count} for c, name in page.co_mentions]}


@router.get("/api/entities/{entity_id}/timeline", summary="Mentions vs statements over time", tags=["entities"])
def timeline_api(entity_id: str, tl: TimelineParams = Depends(timeline_params), svc: Services = Depends(services),
                 fmt: Format = Depends(data_format)) -> Any:
    """The entity's timeline (indexes.timelines.entity_timelines): per bucket, mentioning articles,
    their share of all articles, statements by it, distinct stories and outlets."""
    request = tl.request(entity_id, tl.date_to or latest_day(svc.index, entity_id))
    series = entity_timelines(svc.index, request, svc.directory())
    rows = [{"start": iso(p.start), "mentions": p.mentions, "share": p.share, "statements": p.statements,
             "stories": p.stories, "outlets": p.outlets, "total_articles": p.total_articles}
            for p in (series[0].points if series else ())]
    if fmt != "json":
        return download(fmt, "kabarchy-timeline", TIMELINE_COLUMNS, rows)
    return {"entity_id": entity_id, "label": series[0].label if series else entity_id,
            "from": iso(request.date_from), "to": iso(request.date_to), "interval": request.interval,
            "smooth": request.smooth, "points": rows}
