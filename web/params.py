"""Search parameters from the URL, bounded and validated once for the page and its API twin.

Every state of the search page is in its URL: the queries (up to four, compared), filters,
sort, chart interval and scale, and the cursor of the page of hits.
"""

from __future__ import annotations

import base64
import json
from dataclasses import dataclass, replace
from datetime import date
from typing import Literal

from fastapi import Query, Request

from indexes.base import Interval, SearchQuery, Sort
from web.config import MAX_COMPARE, MAX_PAGE_SIZE, MAX_PARAM_CHARS, MAX_QUERY_CHARS, MAX_VALUES, PAGE_SIZE
from web.errors import bad_request
from web.resolve import entity_ids

Scale = Literal["count", "share"]
Group = Literal["stories", "articles"]


@dataclass(frozen=True)
class SearchParams:
    queries: tuple[str, ...] = ("",)
    sources: tuple[str, ...] = ()
    kinds: tuple[str, ...] = ()
    languages: tuple[str, ...] = ()
    entities: tuple[str, ...] = ()
    entity_types: tuple[str, ...] = ()
    date_from: date | None = None
    date_to: date | None = None
    has_statements: bool | None = None
    sort: Sort = "relevance"
    interval: Interval | None = None  # None: chosen from the range (panels.auto_interval)
    scale: Scale = "count"
    limit: int = PAGE_SIZE
    cursor: tuple[object, ...] | None = None
    group: Group | None = None  # None: stories on the page, articles in the API

    def grouped(self, default: Group) -> bool:
        return (self.group or default) == "stories"

    @property
    def text(self) -> str:
        return self.queries[0]

    @property
    def comparing(self) -> bool:
        return len(self.queries) > 1

    def search(self, text: str | None = None, *, limit: int | None = None, facets: bool = False,
               after: tuple[object, ...] | None = None, collapse: bool = False) -> SearchQuery:
        """The index query for one of the compared texts (the first by default). A cursor of the
        view grouped by story carries a tag ("s", ...): a cursor of the other view starts from the top."""
        grouped_cursor = after is not None and after[0] == STORIES_CURSOR
        if after is not None and grouped_cursor != collapse:
            after = None
        elif grouped_cursor:
            after = after[1:]  # type: ignore[index]
        if after is not None and len(after) != 2:
            raise bad_request("cursor: not a cursor this server gave out")
        return SearchQuery(
            text=self.text if text is None else text, sources=self.sources, source_kinds=self.kinds,
            languages=self.languages, date_from=self.date_from, date_to=self.date_to,
            entity_ids=self.entities, entity_types=self.entity_types, has_statements=self.has_statements,
            sort=self.sort, limit=self.limit if limit is None else limit, after=after, facets=facets,
            collapse_stories=collapse,
        )

    def baseline(self) -> SearchQuery:
        """Every article in the same sources, languages and dates: what "share" divides by."""
        return SearchQuery(sources=self.sources, source_kinds=self.kinds, languages=self.languages,
                           date_from=self.date_from, date_to=self.date_to, limit=0, facets=True, sort="date")

    def only(self, text: str) -> SearchParams:
        return replace(self, queries=(text,), cursor=None)


STORIES_CURSOR = "s"


def next_page(query: SearchQuery, next_after: tuple[object, ...] | None) -> tuple[object, ...] | None:
    """Where the next page starts: the index's cursor, tagged when the hits are grouped by story."""
    if query.collapse_stories and next_after is not None:
        return (STORIES_CURSOR, *next_after)
    return next_after


