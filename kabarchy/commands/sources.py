"""`kabarchy sources list|check`: what is configured, and which feeds and pages answer.

`check` fetches every feed, sitemap and listing once (no retries, short timeouts) and reports
status, entries found and the kind of error, then one line on how many sources answered. It
exits 0 when at least one source answered, 3 when none did (with the likely cause: offline?),
2 for an unreadable sources file or an unknown `--only` id.
"""

from __future__ import annotations

import argparse
import asyncio
import difflib
import json
import sys
import time
from dataclasses import asdict, dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

from rich.console import Console
from rich.table import Table

from kabarchy import diagnosis
from kabarchy.settings import Settings
from pipeline.records import ListingConfig, SourceConfig
from pipeline.sources import SourcesError, SourcesFile, load_sources

if TYPE_CHECKING:
    from pipeline.fetch import Fetcher

NAME = "sources"
HELP = "List the configured sources, or check which of their feeds and pages answer."


@dataclass(frozen=True)
class EndpointCheck:
    """What one feed / sitemap / listing URL gave when fetched once."""

    source_id: str
    kind: str  # feed | sitemap | listing
    url: str
    ok: bool  # answered and yielded at least one article lead
    status: int | None
    entries: int
    error_kind: str | None  # FetchError.kind, 'not_parsed', 'empty' or 'error'
    message: str
    elapsed_s: float


def add_arguments(parser: argparse.ArgumentParser) -> None:
    sub = parser.add_subparsers(dest="sources_command", required=True, metavar="SUBCOMMAND")
    for name, help_text in (("list", "show the configured sources and any problems in the file"),
                            ("check", "fetch every feed, sitemap and listing once and report what answers")):
        p = sub.add_parser(name, help=help_text, description=help_text)
        p.add_argument("--file", type=Path, help="sources file (default: the `sources` setting)")
        p.add_argument("--json", action="store_true", help="one JSON document instead of a table")
        if name == "check":
            p.add_argument("--only", action="append", metavar="ID", help="check only this source (repeatable)")
            p.add_argument("--timeout", type=float, default=10.0, help="seconds per request (default 10)")


def run(args: argparse.Namespace, settings: Settings) -> int:
    path = args.file or settings.sources
    try:
        loaded = load_sources(path)
    except SourcesError as exc:
        print(f"kabarchy sources: {exc}", file=sys.stderr)
        return 2
    if args.sources_command == "list":
        return _list(loaded, as_json=args.json)
    unknown = sorted(set(args.only or ()) - {s.id for s in loaded.sources})
    if unknown:
        known = [s.id for s in loaded.sources]
        close = [m for u in unknown for m in difflib.get_close_matches(u, known, n=1)]
        hint = f" — did you mean {', '.join(close)}?" if close else ""
        print(f"kabarchy sources: no source with id {', '.join(unknown)} in {path}{hint}", file=sys.stderr)
        return 2
    sources = [s for s in loaded.sources if not args.only or s.id in args.only]
    checks = check_sources(sources, settings, timeout_s=args.timeout)
    _print_checks(checks, loaded, as_json=args.json)
    working = {c.source_id for c in checks if c.ok}
    checked = {c.source_id for c in checks}
    verdict = diagnosis.reachability(len(checked), len(working), [c.error_kind for c in checks if c.error_kind])
    print(verdict.line, file=sys.stderr if args.json else sys.stdout)
    return verdict.code


def _list(loaded: SourcesFile, *, as_json: bool) -> int:
    if as_json:
        print(json.dumps({"sources": [asdict(s) for s in loaded.sources],
                          "problems": [asdict(p) for p in loaded.problems]}, ensure_ascii=False, indent=2))
    else:
        table = Table(title=f"{len(loaded.sources)} sources")
        for col in ("id", "name", "kind", "languages", "feeds", "sitemaps", "listings", "every (min)", "confirmed"):
            table.add_column(col)
        for s in loaded.sources:
            table.add_row(s.id, s.name, s.kind, ",".join(s.languages), str(len(s.feeds)), str(len(s.sitemaps)),
                          str(len(s.listings)), str(s.interval_minutes), "yes" if s.confirmed else "no")
        console = Console()
        console.print(table)
        _print_problems(console, loaded)
    return 1 if loaded.problems else 0


