"""`kabarchy timeline NAME [NAME ...]`: attention and speech over time, any name in any form."""

from __future__ import annotations

import argparse
import sys
from collections import defaultdict
from dataclasses import replace
from datetime import date, datetime, timedelta

from rich.console import Console
from rich.markup import escape

from indexes.base import Index, TimelineQuery
from indexes.dates import BISHKEK
from indexes.entities import EntityDirectory, EntityInfo, Resolution
from indexes.posts import PostEvidence, TitleFinder, text_posts
from indexes.spikes import entity_spikes
from indexes.timelines import MEASURES, EntitySeries, TimelineError, TimelineRequest, entity_timelines
from kabarchy.commands.entities import open_directory
from kabarchy.commands.render import ask_index
from kabarchy.commands.timeline_output import chart, spike_lines, to_csv, to_json_lines
from kabarchy.entities import describe_posts, resolution_error
from kabarchy.namesakes import Period, narrow
from kabarchy.settings import Settings
from pipeline.analysis.registry import Registry
from pipeline.store import Store

NAME = "timeline"
HELP = "Mentions, share, statements, stories and outlets per day/week/month for entities named any way."
MAX_EVIDENCE = 3  # articles shown per title a text gives a provisional person


def day_arg(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{value!r} is not a date (YYYY-MM-DD)") from None


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("names", nargs="+", metavar="NAME",
                        help="entity ids or names in any form: ЦИК, ЦИКа, БШКнын, CEC, Жапарова, Japarov")
    parser.add_argument("--from", dest="date_from", type=day_arg, metavar="D",
                        help="first day, YYYY-MM-DD in Bishkek time (default: the first bucket with any activity)")
    parser.add_argument("--to", dest="date_to", type=day_arg, metavar="D", help="last day (default: today)")
    parser.add_argument("--interval", choices=("day", "week", "month"), default="day", help="bucket size")
    parser.add_argument("--measure", choices=MEASURES, default="mentions", help="what the chart's bars show")
    parser.add_argument("--by", choices=("source", "language"), help="one series per source or language")
    parser.add_argument("--smooth", type=int, default=1, metavar="K", help="trailing moving average over K buckets")
    parser.add_argument("--source", action="append", default=[], metavar="S", help="only this source (repeatable)")
    parser.add_argument("--lang", action="append", default=[], metavar="LANG", help="only this language (repeatable)")
    out = parser.add_mutually_exclusive_group()
    out.add_argument("--csv", action="store_true", help="CSV: a row per bucket, columns per entity and measure")
    out.add_argument("--json", action="store_true", help="JSON Lines: one object per bucket")


def resolve_names(directory: EntityDirectory, names: list[str], date_from: date | None,
                  date_to: date | None) -> tuple[list[tuple[str, Resolution]], list[str]]:
    """Each name with what it may mean (one entity, or namesakes who held a post in the
    period), and a message for every name that is no entity at all."""
    found: list[tuple[str, Resolution]] = []
    problems = []
    for name in names:
        resolution = directory.resolve(name, date_from=date_from, date_to=date_to)
        if resolution.matches:
            found.append((name, resolution))
        else:
            problems.append(resolution_error(name, resolution, date_from=date_from, date_to=date_to))
    return found, problems


def pick_namesakes(index: Index, settings: Settings, directory: EntityDirectory,
                   resolved: list[tuple[str, Resolution]], period: Period,
                   ) -> tuple[dict[str, tuple[str, EntityInfo]], list[str], list[str]]:
    """id → (the name first typed for it, the entity), notes on namesakes narrowed by the
    period's articles (`kabarchy.namesakes`), and the names still ambiguous."""
    named: dict[str, tuple[str, EntityInfo]] = {}
    notes, problems = [], []
    store = Store.open(settings.store_path) if settings.store_path.exists() else None
    try:
        for name, resolution in resolved:
            entity = resolution.entity
            if entity is None:
                narrowed = narrow(index, store, directory, name, resolution, period)
                (notes if narrowed.entity else problems).append(narrowed.message)
                entity = narrowed.entity
            if entity is not None:
                named.setdefault(entity.id, (name, entity))
    finally:
        if store is not None:
            store.close()
    return named, notes, problems


def first_active(index: Index, entity_ids: list[str], interval: str, date_to: date) -> date | None:
    starts = [buckets[0].start for e in entity_ids
              if (buckets := index.timeline(TimelineQuery(e, interval, None, date_to)))]  # type: ignore[arg-type]
    return min(starts, default=None)


def run(args: argparse.Namespace, settings: Settings) -> int:
    directory = open_directory(settings, NAME)
    if directory is None:
        return 1
    resolved, problems = resolve_names(directory, args.names, args.date_from, args.date_to)
    if problems:
        print("\n".join(f"kabarchy timeline: {p}" for p in problems), file=sys.stderr)
        return 2
    date_to = args.date_to or datetime.now(BISHKEK).date()
    period = Period(args.date_from, date_to, tuple(args.source), tuple(args.lang))
    named: dict[str, tuple[str, EntityInfo]] = {}

    def ask(index: Index) -> tuple[list[EntitySeries], dict[str, set[date]], list[str], date] | None:
        picked, notes, ambiguous = pick_namesakes(index, settings, directory, resolved, period)
        for line in ambiguous or notes:
            print(f"kabarchy timeline: {line}", file=sys.stderr)
        if ambiguous:
            return None
        named.update(picked)
        ids = list(named)
        date_from = args.date_from or first_active(index, ids, args.interval, date_to) or date_to - timedelta(days=365)
        request = TimelineRequest(tuple(ids), date_from, date_to, args.interval, args.smooth,
                                  tuple(args.source), tuple(args.lang), args.by,
                                  distinct=args.csv or args.json or args.measure in ("stories", "outlets"))
        series = [replace(s, label=s.label if named[s.entity_id][0] == s.entity_id else named[s.entity_id][0])
                  for s in entity_timelines(index, request, directory)]
        spikes: dict[str, set[date]] = defaultdict(set)
        lines: list[str] = []
        if args.interval == "day" and not (args.csv or args.json):
            for entity_id in ids:
                found = entity_spikes(index, entity_id, date_from, date_to, directory=directory)
                spikes[entity_id] |= {s.day for s in found}
                lines += spike_lines(sorted(found, key=lambda s: -s.score)[:5])
        return series, spikes, lines, date_from

    try:
        answer, failed = ask_index(settings, NAME, ask)
    except TimelineError as exc:
        print(f"kabarchy timeline: {exc}", file=sys.stderr)
        return 2
    if answer is None:
        return failed or 2  # 2: a name is still ambiguous (the candidates are listed)
    series, spikes, spike_text, date_from = answer
    entities = [entity for _, entity in named.values()]
    if args.json:
        for line in to_json_lines(series, args.interval):
            print(line)
        return 0
    if args.csv:
        sys.stdout.write(to_csv(series, args.interval))
        return 0
    console = Console()
    for line in posts_in_force(settings, directory, entities, date_from, date_to):
        console.print(line)
    title = f"{args.measure} per {args.interval}, {date_from} – {date_to} (Bishkek time)"
    if args.smooth > 1:
        title += f", {args.smooth}-{args.interval} trailing average"
    chart(console, series, args.measure, title=title, spikes=spikes)
    if spike_text:
        console.print("\n[bold]Spikes[/] (robust z-score over the 28 days before; top stories by outlets):")
        for line in spike_text:
            console.print(line)
    return 0


def posts_in_force(settings: Settings, directory: EntityDirectory, entities: list[EntityInfo], date_from: date,
                   date_to: date) -> list[str]:
    """Registry posts held during the period; for provisional persons, the titles the articles
    give them, each with the articles it comes from."""
    lines = []
    evidence = _evidence(settings, directory, [e for e in entities if e.provisional and e.type == "person"],
                         date_from, date_to)
    for entity in entities:
        lines.append(f"[bold]{escape(entity.name('ru'))}[/] [dim]{escape(entity.id)}[/]")
        posts = describe_posts(entity, "ru", date_from, date_to)
        lines += [f"  {escape(p)}" for p in posts]
        by_title: dict[str, list[PostEvidence]] = defaultdict(list)
        for found in evidence.get(entity.id, []):
            by_title[found.title.lower()].append(found)
        for found_list in by_title.values():
            n = len(found_list)
            lines.append(f"  «{escape(found_list[0].title)}» — as the text calls them in {n} article{'s' * (n != 1)}:")
            lines += [f"    {f.day} {escape(f.source)}: {escape(f.headline)} [dim]{escape(f.url)}[/]"
                      for f in found_list[:MAX_EVIDENCE]]
        if not posts and not by_title:
            lines.append("  [dim]no post known for this period[/]")
    return lines


def _evidence(settings: Settings, directory: EntityDirectory, people: list[EntityInfo], date_from: date,
              date_to: date) -> dict[str, list[PostEvidence]]:
    if not people or not settings.store_path.exists():
        return {}
    finder = TitleFinder(Registry.load(settings.entities).roles, directory)
    with Store.open(settings.store_path) as store:
        return {e.id: text_posts(store, e.id, finder, date_from, date_to) for e in people}
