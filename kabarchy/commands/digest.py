"""`kabarchy digest`: a day's digest — shown, written to a folder, or sent (exactly once) to subscribers."""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path

from digest.message import build_email, message_id
from digest.outbox import file_stem
from digest.render import render
from digest.sendlog import send_key
from digest.subscriptions import Subscription, SubscriptionsError
from indexes.base import IndexError_
from indexes.dates import bishkek_day
from indexes.digest import SECTIONS, as_dict
from kabarchy.digests import DigestSession, session
from kabarchy.settings import Settings
from pipeline.store.db import utcnow

NAME = "digest"
HELP = "A day's digest: print it, write it to a folder, or send it to the subscribers (exactly once)."


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--date", type=date.fromisoformat, metavar="YYYY-MM-DD",
                        help="the Bishkek day (default: yesterday)")
    parser.add_argument("--lang", choices=("ru", "ky", "en"), default=None,
                        help="language for printing, or for a --to address that is not subscribed (default ru)")
    parser.add_argument("--send", action="store_true",
                        help="send to the daily subscribers (SMTP, else data/outbox/); already sent: skipped")
    parser.add_argument("--to", metavar="ADDRESS", help="only this subscriber (or this address, as a reader without a watch)")
    parser.add_argument("--out", type=Path, metavar="DIR", help="write each subscriber's .eml and .html here (not logged)")
    parser.add_argument("--json", action="store_true", help="print the selection as JSON")
    parser.add_argument("--alerts", action="store_true", help="prepare and send the instant alerts now")


def _reader(address: str | None, lang: str | None, subs: tuple[Subscription, ...]) -> list[Subscription]:
    if address is None:
        return list(subs)
    found = [s for s in subs if address.lower() in ((s.email or "").lower(), (s.webhook or "").lower())]
    if found:
        return [replace(s, language=lang or s.language) for s in found]
    return [Subscription(email=address, webhook=None, name="", language=lang or "ru", frequency="daily",
                         entities=(), keywords=(), sections=SECTIONS, max_stories=10, line=0)]


def run(args: argparse.Namespace, settings: Settings) -> int:
    day = args.date or bishkek_day(utcnow()) - timedelta(days=1)
    try:
        with session(settings) as s:
            for problem in s.subscriptions.problems:
                print(f"kabarchy digest: {problem}", file=sys.stderr)
            status = 1 if s.subscriptions.problems else 0
            subs = s.subscriptions.subscriptions
            if args.alerts:
                report = s.editions.alerts([x for x in subs if x.frequency == "instant"])
                delivered = s.deliver()
                print(json.dumps({"prepared": report.prepared, "nothing_new": report.nothing_new,
                                  **delivered.as_dict()}, ensure_ascii=False))
                return 1 if delivered.failed else status
            if args.send:
                readers = _reader(args.to, args.lang, tuple(x for x in subs if x.frequency == "daily")
                                  if args.to is None else subs)
                report = s.editions.daily(day, readers)
                delivered = s.deliver()
                print(json.dumps({"day": day.isoformat(), "prepared": report.prepared, "already_sent": report.already,
                                  "nothing_to_send": report.nothing_new, **delivered.as_dict()}, ensure_ascii=False))
                return 1 if delivered.failed or delivered.retrying else status
            if args.out:
                return _write(s, day, _reader(args.to, args.lang, subs) or _reader("reader@localhost", args.lang, ()),
                              args.out) or status
            reader = (_reader(args.to, args.lang, subs) if args.to else []) or \
                _reader("reader@localhost", args.lang, ())
            content = s.editions.select(reader[0], day)
            if args.json:
                print(json.dumps(as_dict(content), ensure_ascii=False, indent=2))
            else:
                print(render(content, sections=reader[0].sections, links=s.editions.links,
                             recipient=reader[0].label).text)
            return status
    except SubscriptionsError as exc:
        print(f"kabarchy digest: {exc}", file=sys.stderr)
        return 2
    except IndexError_ as exc:
        print(f"kabarchy digest: search index unavailable: {exc}", file=sys.stderr)
        return 3


def _write(s: DigestSession, day: date, readers: list[Subscription], folder: Path) -> int:
    """Preview files: what each reader would get, written without touching the send log."""
    folder.mkdir(parents=True, exist_ok=True)
    for sub in readers:
        content = s.editions.select(sub, day)
        to = sub.label
        send_id = send_key("preview", to, "daily", day.isoformat())
        rendered = render(content, sections=sub.sections, links=s.editions.links, recipient=to)
        payload = build_email(rendered, to=to, from_address=s.editions.from_address,
                              msg_id=message_id(send_id, s.editions.from_address), links=s.editions.links,
                              lang=sub.language)
        stem = file_stem(day.isoformat(), "daily", sub.language, to)
        (folder / f"{stem}.eml").write_bytes(payload)
        (folder / f"{stem}.html").write_text(rendered.html, encoding="utf-8")
        print(folder / f"{stem}.eml")
    return 0
