"""Digests: the archive of daily digests, each day the same selection the email sends
(`indexes.digest.select_digest`), in the reader's language."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import Response

from indexes.base import SearchQuery
from indexes.dates import bishkek_day
from indexes.digest import DigestContent, select_digest
from web.errors import bad_request
from web.lang import request_language
from web.params import parse_day
from web.render import Renderer
from web.routes.deps import renderer, services
from web.serialise import plain
from web.services import Services

router = APIRouter()
ARCHIVE_DAYS = 30


def digest(svc: Services, day_text: str, lang: str) -> DigestContent:
    day = parse_day("date", day_text)
    if day is None:
        raise bad_request("date: not a date (YYYY-MM-DD)")
    return select_digest(svc.index, svc.store(), svc.directory(), day, language=lang)


def archive_days(svc: Services) -> list[date]:
    """The last ARCHIVE_DAYS days up to the latest article's day, newest first."""
    latest = svc.index.search(SearchQuery(sort="date", limit=1)).hits
    last = bishkek_day(latest[0].published) if latest and latest[0].published else date.today()
    return [last - timedelta(days=i) for i in range(ARCHIVE_DAYS)]


@router.get("/digests", include_in_schema=False)
def digests_html(request: Request, svc: Services = Depends(services), r: Renderer = Depends(renderer)) -> Response:
    return r.page(request, "digests.html", days=archive_days(svc))


@router.get("/digests/{day}", include_in_schema=False)
def digest_html(day: str, request: Request, svc: Services = Depends(services),
                r: Renderer = Depends(renderer)) -> Response:
    content = digest(svc, day, request_language(request))
    return r.page(request, "digest.html", digest=content, previous=content.day - timedelta(days=1),
                  next=content.day + timedelta(days=1))


@router.get("/api/digests/{day}", summary="One day's digest: top stories, statements, risers, source health",
            tags=["digests"])
def digest_api(day: str, request: Request, svc: Services = Depends(services)) -> dict[str, Any]:
    return plain(digest(svc, day, request_language(request)))  # type: ignore[no-any-return]
