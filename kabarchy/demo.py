"""The offline demo: a bundled sample news site served on 127.0.0.1, and the sources that read it.

The site in `demo_site/` holds four small fake outlets (a Russian one with an RSS feed, a Kyrgyz
one with an Atom feed and a sitemap, a Russian wire that reprints and retells the others, a state
bodies' press centre with only a listing page). The
port is chosen by the OS, so every link in the files is written as `{{BASE}}` and replaced with
the server's base URL as each file is served. Sample texts written for the Kabarchy demo; not
real news.
"""

from __future__ import annotations

import hashlib
import json
import re
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote, urlsplit

from pipeline.records import ListingConfig, SourceConfig
from pipeline.sources import write_sources

DEMO_SITE = Path(__file__).resolve().parent / "demo_site"
PLACEHOLDER = b"{{BASE}}"
SOURCE_PREFIX = "demo-"  # source id = prefix + the outlet's folder name in demo_site/

_TYPES = {
    "rss.xml": "application/rss+xml",
    "atom.xml": "application/atom+xml",
    ".xml": "application/xml",
    ".html": "text/html",
    ".json": "application/json",
    ".txt": "text/plain",
    ".md": "text/markdown",
}


@dataclass(frozen=True)
class SampleArticle:
    """One article of the sample site, as listed in demo_site/catalog.json."""

    source_id: str
    path: str  # URL path, e.g. /ru-news/2021/04/11/referendum-konstituciya.html
    language: str
    title: str
    published: str  # ISO 8601 with +06:00
    encoding: str


def sample_articles(root: Path = DEMO_SITE) -> list[SampleArticle]:
    """Every article the site holds (each exactly once), for tests and the demo summary."""
    catalog = json.loads((root / "catalog.json").read_text(encoding="utf-8"))
    return [
        SampleArticle(source_id=SOURCE_PREFIX + a["source"], path=a["path"], language=a["language"],
                      title=a["title"], published=a["published"], encoding=a["encoding"])
        for a in catalog["articles"]
    ]


def content_type(path: Path, body: bytes) -> str:
    """The Content-Type a plain web server would send.

    A file that is not valid UTF-8 gets no charset at all, like an old server serving a
    windows-1251 page: the fetcher has to find the encoding itself.
    """
    kind = _TYPES.get(path.name) or _TYPES.get(path.suffix, "application/octet-stream")
    try:
        body.decode("utf-8")
    except UnicodeDecodeError:
        return kind
    return f"{kind}; charset=utf-8" if kind.startswith(("text/", "application/")) else kind


REVISED = "_revised"  # edited pages the site serves once it has "changed" (see revisions.json)


@dataclass
class DemoRevisions:
    """How the sample site changes after the first pass, as outlets' sites do: one page edited
    (served from `_revised/`), one taken down (404). Off until `active` is set."""

    edited: tuple[str, ...]
    removed: tuple[str, ...]
    active: bool = False

    @classmethod
    def load(cls, root: Path = DEMO_SITE) -> DemoRevisions:
        data = json.loads((root / "revisions.json").read_text(encoding="utf-8"))
        return cls(tuple(data["edited"]), tuple(data["removed"]))


class _Handler(BaseHTTPRequestHandler):
    server: _DemoServer

    def do_GET(self) -> None:  # noqa: N802 (http.server's naming)
        self._respond(with_body=True)

    def do_HEAD(self) -> None:  # noqa: N802
        self._respond(with_body=False)

    def _respond(self, *, with_body: bool) -> None:
        file = self.server.resolve(urlsplit(self.path).path)
        if file is None:
            self.send_error(404, "not found")
            return
        body = file.read_bytes().replace(PLACEHOLDER, self.server.base_url.encode("ascii"))
        etag = '"' + hashlib.sha256(body).hexdigest()[:32] + '"'
        if self.headers.get("If-None-Match") == etag:
            self.send_response(304)
            self.send_header("ETag", etag)
            self.end_headers()
            return
        self.send_response(200)
        self.send_header("Content-Type", content_type(file, body))
        self.send_header("Content-Length", str(len(body)))
        self.send_header("ETag", etag)
        self.end_headers()
        if with_body:
            self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        pass  # the demo's output is the summary, not an access log


class _DemoServer(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, root: Path, revisions: DemoRevisions | None = None) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.root = root.resolve()
        self.revisions = revisions
        host, port = self.server_address[:2]
        self.base_url = f"http://{host}:{port}"

    def resolve(self, url_path: str) -> Path | None:
        """The file for a URL path (a folder means its index.html); None outside the site."""
        path = unquote(url_path)
        if path.lstrip("/").startswith(REVISED):
            return None
        revisions = self.revisions
        if revisions is not None and revisions.active:
            if path in revisions.removed:
                return None
            if path in revisions.edited:
                path = f"/{REVISED}{path}"
        target = (self.root / path.lstrip("/")).resolve()
        if target != self.root and self.root not in target.parents:
            return None
        if target.is_dir():
            target = target / "index.html"
        return target if target.is_file() else None


@contextmanager
def serve_demo_site(root: Path = DEMO_SITE, revisions: DemoRevisions | None = None) -> Iterator[str]:
    """Serve the sample site on 127.0.0.1 (a free port) in a thread; yield its base URL."""
    server = _DemoServer(root, revisions)
    thread = threading.Thread(target=server.serve_forever, name="kabarchy-demo-site", daemon=True)
    thread.start()
    try:
        yield server.base_url
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


def demo_sources(base_url: str) -> list[SourceConfig]:
    """The four demo outlets as sources, allowed to live on 127.0.0.1."""
    base = base_url.rstrip("/")
    root = re.escape(base)
    common = {"allow_private": True, "interval_minutes": 5}
    return [
        SourceConfig(
            id=SOURCE_PREFIX + "ru-news", name="Демо-Новости", homepage=f"{base}/ru-news/", languages=("ru",),
            kind="outlet", feeds=(f"{base}/ru-news/rss.xml",),
            listings=(ListingConfig(url=f"{base}/ru-news/",
                                    link_pattern=rf"^{root}/ru-news/(amp/)?\d{{4}}/\d\d/\d\d/[a-z0-9-]+\.html$"),),
            **common),
        SourceConfig(
            id=SOURCE_PREFIX + "ky-kabar", name="Демо Кабар", homepage=f"{base}/ky-kabar/", languages=("ky",),
            kind="outlet", feeds=(f"{base}/ky-kabar/atom.xml",), sitemaps=(f"{base}/ky-kabar/sitemap.xml",),
            **common),
        SourceConfig(
            id=SOURCE_PREFIX + "ru-wire", name="Демо-Лента", homepage=f"{base}/ru-wire/", languages=("ru",),
            kind="outlet", feeds=(f"{base}/ru-wire/rss.xml",), **common),
        SourceConfig(
            id=SOURCE_PREFIX + "official", name="Пресс-центр государственных органов (демо)",
            homepage=f"{base}/official/", languages=("ru", "ky"), kind="official",
            listings=(ListingConfig(url=f"{base}/official/news/",
                                    link_pattern=rf"^{root}/official/news/\d+\.html$"),),
            **common),
    ]


def write_sources_file(path: Path, sources: list[SourceConfig]) -> Path:
    """The demo's sources.yaml, marked as written for the sample site."""
    return write_sources(path, sources, header=(
        "# Written by `kabarchy demo` for the sample site it serves; the port changes each run.\n"
        "# Sample texts written for the Kabarchy demo; not real news.\n"))
