"""What one revisit saw, in words a watchdog uses.

A revisit ends in one of:
- `unchanged` — 304, or the same words as the current version;
- `live` — the article is there (the caller then decides edit or noise);
- `gone` — 404 or 410: the page was removed;
- `redirected` — the article URL now lands on the home page or a section of the site;
- `body_gone` — the page answers but the article body is no longer on it (a stub, a notice);
- `unreachable` — the site does not answer at all (DNS, refused, timeout, 5xx);
- `skipped` — we may not or cannot look (robots.txt, a page over the size cap, a redirect to a
  private address): says nothing about the article, so it changes no state.

The last four are *failures*. One failure is not a takedown: `pipeline.revisits.stage`
concludes only after several in a row (a setting), and records a return as `restored`.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlsplit

FAILURES = ("gone", "redirected", "body_gone", "unreachable")
# The state an article is left in once a failure is confirmed.
CONCLUSION = {"gone": "removed", "body_gone": "removed", "redirected": "redirected", "unreachable": "unreachable"}
BODY_GONE_MIN_CHARS = 300  # a body this short after one many times longer is a stub, not an article
BODY_GONE_RATIO = 0.25


@dataclass(frozen=True)
class Outcome:
    kind: str  # unchanged | live | gone | redirected | body_gone | unreachable | skipped
    detail: str = ""
    status: int | None = None
    final_url: str = ""

    @property
    def failed(self) -> bool:
        return self.kind in FAILURES


def _segments(url: str) -> list[str]:
    return [s for s in urlsplit(url).path.split("/") if s]


def redirected_away(original: str, final: str) -> bool:
    """True when `final` is the site's home page or a section above the article (not a moved article).

    An article moved to a new address keeps a path at least as deep as a section plus a slug;
    a takedown that redirects lands on `/` or on a prefix of the old path (`/news/`, `/ru/politics`).
    """
    if not final or final.rstrip("/") == original.rstrip("/"):
        return False
    old, new = _segments(original), _segments(final)
    if urlsplit(final).netloc.lower().removeprefix("www.") != urlsplit(original).netloc.lower().removeprefix("www."):
        return not new  # another site's home page
    return len(new) < len(old) and old[: len(new)] == new


SKIPPED_KINDS = {"robots_disallowed", "too_large", "private_address", "bad_url", "redirect_loop",
                 "too_many_redirects"}


def from_error(kind: str, status: int | None, message: str) -> Outcome:
    """A FetchError's kind and status, classified."""
    if kind in SKIPPED_KINDS:
        return Outcome("skipped", message or kind, status)
    if status in (404, 410):
        return Outcome("gone", f"HTTP {status}", status)
    if status is not None and status >= 500:
        return Outcome("unreachable", f"HTTP {status}", status)
    if status is not None and status >= 400:
        return Outcome("gone", f"HTTP {status}", status)  # 401/403/451: the public can no longer read it
    return Outcome("unreachable", message or kind)  # network, timeout, deadline, retry_later: no answer


def body_gone(previous_chars: int, new_chars: int | None) -> bool:
    """The page answers, but the article text is no longer there (or is a short notice)."""
    if new_chars is None:
        return True
    return new_chars < BODY_GONE_MIN_CHARS and new_chars < previous_chars * BODY_GONE_RATIO
