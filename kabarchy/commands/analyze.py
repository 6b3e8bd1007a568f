"""`kabarchy analyze [FILE|-]`: the entities and statements of one text, for a quick look; with
`--jsonl`, of every text in a JSON Lines corpus ({"id", "text", "language", "date"} a line), one
result a line with the same field names as `export` — one process, the models loaded once.

A line that cannot be analysed (not JSON, no text, a bad date) gives a line with its `id`
(or its line number) and an `error`, so the output stays line for line with the input; the
exit code is 1 when any line failed."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterable
from contextlib import nullcontext
from dataclasses import asdict
from datetime import date, datetime, time, timezone
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from indexes.fields import mention_record, statement_record
from kabarchy.settings import Settings

if TYPE_CHECKING:
    from pipeline.analysis.stage import Analyzer

NAME = "analyze"
HELP = "Show the entities and statements the analysis finds in a text (a file, or - for stdin)."


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("file", nargs="?", default="-", help="a UTF-8 text file; - or nothing reads stdin")
    parser.add_argument("--lang", choices=("ru", "ky", "kk", "en"), help="the text's language (default: detected)")
    parser.add_argument("--date", type=date.fromisoformat,
                        help="the publication day (YYYY-MM-DD): namesakes are told apart by who held which post then")
    parser.add_argument("--json", action="store_true", help="print JSON instead of a table")
    parser.add_argument("--no-model", action="store_true", help="registry and rules only (skip the Russian NER model)")
    parser.add_argument("--jsonl", action="store_true",
                        help="the input is JSON Lines ({id, text, language, date} a line); write one result a line")
    parser.add_argument("--output", "-o", help="with --jsonl: file to write (default: standard output)")


def _read(file: str) -> str:
    if file == "-":
        return sys.stdin.read()
    return Path(file).read_text(encoding="utf-8")


def _detect(text: str) -> str:
    from pipeline.language import detect_language

    return detect_language(text)


def _load(settings: Settings, with_model: bool) -> Analyzer | None:
    from pipeline.analysis.registry import RegistryError
    from pipeline.analysis.stage import Analyzer

    try:
        return Analyzer.load(settings.entities, with_model=with_model)
    except (OSError, RegistryError) as exc:
        print(f"kabarchy analyze: cannot load the entity registry {settings.entities}: {exc}", file=sys.stderr)
        return None


def run(args: argparse.Namespace, settings: Settings) -> int:
    if args.jsonl:
        return _run_jsonl(args, settings)
    try:
        text = _read(args.file)
    except (OSError, UnicodeDecodeError) as exc:
        print(f"kabarchy analyze: cannot read {args.file}: {exc}", file=sys.stderr)
        return 2
    lang = args.lang or _detect(text)
    analyzer = _load(settings, not args.no_model)
    if analyzer is None:
        return 2
    published = datetime.combine(args.date, time(12), timezone.utc) if args.date else None
    analysis = analyzer.analyze(text, lang, published)
    if args.json:
        out = {"language": lang, "analyzer_version": analysis.analyzer_version,
               "mentions": [asdict(m) for m in analysis.mentions],
               "statements": [asdict(s) for s in analysis.statements]}
        print(json.dumps(out, ensure_ascii=False, indent=2))
        return 0
    print(f"language: {lang}   analyzer: {analysis.analyzer_version}")
    print(f"\nentities ({len(analysis.mentions)}):")
    for m in analysis.mentions:
        print(f"  {m.start:>6}-{m.end:<6} {m.entity_type:<12} {m.entity_id:<40} {m.name}  «{m.surface}»  [{m.method}]")
    print(f"\nstatements ({len(analysis.statements)}):")
    for s in analysis.statements:
        who = s.speaker_id or "?"
        post = f", {s.speaker_post}" if s.speaker_post else ""
        print(f"  {s.start:>6}-{s.end:<6} {s.kind:<8} {who} ({s.speaker_surface}{post}) {s.cue}: {s.text[:200]}")
    return 0


def _run_jsonl(args: argparse.Namespace, settings: Settings) -> int:
    try:
        source = sys.stdin if args.file == "-" else open(args.file, encoding="utf-8")  # noqa: SIM115
    except OSError as exc:
        print(f"kabarchy analyze: cannot read {args.file}: {exc}", file=sys.stderr)
        return 2
    analyzer = _load(settings, not args.no_model)
    if analyzer is None:
        return 2
    with source, (open(args.output, "w", encoding="utf-8") if args.output else nullcontext(sys.stdout)) as out:
        try:
            done, failed = analyze_lines(analyzer, source, out, default_lang=args.lang)
        except UnicodeDecodeError as exc:
            print(f"kabarchy analyze: {args.file} is not UTF-8: {exc}", file=sys.stderr)
            return 2
    print(f"analysed {done} text(s); {failed} line(s) failed", file=sys.stderr)
    return 1 if failed else 0


def analyze_lines(analyzer: Analyzer, lines: Iterable[str], out: TextIO, *,
                  default_lang: str | None = None) -> tuple[int, int]:
    """Analyse each JSON line; write one result line per input line (blank lines skipped)."""
    done = failed = 0
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            result = _analyze_record(analyzer, json.loads(line), default_lang)
            done += 1
        except (ValueError, TypeError) as exc:  # JSONDecodeError is a ValueError
            failed += 1
            record_id = _id_of(line)
            print(f"kabarchy analyze: line {number}: {exc}", file=sys.stderr)
            result = {"id": record_id, "line": number, "error": str(exc)}
        out.write(json.dumps(result, ensure_ascii=False) + "\n")
    return done, failed


def _analyze_record(analyzer: Analyzer, record: Any, default_lang: str | None) -> dict[str, Any]:
    if not isinstance(record, dict):
        raise ValueError("each line must be a JSON object with id and text")
    text = record.get("text")
    if not isinstance(text, str):
        raise ValueError("missing text (a string)")
    lang = record.get("language") or default_lang or _detect(text)
    if not isinstance(lang, str):
        raise ValueError("language must be a string such as ru or ky")
    published = _published(record.get("date"))
    analysis = analyzer.analyze(text, lang, published)
    return {"id": record.get("id"), "language": lang, "published": published.isoformat() if published else None,
            "analyzer_version": analysis.analyzer_version,
            "entities": [mention_record(m) for m in analysis.mentions],
            "statements": [statement_record(s) for s in analysis.statements]}


def _published(value: Any) -> datetime | None:
    """A day (noon UTC, so the Bishkek day is the same) or a full ISO timestamp; None when absent."""
    if value in (None, ""):
        return None
    if not isinstance(value, str):
        raise ValueError(f"date must be YYYY-MM-DD or an ISO timestamp, got {value!r}")
    try:
        if len(value) == 10:
            return datetime.combine(date.fromisoformat(value), time(12), timezone.utc)
        when = datetime.fromisoformat(value)
    except ValueError:
        raise ValueError(f"date must be YYYY-MM-DD or an ISO timestamp, got {value!r}") from None
    return when if when.tzinfo else when.replace(tzinfo=timezone.utc)


def _id_of(line: str) -> Any:
    try:
        record = json.loads(line)
    except ValueError:
        return None
    return record.get("id") if isinstance(record, dict) else None
