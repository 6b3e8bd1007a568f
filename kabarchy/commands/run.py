"""`kabarchy run`: one cycle over due sources (or `--forever`); ends with one line saying what
happened and an exit code that tells the truth (`kabarchy.diagnosis`)."""

from __future__ import annotations

import argparse
import sys
from datetime import datetime

from kabarchy import diagnosis
from kabarchy.app import RunReport, run_forever, run_once
from kabarchy.runlock import RunLocked
from kabarchy.settings import Settings
from pipeline.sources import SourcesError
from pipeline.store import Store
from pipeline.store.db import utcnow

NAME = "run"
HELP = "Fetch due sources, extract, analyse and index new articles."


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--forever", action="store_true",
                        help="keep running as sources fall due; stop with Ctrl-C / SIGTERM")
    parser.add_argument("--all", action="store_true", help="poll every source now, not only those due")


def run(args: argparse.Namespace, settings: Settings) -> int:
    try:
        if args.forever:
            return run_forever(settings)
        report = run_once(settings, all_sources=args.all)
    except RunLocked as exc:
        print(f"kabarchy run: {exc}", file=sys.stderr)
        return diagnosis.BUSY
    except SourcesError as exc:
        print(f"kabarchy run: {exc}", file=sys.stderr)
        return diagnosis.USAGE
    verdict = judge(report, settings)
    print(summary(report, detail=verdict.code != diagnosis.UNREACHABLE))
    print(verdict.line)
    return verdict.code


def judge(report: RunReport, settings: Settings) -> diagnosis.Verdict:
    """The run's one-line verdict and exit code."""
    c = report.cycle
    polled = [r for r in c.sources.values() if r.endpoints_ok + r.endpoints_failed]
    if not c.sources:
        with Store.open(settings.store_path) as store:
            due = [(h["next_due"], h["id"]) for h in store.source_health() if h["next_due"]]
        first = min(due) if due else (None, None)
        when = datetime.fromisoformat(first[0]) if first[0] else None
        return diagnosis.Verdict(diagnosis.OK, diagnosis.nothing_due(first[1], when, utcnow(), len(due)))
    reach = diagnosis.reachability(len(polled), sum(1 for r in polled if r.endpoints_ok),
                                   [k for r in polled for k in r.error_kinds])
    if reach.code != diagnosis.OK:
        return reach
    stored = f"{c.total('extracted')} articles stored, {report.analysed} analysed, {report.indexed} indexed"
    if report.registry_error:
        return diagnosis.Verdict(diagnosis.DOWNSTREAM, f"{reach.line}; {stored}; analysis stopped: the entity "
                                 "registry is broken (see above and `kabarchy status`); fix it and run again")
    if report.analysis_error or report.index_error:
        what = "analysis failed" if report.analysis_error else "the search index is unavailable"
        return diagnosis.Verdict(diagnosis.DOWNSTREAM, f"{reach.line}; {stored}; {what} — the articles wait "
                                 "and the next run catches up")
    return diagnosis.Verdict(diagnosis.OK, f"{reach.line}; {stored}")


def summary(report: RunReport, *, detail: bool = True) -> str:
    c = report.cycle
    lines = [
        f"sources polled: {len(c.sources)}  new leads: {c.total('new_articles')}  pages fetched: "
        f"{c.total('fetched')}  articles stored: {c.total('extracted')}  duplicates: {c.total('duplicates')}  "
        f"failed (retried next run): {c.total('failed')}",
        f"analysed: {report.analysed}  indexed: {report.indexed}",
    ]
    if c.total("dropped"):
        lines.append(f"links dropped by the per-poll cap (oldest first): {c.total('dropped')}")
    for problem in report.config_problems:
        lines.append(f"config problem: {problem}")
    if report.registry_error:
        lines.append(f"registry error: {report.registry_error}")
    if report.analysis_error:
        lines.append(f"analysis error: {report.analysis_error}")
    if report.index_error:
        lines.append(f"index error (kept in the outbox): {report.index_error}")
    if detail:
        for rep in c.sources.values():
            for err in rep.errors[:3]:
                lines.append(f"  {rep.source_id}: {err}")
    return "\n".join(lines)
