"""The `kabarchy` command: parses arguments, loads settings once and hands them to a command.

Each command lives in `kabarchy/commands/<name>.py` and exposes `NAME`, `HELP`,
`add_arguments(parser)` and `run(args, settings) -> int`; a command that reads stored data sets
`READS_STORE = True` and is refused, with a plain message, where no store exists (instead of
silently creating an empty one). The list below is explicit on purpose: no command registers
itself by being imported.
"""

from __future__ import annotations

import argparse
import difflib
import importlib
import logging
import os
import sys
from importlib.metadata import PackageNotFoundError, version
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
    "article",
    "index",
    "reindex",
    "stories",
    "story",
    "restory",
    "entities",
    "timeline",
    "spikes",
    "digest",
    "serve",
    "changes",
    "revisit",
)


def _commands() -> list[ModuleType]:
    return [importlib.import_module(f"kabarchy.commands.{name}") for name in COMMAND_MODULES]


def _version() -> str:
    try:
        return version("kabarchy")
    except PackageNotFoundError:  # run from a checkout that was never installed
        return "unknown (not installed)"


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="kabarchy", description="Kyrgyzstan news and statement monitor")
    parser.add_argument("--config", type=Path, help="settings file (default: $KABARCHY_CONFIG or config/settings.toml)")
    parser.add_argument("--data-dir", dest="global_data_dir", type=Path, metavar="DIR",
                        help="data folder (store, archive, embedded index); overrides the data_dir setting")
    parser.add_argument("--version", action="version", version=f"kabarchy {_version()}")
    parser.add_argument("-v", "--verbose", action="store_true", help="debug logging")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for mod in _commands():
        p = sub.add_parser(mod.NAME, help=mod.HELP, description=mod.HELP)
        mod.add_arguments(p)
        p.set_defaults(_run=mod.run, _reads_store=getattr(mod, "READS_STORE", False))
    return parser


def _unknown_command(argv: list[str]) -> str | None:
    """"did you mean" for a mistyped command (argparse only lists the choices)."""
    known = list(COMMAND_MODULES)
    flags_with_value = {"--config", "--data-dir"}
    for i, arg in enumerate(argv):  # the first positional that is not a global flag's value
        if arg.startswith("-"):
            continue
        if i and argv[i - 1] in flags_with_value:
            continue
        if arg in known:
            return None
        close = difflib.get_close_matches(arg, known, n=1, cutoff=0.6)
        hint = f"did you mean `kabarchy {close[0]}`?" if close else "run `kabarchy` to see the commands"
        return f"kabarchy: unknown command {arg!r} — {hint}"
    return None


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    parser = build_parser()
    mistake = _unknown_command(argv)
    if mistake:
        print(mistake, file=sys.stderr)
        return 2
    args = parser.parse_args(argv)
    if args.command is None:  # bare `kabarchy`: the command list
        parser.print_help()
        return 2
    logging.basicConfig(
        level=logging.DEBUG if args.verbose else logging.INFO,
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
    )
    if not args.verbose:
        # one line per request (httpx, elastic_transport) or dictionary load (pymorphy3) drowns the rest
        for noisy in ("httpx", "pymorphy3"):
            logging.getLogger(noisy).setLevel(logging.WARNING)
        # The client logs each failed attempt with a traceback; our one-line message says it all.
        logging.getLogger("elastic_transport").setLevel(logging.CRITICAL)
    try:
        settings = load_settings(args.config)
    except SettingsError as exc:
        print(f"kabarchy: {exc}", file=sys.stderr)
        return 2
    if args.global_data_dir is not None:
        settings = settings.replace(data_dir=args.global_data_dir.expanduser().resolve())
    if args._reads_store and not settings.store_path.exists():
        print(f"kabarchy {args.command}: no Kabarchy data in {settings.data_dir} (no {settings.store_path.name}); "
              "run `kabarchy run` or `kabarchy demo` first, or point --data-dir at your data folder", file=sys.stderr)
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
