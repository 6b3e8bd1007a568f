"""`kabarchy demo`: the whole pipeline on the bundled sample site, offline, in one command.

Serves `kabarchy/demo_site/` on 127.0.0.1, writes a sources file for it, runs one full pass
(ingest → analyse → index) into its own data folder and prints what was stored. The site's port
changes every run and with it every article URL, so each demo starts from an empty folder; the
folder is only ever emptied when it carries the marker a previous demo left.
"""

from __future__ import annotations

import argparse
import shutil
import sys
from collections import Counter
from pathlib import Path

from kabarchy.demo import DemoRevisions, demo_sources, sample_articles, serve_demo_site, write_sources_file
from kabarchy.settings import Settings

NAME = "demo"
HELP = "Run the whole pipeline offline on a bundled sample news site and show the result."
MARKER = ".kabarchy-demo"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--data-dir", type=Path, default=Path("data/demo"),
                        help="folder for the demo's store, archive and index (default ./data/demo)")


def prepare_data_dir(folder: Path) -> None:
    """Empty a previous demo's folder; refuse a non-empty folder that is not one."""
    if folder.exists() and any(folder.iterdir()):
        if not (folder / MARKER).exists():
            raise ValueError(f"{folder} is not empty and was not made by `kabarchy demo`; "
                             "choose another --data-dir")
        shutil.rmtree(folder)
    folder.mkdir(parents=True, exist_ok=True)
    (folder / MARKER).write_text("made by `kabarchy demo`; emptied by the next demo run\n", encoding="utf-8")


def run(args: argparse.Namespace, settings: Settings) -> int:
    from kabarchy.runlock import RunLocked

    data_dir = args.data_dir.resolve()
    try:
        prepare_data_dir(data_dir)
    except ValueError as exc:
        print(f"kabarchy demo: {exc}", file=sys.stderr)
        return 2
    try:
        from kabarchy.app import run_once
    except ModuleNotFoundError as exc:
        print(f"kabarchy demo: the pipeline is not available yet ({exc})", file=sys.stderr)
        return 2
    # The sample site lives on 127.0.0.1 and is ours: no need for the politeness delay.
    settings = settings.replace(data_dir=data_dir, fetch_allow_private_addresses=True, fetch_host_delay_s=0.0)
    revisions = DemoRevisions.load()
    with serve_demo_site(revisions=revisions) as base_url:
        sources_path = write_sources_file(data_dir / "sources.yaml", demo_sources(base_url))
        settings = settings.replace(sources=sources_path)
        print(f"Serving the sample site at {base_url} (sample texts written for the Kabarchy demo; not real news)")
        try:
            report = run_once(settings, sources_path=sources_path, all_sources=True)
        except RunLocked as exc:
            print(f"kabarchy demo: {exc}", file=sys.stderr)
            return 5
        revisions.active = True  # the site now edits one page and takes one down
        changes = replay_revisits(settings)
    from kabarchy.commands.run import judge, summary

    print(summary(report))
    print(stored_summary(settings))
    print(top_stories_summary(settings))
    print(changes)
    verdict = judge(report, settings)
    print(verdict.line)
    return verdict.code


def top_stories_summary(settings: Settings, limit: int = 5) -> str:
    """The sample site's biggest stories: one event, every outlet, both languages."""
    from datetime import date

    from indexes.stories import top_stories
    from pipeline.store import Store

    with Store.open(settings.store_path) as store:
        found = top_stories(store, date(2000, 1, 1), date(2100, 1, 1), min_outlets=2, limit=limit)
    lines = ["", "Top stories (carried by two outlets or more):"]
    for s in found:
        lines.append(f"  {len(s.outlets)} outlets, {s.articles} articles, {'+'.join(s.languages)}: {s.headline('ru')}")
        lines.append(f"      first: {s.first_publisher}; story {s.id}")
    if not found:
        lines.append("  (none)")
    flag = f"--data-dir {settings.data_dir}"
    lines.append(f"  more: kabarchy {flag} stories --from 2021-01-01 --to 2025-12-31; kabarchy {flag} story ID")
    return "\n".join(lines)


def replay_revisits(settings: Settings) -> str:
    """Revisit the sample site on a replayed clock (1, 3 and 5 hours on), so the demo shows an
    edit and a takedown confirmed by three failed revisits without waiting for real hours."""
    from datetime import timedelta

    from indexes.changes import ChangesQuery, recent_changes
    from kabarchy.app import settle
    from kabarchy.revisiting import revisit
    from pipeline.sources import load_sources
    from pipeline.store import Store
    from pipeline.store.db import utcnow

    sources = list(load_sources(settings.sources).sources)
    start = utcnow()
    with Store.open(settings.store_path) as store:
        revisit(settings, store, sources, now=start)  # plans every article's revisits
        for hours in (1.1, 3.2, 5.3):
            revisit(settings, store, sources, now=start + timedelta(hours=hours))
        settle(settings, store)
        found = recent_changes(store, ChangesQuery(limit=20))
    lines = ["", "After publication (the sample site changed two pages; revisits replayed 1, 3 and 5 hours on):"]
    lines += [f"  {c.kind:<8} {c.title}" for c in found] or ["  no changes found"]
    lines.append(f"  kabarchy --data-dir {settings.data_dir} changes")
    return "\n".join(lines)


def stored_summary(settings: Settings) -> str:
    """Articles stored per source and language, against what the sample site holds."""
    from pipeline.store import Store

    with Store.open(settings.store_path) as store:
        stored = Counter((row["source_id"], row["language"] or "und") for row in store.iter_articles())
    expected = Counter((a.source_id, a.language) for a in sample_articles())
    lines = ["", "Stored articles (sample site holds):"]
    for source_id, lang in sorted(set(stored) | set(expected)):
        lines.append(f"  {source_id:<20} {lang:<4} {stored[(source_id, lang)]:>3} ({expected[(source_id, lang)]})")
    lines.append(f"  total {sum(stored.values())} of {sum(expected.values())}")
    flag = f"--data-dir {settings.data_dir}"
    lines += ["", "Try:",
              f"  kabarchy {flag} status",
              f"  kabarchy {flag} search ЦИК",
              f"  kabarchy {flag} search шайлоо",
              f"  kabarchy {flag} statements --speaker ЦИК",
              f"  kabarchy {flag} export --format csv | head"]
    return "\n".join(lines)
