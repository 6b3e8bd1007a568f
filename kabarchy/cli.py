"""The `kabarchy` command: parses arguments, loads settings once and hands them to a command.

Each command lives in `kabarchy/commands/<name>.py` and exposes `NAME`, `HELP`,
`add_arguments(parser)` and `run(args, settings) -> int`. The list below is explicit on purpose:
no command registers itself by being imported.
"""

from __future__ import annotations

import argparse
import importlib
import logging
import os
import sys
from pathlib import Path
from types import ModuleType

from kabarchy.settings import SettingsError, load_settings

COMMAND_MODULES: tuple[str, ...] = (
    "run",
    "status",
    "export",
    "demo",
    "sources",
    "analyze",
    "reanalyze",
    "search",
    "statements",
    "index",
    "reindex",
    "changes",
    "revisit",
)


def _commands() -> list[ModuleType]:
    return [importlib.import_module(f"kabarchy.commands.{name}") for name in COMMAND_MODULES]


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="kabarchy", description="Kyrgyzstan news and statement monitor")
    parser.add_argument("--config", type=Path, help="settings file (default: $KABARCHY_CONFIG or config/settings.toml)")
    parser.add_argument("-v", "--verbose", action="store_true", help="debug logging")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for mod in _commands():
        p = sub.add_parser(mod.NAME, help=mod.HELP, description=mod.HELP)
        mod.add_arguments(p)
        p.set_defaults(_run=mod.run)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    logging.basicConfig(
        level=logging.DEBUG if args.verbose else logging.INFO,
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
    )
    if not args.verbose:
        # one line per request (httpx, elastic_transport) or dictionary load (pymorphy3) drowns the rest
        for noisy in ("httpx", "pymorphy3", "elastic_transport"):
            logging.getLogger(noisy).setLevel(logging.WARNING)
    try:
        settings = load_settings(args.config)
    except SettingsError as exc:
        print(f"kabarchy: {exc}", file=sys.stderr)
        return 2
    try:
        return int(args._run(args, settings) or 0)
    except BrokenPipeError:
        # The reader went away (`kabarchy export | head`): not an error for a command-line tool.
        # Point stdout at /dev/null so the interpreter's final flush does not complain again.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0


if __name__ == "__main__":
    sys.exit(main())
