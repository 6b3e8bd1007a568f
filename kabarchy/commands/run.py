"""`kabarchy run`: one cycle over due sources (or `--forever`)."""

from __future__ import annotations

import argparse

from kabarchy.app import RunReport, run_forever, run_once
from kabarchy.settings import Settings

NAME = "run"
HELP = "Fetch due sources, extract, analyse and index new articles."


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--forever", action="store_true",
                        help="keep running as sources fall due; stop with Ctrl-C / SIGTERM")
    parser.add_argument("--all", action="store_true", help="poll every source now, not only those due")


def run(args: argparse.Namespace, settings: Settings) -> int:
    if args.forever:
        return run_forever(settings)
    report = run_once(settings, all_sources=args.all)
    print(summary(report))
    return 0


def summary(report: RunReport) -> str:
    c = report.cycle
    lines = [
        f"sources polled: {len(c.sources)}  new leads: {c.total('new_articles')}  pages fetched: "
        f"{c.total('fetched')}  articles stored: {c.total('extracted')}  duplicates: {c.total('duplicates')}  "
        f"failed (retried next run): {c.total('failed')}",
        f"analysed: {report.analysed}  indexed: {report.indexed}",
    ]
    for problem in report.config_problems:
        lines.append(f"config problem: {problem}")
    if report.analysis_error:
        lines.append(f"analysis error: {report.analysis_error}")
    if report.index_error:
        lines.append(f"index error (kept in the outbox): {report.index_error}")
    for rep in c.sources.values():
        for err in rep.errors[:3]:
            lines.append(f"  {rep.source_id}: {err}")
    return "\n".join(lines)