def encode_cursor(after: tuple[object, ...] | None) -> str | None:
    """An opaque, URL-safe cursor for the next page (the backend's own sort values inside)."""
    if after is None:
        return None
    raw = json.dumps(list(after), ensure_ascii=False, separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_cursor(cursor: str | None) -> tuple[object, ...] | None:
    if not cursor:
        return None
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        values = json.loads(raw)
    except (ValueError, UnicodeDecodeError):
        raise bad_request("cursor: not a cursor this server gave out") from None
    if not isinstance(values, list) or not values or not all(isinstance(v, (str, int, float)) for v in values):
        raise bad_request("cursor: not a cursor this server gave out")
    return tuple(values)


def bounded(name: str, values: list[str], max_chars: int = MAX_PARAM_CHARS, max_values: int = MAX_VALUES) -> tuple[str, ...]:
    if len(values) > max_values:
        raise bad_request(f"{name}: at most {max_values} values, got {len(values)}")
    for v in values:
        if len(v) > max_chars:
            raise bad_request(f"{name}: a value may be at most {max_chars} characters, got {len(v)}")
    return tuple(v.strip() for v in values if v.strip())


def parse_day(name: str, value: str | None) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value.strip())
    except ValueError:
        raise bad_request(f"{name}: not a date (YYYY-MM-DD): {value[:40]!r}") from None


def parse_bool(name: str, value: str | None) -> bool | None:
    if value in (None, "", "any"):
        return None
    if value.lower() in ("1", "true", "yes"):
        return True
    if value.lower() in ("0", "false", "no"):
        return False
    raise bad_request(f"{name}: expected yes or no, got {value[:20]!r}")


def choice(name: str, value: str | None, allowed: tuple[str, ...]) -> str:
    if not value:
        return allowed[0]
    if value not in allowed:
        raise bad_request(f"{name}: one of {', '.join(allowed)}, not {value[:20]!r}")
    return value


def page_size(value: int | None) -> int:
    if value is None:
        return PAGE_SIZE
    if not 1 <= value <= MAX_PAGE_SIZE:
        raise bad_request(f"limit: between 1 and {MAX_PAGE_SIZE}, got {value}")
    return value


def search_params(
    request: Request,
    q: list[str] = Query([], description="query text (the search syntax); repeat up to four times to compare"),
    source: list[str] = Query([], description="source id (repeatable: any)"),
    kind: list[str] = Query([], description="source kind: outlet | official (repeatable: any)"),
    language: list[str] = Query([], description="article language: ru | ky (repeatable: any)"),
    entity: list[str] = Query([], description="entity id or any of its names (repeatable: all must be mentioned)"),
    etype: list[str] = Query([], description="entity type: person | party | body | place ... (repeatable: any)"),
    from_: str | None = Query(None, alias="from", description="first Bishkek day, YYYY-MM-DD"),
    to: str | None = Query(None, description="last Bishkek day, YYYY-MM-DD (inclusive)"),
    statements: str | None = Query(None, description="yes: only articles with statements; no: only without"),
    sort: str | None = Query(None, description="relevance (default) or date"),
    interval: str | None = Query(None, description="attention chart buckets: day, week or month (default: by the length of the range)"),
    scale: str | None = Query(None, description="attention chart: count (default) or share of all articles"),
    limit: int | None = Query(None, description=f"hits per page, 1-{MAX_PAGE_SIZE}"),
    cursor: str | None = Query(None, max_length=MAX_PARAM_CHARS * 2, description="the next page's cursor"),
    group: str | None = Query(None, description="stories: one hit per story; "
                                                "articles: every article (the API's default)"),
) -> SearchParams:
    queries = bounded("q", q, MAX_QUERY_CHARS, MAX_COMPARE) or ("",)
    date_from, date_to = parse_day("from", from_), parse_day("to", to)
    if date_from and date_to and date_from > date_to:
        raise bad_request(f"from ({date_from}) is after to ({date_to})")
    return SearchParams(
        queries=queries, sources=bounded("source", source), kinds=bounded("kind", kind),
        languages=bounded("language", language),
        entities=entity_ids(request.app.state.services.directory, "entity", bounded("entity", entity)),
        entity_types=bounded("etype", etype), date_from=date_from, date_to=date_to,
        has_statements=parse_bool("statements", statements),
        sort=choice("sort", sort, ("relevance", "date")),  # type: ignore[arg-type]
        interval=choice("interval", interval, ("day", "week", "month")) if interval else None,  # type: ignore[arg-type]
        scale=choice("scale", scale, ("count", "share")),  # type: ignore[arg-type]
        limit=page_size(limit), cursor=decode_cursor(cursor),
        group=choice("group", group, ("stories", "articles")) if group else None,  # type: ignore[arg-type]
    )
