"""Statements — who said what: search by speaker, words and date; each with its article."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import Response

from indexes.base import StatementQuery
from web.config import MAX_QUERY_CHARS
from web.downloads import all_statements, download, rows_of
from web.errors import bad_request
from web.params import bounded, decode_cursor, encode_cursor, page_size, parse_day
from web.render import Renderer
from web.resolve import entity_ids
from web.routes.deps import Format, data_format, renderer, services
from web.serialise import statement_json
from web.services import Services

router = APIRouter()
STATEMENT_COLUMNS = ("id", "published", "speaker_id", "speaker_surface", "speaker_post", "kind", "text", "article_id")


def statement_query(
    request: Request,
    q: str = Query("", description="words in the statement (the search syntax)"),
    speaker: list[str] = Query([], description="speaker: an entity id (body:cec) or any of its names (repeatable: any)"),
    language: list[str] = Query([], description="ru | ky (repeatable)"),
    from_: str | None = Query(None, alias="from", description="first Bishkek day, YYYY-MM-DD"),
    to: str | None = Query(None, description="last Bishkek day, YYYY-MM-DD"),
    limit: int | None = Query(None, description="statements per page"),
    cursor: str | None = Query(None, max_length=400, description="the next page's cursor"),
) -> StatementQuery:
    text = bounded("q", [q], MAX_QUERY_CHARS, 1)
    after = decode_cursor(cursor)
    if after is not None and len(after) != 2:
        raise bad_request("cursor: not a cursor this server gave out")
    speakers = entity_ids(request.app.state.services.directory, "speaker", bounded("speaker", speaker))
    return StatementQuery(text=text[0] if text else "", speaker_ids=speakers,
                          languages=bounded("language", language), date_from=parse_day("from", from_),
                          date_to=parse_day("to", to), limit=page_size(limit), after=after)


@router.get("/statements", include_in_schema=False)
def statements_html(request: Request, query: StatementQuery = Depends(statement_query),
                    svc: Services = Depends(services), r: Renderer = Depends(renderer)) -> Response:
    result = svc.index.statements(query)
    return r.page(request, "statements.html", query=query, result=result,
                  next_cursor=encode_cursor(result.next_after))


@router.get("/api/statements", summary="Statements: who said what", tags=["statements"])
def statements_api(query: StatementQuery = Depends(statement_query), svc: Services = Depends(services),
                   fmt: Format = Depends(data_format)) -> Any:
    """A page of statements (newest first, or by relevance with words), or all of them as CSV/JSONL."""
    if fmt != "json":
        return download(fmt, "kabarchy-statements", STATEMENT_COLUMNS,
                        rows_of(all_statements(svc.index, query), statement_json))
    result = svc.index.statements(query)
    return {"total": result.total, "statements": [statement_json(h) for h in result.hits],
            "next_cursor": encode_cursor(result.next_after)}
