"""Links that keep the page's state: every filter, the query and the chosen language live in the URL."""

from __future__ import annotations

from collections.abc import Iterable
from urllib.parse import quote, urlencode

from starlette.requests import Request

from web.lang import chosen_language

Pairs = list[tuple[str, str]]


class Links:
    """Builds URLs for one request: `to()` for other pages, `with_()`/`without()` for this one."""

    def __init__(self, request: Request) -> None:
        self.path = request.url.path
        self.params: Pairs = [(k, v) for k, v in request.query_params.multi_items()]
        self.lang = chosen_language(request)

    def _keep_lang(self, pairs: Pairs) -> Pairs:
        pairs = [(k, v) for k, v in pairs if k != "lang"]
        return pairs + [("lang", self.lang)] if self.lang else pairs

    @staticmethod
    def _url(path: str, pairs: Pairs) -> str:
        pairs = [(k, v) for k, v in pairs if v != ""]
        return f"{path}?{urlencode(pairs)}" if pairs else path

    def to(self, path: str, *segments: str, **params: str | int | Iterable[str] | None) -> str:
        """Another page; `segments` (ids) are percent-encoded into the path."""
        full = path + "".join("/" + quote(str(s), safe="") for s in segments)
        pairs: Pairs = []
        for key, value in params.items():
            if value is None:
                continue
            values = [value] if isinstance(value, (str, int)) else list(value)
            pairs += [(key.rstrip("_"), str(v)) for v in values]
        return self._url(full, self._keep_lang(pairs))

    def with_(self, drop: Iterable[str] = ("cursor",), **params: str | int | None) -> str:
        """This page with parameters replaced (None removes one); paging restarts by default."""
        names = {k.rstrip("_") for k in params} | set(drop)
        pairs = [(k, v) for k, v in self.params if k not in names]
        pairs += [(k.rstrip("_"), str(v)) for k, v in params.items() if v is not None]
        return self._url(self.path, self._keep_lang(pairs))

    def adding(self, key: str, value: str) -> str:
        """This page with one more value of a repeated filter (sources, entities, ...)."""
        pairs = [(k, v) for k, v in self.params if k != "cursor" and not (k == key and v == value)]
        return self._url(self.path, self._keep_lang(pairs + [(key, value)]))

    def without(self, key: str, value: str | None = None) -> str:
        """This page without one value of a filter (or all of its values)."""
        pairs = [(k, v) for k, v in self.params
                 if k != "cursor" and not (k == key and (value is None or v == value))]
        return self._url(self.path, self._keep_lang(pairs))

    def in_language(self, lang: str) -> str:
        """This very page in another interface language (the switcher)."""
        pairs = [(k, v) for k, v in self.params if k != "lang"] + [("lang", lang)]
        return self._url(self.path, pairs)

    def api(self, path: str, **params: str) -> str:
        """The API twin of this page: same filters, language dropped (the API speaks data)."""
        pairs = [(k, v) for k, v in self.params if k not in ("lang", *params)] + list(params.items())
        return self._url(path, pairs)
