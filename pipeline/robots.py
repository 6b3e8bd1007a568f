"""robots.txt rules of one origin: parsing and questions only, the fetcher does the I/O.

Policy (as the big crawlers do it): a robots.txt we could not get, or one answered with a 4xx,
allows everything; only a file we actually read can forbid. The stdlib parser reads the rules;
we decide what a missing file means ourselves, because it treats 401/403 as "disallow all".
"""

from __future__ import annotations

from urllib.parse import urlsplit, urlunsplit
from urllib.robotparser import RobotFileParser


def origin(url: str) -> str:
    """scheme://host[:port] — robots.txt applies per origin, not per host name."""
    parts = urlsplit(url)
    return urlunsplit((parts.scheme.lower(), parts.netloc.lower(), "", "", ""))


def robots_url(url: str) -> str:
    return origin(url) + "/robots.txt"


class RobotsRules:
    """The rules one origin gave; `allow_all()` when it gave none we could read."""

    def __init__(self, parser: RobotFileParser | None) -> None:
        self._parser = parser

    @classmethod
    def allow_all(cls) -> RobotsRules:
        return cls(None)

    @classmethod
    def parse(cls, body: bytes) -> RobotsRules:
        parser = RobotFileParser()
        parser.parse(body.decode("utf-8", errors="replace").splitlines())
        return cls(parser)

    def allows(self, url: str, user_agent: str) -> bool:
        return self._parser is None or self._parser.can_fetch(user_agent, url)

    def crawl_delay(self, user_agent: str) -> float | None:
        """The Crawl-delay asked of `user_agent`, seconds, when the file names one."""
        if self._parser is None:
            return None
        delay = self._parser.crawl_delay(user_agent)
        return float(delay) if delay is not None else None
