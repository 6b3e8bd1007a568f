"""The search UI and JSON API: server-rendered pages (FastAPI + Jinja2) over the reading side.

`create_app(options, index, ...)` builds the application from plain objects handed in by
`kabarchy serve`; nothing here reads settings or the environment, and nothing here computes a
number of its own: pages and API routes call the same reading-side functions and show them.
"""

from web.app import create_app
from web.config import WebOptions

__all__ = ["create_app", "WebOptions"]
