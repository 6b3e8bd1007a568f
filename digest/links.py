"""Addresses a digest points to: the web UI when its base URL is configured, else the articles.

The web UI's paths are named here once (`/digests/{date}`, `/stories/{id}`, `/entities/{id}`),
so a change of route is a one-line change.
"""

from __future__ import annotations

import hashlib
import hmac
from dataclasses import dataclass
from datetime import date
from urllib.parse import quote, urlencode


@dataclass(frozen=True)
class Links:
    base_url: str = ""  # e.g. https://kabarchy.example.org (no trailing slash needed)
    unsubscribe_secret: str = ""

    @property
    def enabled(self) -> bool:
        return bool(self.base_url)

    def _url(self, path: str, **query: str) -> str:
        if not self.base_url:
            return ""
        q = {k: v for k, v in query.items() if v}
        return self.base_url.rstrip("/") + path + (("?" + urlencode(q)) if q else "")

    def digest(self, day: date, lang: str) -> str:
        return self._url(f"/digests/{day.isoformat()}", lang=lang)

    def story(self, story_id: str, lang: str) -> str:
        return self._url(f"/stories/{quote(story_id, safe='')}", lang=lang)

    def entity(self, entity_id: str, lang: str) -> str:
        return self._url(f"/entities/{quote(entity_id, safe='')}", lang=lang)

    def token(self, recipient: str) -> str:
        """An unguessable unsubscribe token for a recipient (empty without a secret)."""
        if not self.unsubscribe_secret:
            return ""
        mac = hmac.new(self.unsubscribe_secret.encode(), recipient.strip().lower().encode(), hashlib.sha256)
        return mac.hexdigest()[:32]

    def unsubscribe(self, recipient: str) -> str:
        """One-click unsubscribe (RFC 8058) in the web UI; empty without a base URL and a secret."""
        token = self.token(recipient)
        return self._url("/unsubscribe", address=recipient, token=token) if token else ""
