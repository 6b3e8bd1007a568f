"""Search: the page at / and /search, and its API twins (/api/search, its panels, /api/compare)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any, Literal

from fastapi import APIRouter, Depends, Request
from fastapi.responses import Response

import i18n

from indexes.base import FacetBucket, Facets, SearchResult
from indexes.timelines import bucket_end
from web.charts import AXIS_DATES, Chart, Series, draw
from web.downloads import all_hits, download, rows_of
from web.lang import gettext, request_language
from web.links import Links
from web.panels import Attention, QueryAttention, attention
from web.params import SearchParams, encode_cursor, next_page, search_params
from web.routes.deps import Format, data_format, renderer, services
from web.render import Renderer
from web.serialise import attention_json, facets_json, hit_json, iso
from web.services import Services
from web.stories import GroupedHit, group_by_story

router = APIRouter()
HIT_COLUMNS = ("id", "published", "source", "language", "title", "url", "score", "snippet")
FacetName = Literal["sources", "entities", "languages", "entity_types"]


@dataclass(frozen=True)
class SearchPage:
    params: SearchParams
    result: SearchResult
    attention: Attention
    next_cursor: str | None
    grouped: list[GroupedHit]
    source_names: dict[str, str]


def search_page(svc: Services, params: SearchParams) -> SearchPage:
    """The hits of the first query (one page, facets included) and the panels of every query."""
    query = params.search(facets=True, after=params.cursor, collapse=params.grouped("stories"))
    result = svc.index.search(query)
    return SearchPage(params, result, attention(svc.index, params, first=result),
                      encode_cursor(next_page(query, result.next_after)),
                      group_by_story(svc.store(), result.hits), svc.source_names())


def attention_chart(att: Attention, params: SearchParams, links: Links, lang: str) -> Chart:
    _ = gettext(lang)
    share = params.scale == "share"
    starts = [p.start for p in att.queries[0].points] if att.queries else []

    def href_for(q: QueryAttention) -> Any:
        def href(start: date) -> str:  # that bucket's articles for that query
            last = bucket_end(start, att.interval)
            return links.with_(q=q.text or None, **{"from": start.isoformat(), "to": last.isoformat()})
        return href

    series = [Series(q.text or _("all articles"), q.colour,
                     tuple((p.share if share else p.count) for p in q.points), href_for(q)) for q in att.queries]
    y_label = (lambda v: i18n.format_number(round(v * 100, 2), lang) + " %") if share else \
        (lambda v: i18n.format_number(round(v, 1), lang))
    fmt = AXIS_DATES[att.interval]
    return draw(starts, series, style="lines" if params.comparing else "bars", y_label=y_label,
                x_label=lambda d: i18n.format_date(d, lang, fmt), counts=not share)


@router.get("/", include_in_schema=False)
@router.get("/search", include_in_schema=False)
def search_html(request: Request, params: SearchParams = Depends(search_params), svc: Services = Depends(services),
                r: Renderer = Depends(renderer)) -> Response:
    page = search_page(svc, params)
    lang = request_language(request)
    chart = attention_chart(page.attention, params, Links(request), lang)
    return r.page(request, "search.html", page=page, params=params, chart=chart)


@router.get("/api/search", summary="Search articles", tags=["search"])
def search_api(params: SearchParams = Depends(search_params), svc: Services = Depends(services),
               fmt: Format = Depends(data_format), facets: bool = False) -> Any:
    """A page of hits for the first `q` (with facets when asked) — or, with `format=csv|jsonl`,
    every hit, streamed along the cursor."""
    if fmt != "json":
        hits = all_hits(svc.index, params.search())
        return download(fmt, "kabarchy-search", HIT_COLUMNS, rows_of(hits, hit_json))
    query = params.search(facets=facets, after=params.cursor, collapse=params.grouped("articles"))
    result = svc.index.search(query)
    return {"q": params.text, "total": result.total, "total_stories": result.total_stories,
            "hits": [hit_json(h) for h in result.hits],
            "next_cursor": encode_cursor(next_page(query, result.next_after)),
            "facets": facets_json(result.facets)}


def _attention_rows(att: Attention) -> list[dict[str, Any]]:
    return [{"q": q.text, "start": iso(p.start), "count": p.count, "total_articles": p.total,
             "share": round(p.share, 6)} for q in att.queries for p in q.points]


@router.get("/api/search/attention", summary="Attention over time", tags=["search"])
def attention_api(params: SearchParams = Depends(search_params), svc: Services = Depends(services),
                  fmt: Format = Depends(data_format)) -> Any:
    """Matching articles per day, week or month (zero-filled) beside all articles in the same
    sources and dates, for each `q` (up to four)."""
    att = attention(svc.index, params)
    if fmt != "json":
        return download(fmt, "kabarchy-attention", ("q", "start", "count", "total_articles", "share"),
                        _attention_rows(att))
    return attention_json(att)


@router.get("/api/compare", summary="Compare up to four queries", tags=["search"])
def compare_api(params: SearchParams = Depends(search_params), svc: Services = Depends(services),
                fmt: Format = Depends(data_format)) -> Any:
    """Totals, shares and attention over time of each `q`, side by side (the compare chart)."""
    return attention_api(params, svc, fmt)


@router.get("/api/search/facets/{name}", summary="Top sources, entities, languages or entity types", tags=["search"])
def facet_api(name: FacetName, params: SearchParams = Depends(search_params), svc: Services = Depends(services),
              fmt: Format = Depends(data_format)) -> Any:
    result = svc.index.search(params.search(limit=0, facets=True))
    buckets: tuple[FacetBucket, ...] = getattr(result.facets or Facets(), name)
    rows = [{"key": b.key, "label": b.label, "count": b.count} for b in buckets]
    if fmt != "json":
        return download(fmt, f"kabarchy-{name}", ("key", "label", "count"), rows)
    return {"q": params.text, "total": result.total, name: rows}
