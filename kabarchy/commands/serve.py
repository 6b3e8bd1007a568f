"""`kabarchy serve`: the search UI and JSON API (uvicorn) over the configured store and index.

After `kabarchy demo`, a plain `kabarchy serve` finds no store of its own and serves the demo's
folder instead (it says so), so the two commands give a working site with nothing else set up.
"""

from __future__ import annotations

import argparse
import math
import os
import pickle
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kabarchy.settings import Settings

if TYPE_CHECKING:
    from fastapi import FastAPI

    from indexes.entities import EntityDirectory
    from pipeline.store import Store

NAME = "serve"
HELP = "Serve the search UI and JSON API (http://127.0.0.1:8000 by default)."
DEMO_DIR = Path("data/demo")
SETTINGS_FILE_ENV = "KABARCHY_SERVE_SETTINGS_FILE"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--host", help="address to listen on (default: web.host)")
    parser.add_argument("--port", type=int, help="port (default: web.port)")
    # SUPPRESS: when absent it leaves alone a --data-dir given before the command name
    parser.add_argument("--data-dir", type=Path, default=argparse.SUPPRESS,
                        help="serve this data folder instead of the configured one")


def served_settings(settings: Settings, data_dir: Path | None) -> Settings:
    """The settings to serve: --data-dir, else the configured folder, else a demo's folder."""
    if data_dir is not None:
        return settings.replace(data_dir=data_dir.resolve())
    if not settings.store_path.exists():
        from kabarchy.commands.demo import MARKER

        demo = DEMO_DIR.resolve()
        if (demo / MARKER).exists():
            print(f"kabarchy serve: no store at {settings.store_path}; serving the demo's data in {demo}",
                  file=sys.stderr)
            return settings.replace(data_dir=demo)
    return settings


def _run(settings: Settings) -> None:
    from kabarchy.app import run_once

    run_once(settings, all_sources=True)


def _reanalyze(settings: Settings) -> None:
    from kabarchy.app import sync_search_index
    from pipeline.analysis.stage import analyze_pending
    from pipeline.store import Store

    with Store.open(settings.store_path) as store:
        analyze_pending(store, settings.entities, settings.run_workers, reanalyze=True)
        sync_search_index(settings, store, list(store.indexable_ids()))


def build_app(settings: Settings) -> FastAPI:
    """The web application for these settings (also used by the tests and bench/web.py)."""
    from kabarchy.backends import make_index
    from web import WebOptions, create_app

    options = WebOptions(
        store_path=settings.store_path, rate_limit_per_minute=settings.web_rate_limit_per_minute,
        admin_token=settings.web_admin_token, trust_proxy=settings.web_trust_proxy,
        max_concurrent_requests=settings.web_max_concurrent_requests, queue_timeout_s=settings.web_queue_timeout_s,
        actions={"run": lambda: _run(settings), "reanalyze": lambda: _reanalyze(settings)})
    return create_app(options, make_index(settings), directory_factory=directory_factory(settings))


def worker_rate_limit(settings: Settings) -> int:
    """Each server process's share of the per-client limit, so that N processes together never
    let a client past `web.rate_limit_per_minute` (a client on one kept-alive connection, which
    stays with one process, gets the share: stricter, never looser)."""
    return math.ceil(settings.web_rate_limit_per_minute / settings.web_workers)  # 0 (no limit) stays 0


def serve(settings: Settings, host: str, port: int) -> None:
    """uvicorn over the application. One process is GIL-bound (under 8 clients it used about one
    of two cores), so `web.workers` processes share the port; they rebuild the same settings
    from a private file named in the environment, as uvicorn's workers import the app by name."""
    import uvicorn

    options: dict[str, Any] = {"host": host, "port": port, "log_level": "warning", "access_log": False}
    if settings.web_workers <= 1:
        uvicorn.run(build_app(settings), **options)
        return
    fd, path = tempfile.mkstemp(prefix="kabarchy-serve-", suffix=".pickle")
    try:
        with os.fdopen(fd, "wb") as f:  # mkstemp: readable by this user only
            pickle.dump(settings.replace(web_rate_limit_per_minute=worker_rate_limit(settings)), f)
        os.environ[SETTINGS_FILE_ENV] = path
        uvicorn.run(f"{__name__}:worker_app", factory=True, workers=settings.web_workers, **options)
    finally:
        os.unlink(path)


def worker_app() -> FastAPI:
    """The application in one of `serve`'s worker processes."""
    with open(os.environ[SETTINGS_FILE_ENV], "rb") as f:
        return build_app(pickle.load(f))


def directory_factory(settings: Settings) -> Callable[[Store], EntityDirectory]:
    """The entity directory's builder (registry + the store's provisional entities)."""
    from kabarchy.entities import build_directory

    return lambda store: build_directory(settings, store)


def run(args: argparse.Namespace, settings: Settings) -> int:
    settings = served_settings(settings, getattr(args, "data_dir", None))
    if not settings.store_path.exists():
        print(f"kabarchy serve: no store at {settings.store_path} (run `kabarchy run` or `kabarchy demo` first)",
              file=sys.stderr)
        return 2
    from indexes.base import IndexError_
    from kabarchy.backends import make_index

    try:  # refuse to start over an index that cannot answer, with the reason, not a traceback
        index = make_index(settings)
        index.open()
        index.close()
    except IndexError_ as exc:
        print(f"kabarchy serve: the {settings.index_backend} index cannot answer: {exc}", file=sys.stderr)
        return 2
    host, port = args.host or settings.web_host, args.port or settings.web_port
    print(f"Kabarchy at http://{host}:{port}/ ({settings.index_backend} index, store {settings.store_path})",
          file=sys.stderr)
    serve(settings, host, port)
    return 0
