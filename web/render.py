"""Rendering a page: the request's language picks the environment; every page gets the same
helpers (links that keep state, the language switcher, locale formatting)."""

from __future__ import annotations

import html
import re
from typing import Any
from urllib.parse import urlsplit

from fastapi import Request
from fastapi.responses import HTMLResponse
from jinja2 import Environment
from markupsafe import Markup, escape

from web.lang import make_environments, request_language
from web.links import Links

_MARK = re.compile(r"&lt;(/?)mark&gt;")


def safe_snippet(snippet: str) -> Markup:
    """The index's highlighted snippet, re-escaped from scratch with only <mark> let through:
    whatever the highlighter did, article text cannot become markup."""
    return Markup(_MARK.sub(r"<\1mark>", str(escape(html.unescape(snippet)))))


def external(url: str | None) -> str:
    """An article's original address, if it is one a browser may follow (http or https only:
    a `javascript:` or `data:` address from a hostile page must never become a link)."""
    if not url:
        return ""
    scheme = urlsplit(url.strip()).scheme.lower()
    return url.strip() if scheme in ("http", "https") else ""


class Renderer:
    def __init__(self) -> None:
        self.envs: dict[str, Environment] = make_environments({"snippet": safe_snippet, "external": external})

    def page(self, request: Request, template: str, status: int = 200,
             headers: dict[str, str] | None = None, **context: Any) -> HTMLResponse:
        lang = request_language(request)
        body = self.envs[lang].get_template(template).render(
            request=request, links=Links(request), **context)
        return HTMLResponse(body, status_code=status, headers={"Content-Language": lang, "Vary": "Accept-Language",
                                                               **(headers or {})})

    def error(self, request: Request, status: int, message: str, headers: dict[str, str] | None = None) -> HTMLResponse:
        return self.page(request, "error.html", status=status, headers=headers, status_code=status, message=message)
