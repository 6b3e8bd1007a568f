"""`kabarchy analyze [FILE|-]`: the entities and statements of one text, for a quick look."""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import asdict
from datetime import date, datetime, time, timezone
from pathlib import Path

from kabarchy.settings import Settings

NAME = "analyze"
HELP = "Show the entities and statements the analysis finds in a text (a file, or - for stdin)."


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("file", nargs="?", default="-", help="a UTF-8 text file; - or nothing reads stdin")
    parser.add_argument("--lang", choices=("ru", "ky", "kk", "en"), help="the text's language (default: detected)")
    parser.add_argument("--date", type=date.fromisoformat,
                        help="the publication day (YYYY-MM-DD): namesakes are told apart by who held which post then")
    parser.add_argument("--json", action="store_true", help="print JSON instead of a table")
    parser.add_argument("--no-model", action="store_true", help="registry and rules only (skip the Russian NER model)")


def _read(file: str) -> str:
    if file == "-":
        return sys.stdin.read()
    return Path(file).read_text(encoding="utf-8")


def _detect(text: str) -> str:
    from pipeline.language import detect_language

    return detect_language(text)


def run(args: argparse.Namespace, settings: Settings) -> int:
    from pipeline.analysis.registry import RegistryError
    from pipeline.analysis.stage import Analyzer

    try:
        text = _read(args.file)
    except (OSError, UnicodeDecodeError) as exc:
        print(f"kabarchy analyze: cannot read {args.file}: {exc}", file=sys.stderr)
        return 2
    lang = args.lang or _detect(text)
    try:
        analyzer = Analyzer.load(settings.entities, with_model=not args.no_model)
    except (OSError, RegistryError) as exc:
        print(f"kabarchy analyze: cannot load the entity registry {settings.entities}: {exc}", file=sys.stderr)
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
