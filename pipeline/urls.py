"""URL and title keys: one article, one id, however the outlet or a feed spells its address.

Feeds, sitemaps and shared links point at the same article with tracking parameters, AMP and
mobile variants, default ports and trailing slashes; the store's article id is a hash of the
folded URL so all of those become one idempotent upsert.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from urllib.parse import parse_qsl, quote, unquote, urlencode, urlsplit, urlunsplit

# Query parameters that only say who sent the reader, never which article it is.
TRACKING_PARAMS = frozenset(
    {
        "fbclid", "gclid", "yclid", "dclid", "msclkid", "igshid", "mc_cid", "mc_eid",
        "_openstat", "from", "ref", "ref_src", "ref_url", "referrer", "source", "utm",
        "_ga", "_gl", "share", "amp",  # `?amp` / `?amp=1` marks the AMP twin of the page
    }
)
TRACKING_PREFIXES = ("utm_", "pk_", "hmsr", "yandex_")
# Host prefixes of the same article's mobile and AMP copies; `www.` is folded as well because
# outlets serve both and redirect one to the other, and a feed may name either.
HOST_PREFIXES = ("www.", "amp.", "m.", "mobile.")
DEFAULT_PORTS = {"http": 80, "https": 443}
_PATH_SAFE = "/:@!$&'()*+,;=-._~"
_AMP_SEGMENT = re.compile(r"/amp(?=/|$)")


def _fold_host(host: str) -> str:
    host = host.lower().rstrip(".")
    changed = True
    while changed:
        changed = False
        for prefix in HOST_PREFIXES:
            rest = host[len(prefix):]
            if host.startswith(prefix) and "." in rest:
                host, changed = rest, True
    return host


def _fold_path(path: str) -> str:
    # Re-quote so a Cyrillic path written raw in a feed and percent-encoded on the page agree.
    path = quote(unquote(path), safe=_PATH_SAFE)
    path = _AMP_SEGMENT.sub("", path)
    if path.endswith(".amp.html"):
        path = path[: -len(".amp.html")] + ".html"
    path = path.rstrip("/")
    return path or "/"


def _is_tracking(key: str) -> bool:
    low = key.lower()
    return low in TRACKING_PARAMS or low.startswith(TRACKING_PREFIXES)


def normalize_url(url: str) -> str:
    """The canonical spelling of `url` used for article ids and de-duplication."""
    parts = urlsplit(url.strip())
    scheme = parts.scheme.lower()
    host = _fold_host(parts.hostname or "")
    try:
        port = parts.port
    except ValueError:  # a port that is not a number: keep the address as written
        port = None
    netloc = host if port is None or DEFAULT_PORTS.get(scheme) == port else f"{host}:{port}"
    query = sorted(
        (k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if not _is_tracking(k)
    )
    return urlunsplit((scheme, netloc, _fold_path(parts.path), urlencode(query), ""))


def article_id(url: str) -> str:
    """32 hex characters: the first 16 bytes of sha256 over the normalised URL."""
    return hashlib.sha256(normalize_url(url).encode("utf-8")).hexdigest()[:32]


_TITLE_DROP = re.compile(r"[\W_]+", re.UNICODE)


def title_key(title: str) -> str:
    """A title folded for matching the same story across feeds: case, ё, punctuation, spacing."""
    folded = unicodedata.normalize("NFKC", title).casefold().replace("ё", "е")
    return " ".join(_TITLE_DROP.sub(" ", folded).split())