def check_sources(sources: list[SourceConfig], settings: Settings, *, timeout_s: float = 10.0) -> list[EndpointCheck]:
    """Fetch each endpoint of each source once; never raises for a failing site."""
    from kabarchy.app import fetch_options
    from pipeline.fetch import Fetcher

    options = replace(fetch_options(settings), timeout_s=timeout_s, retries=0, deadline_s=timeout_s * 3)

    async def main() -> list[EndpointCheck]:
        async with Fetcher(options) as fetcher:
            jobs = []
            for s in sources:
                jobs += [_check(fetcher, s, "feed", url) for url in s.feeds]
                jobs += [_check(fetcher, s, "sitemap", url) for url in s.sitemaps]
                jobs += [_check(fetcher, s, "listing", li.url, li) for li in s.listings]
            return list(await asyncio.gather(*jobs))

    return asyncio.run(main())


async def _check(fetcher: Fetcher, source: SourceConfig, kind: str, url: str,
                 listing: ListingConfig | None = None) -> EndpointCheck:
    from pipeline.feeds import FeedError, parse_feed
    from pipeline.fetch import FetchError
    from pipeline.listing import parse_listing, parse_sitemap

    started = time.monotonic()

    def result(status: int | None, entries: int, error_kind: str | None, message: str) -> EndpointCheck:
        return EndpointCheck(source.id, kind, url, error_kind is None, status, entries, error_kind, message,
                             round(time.monotonic() - started, 3))

    try:
        fetched = await fetcher.fetch(url, allow_private=source.allow_private)
    except FetchError as exc:
        return result(exc.status, 0, exc.kind, str(exc))
    note = ""
    try:
        if kind == "feed":
            feed = parse_feed(fetched.body, url=fetched.final_url, source_id=source.id, headers=fetched.headers)
            count, note = len(feed.entries), feed.error or ""
        elif kind == "sitemap":
            leads, children = parse_sitemap(fetched.body, url=fetched.final_url, source_id=source.id)
            count = len(leads) + len(children)
            note = f"{len(children)} child sitemaps" if children else ""
        else:
            assert listing is not None
            count = len(parse_listing(fetched.body, base_url=fetched.final_url, link_pattern=listing.link_pattern,
                                      source_id=source.id, encoding=fetched.encoding))
    except FeedError as exc:
        return result(fetched.status, 0, "not_parsed", str(exc))
    except Exception as exc:  # a report: one odd page must not hide the others
        return result(fetched.status, 0, "error", f"{type(exc).__name__}: {exc}")
    if fetched.final_url != url:
        note = f"redirected to {fetched.final_url}; {note}".rstrip("; ")
    if count == 0:
        return result(fetched.status, 0, "empty", note or "answered, but no article links found")
    return result(fetched.status, count, None, note)


def _print_checks(checks: list[EndpointCheck], loaded: SourcesFile, *, as_json: bool) -> None:
    working = {c.source_id for c in checks if c.ok}
    checked = {c.source_id for c in checks}
    if as_json:
        print(json.dumps({"endpoints": [asdict(c) for c in checks],
                          "sources_working": sorted(working), "sources_failing": sorted(checked - working),
                          "problems": [asdict(p) for p in loaded.problems]}, ensure_ascii=False, indent=2))
        return
    table = Table(title="Source check")
    for col in ("source", "kind", "url", "status", "entries", "result", "note"):
        table.add_column(col, overflow="fold")
    for c in checks:
        verdict = "[green]ok[/green]" if c.ok else f"[red]{c.error_kind}[/red]"
        table.add_row(c.source_id, c.kind, c.url, str(c.status or "-"), str(c.entries), verdict, c.message[:120])
    console = Console()
    console.print(table)
    console.print(f"{sum(c.ok for c in checks)}/{len(checks)} endpoints answered with article links; "
                  f"{len(working)}/{len(checked)} sources have at least one working endpoint.")
    _print_problems(console, loaded)


def _print_problems(console: Console, loaded: SourcesFile) -> None:
    for p in loaded.problems:  # markup off: "[id]" in the text is not a rich tag
        console.print(f"problem: {p}", style="red", markup=False, highlight=False)
