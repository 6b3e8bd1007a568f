"""The shared reading of one day for the digest: statements (copies folded) and source health."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING

from indexes.base import Index, StatementQuery
from indexes.dates import day_start_utc

if TYPE_CHECKING:
    from indexes.entities import EntityDirectory
    from pipeline.store import Store

SPEAKER_TYPES = ("person", "body", "party")  # registry officials, state bodies and parties
PAGE = 500


@dataclass(frozen=True)
class DayStatement:
    """One statement of the day; reprints of the same words by other outlets are folded into it."""

    id: str
    article_id: str
    speaker_id: str
    speaker_surface: str
    speaker_post: str
    text: str
    kind: str
    published: datetime | None
    source: str
    source_name: str
    url: str
    title: str
    outlets: int = 1  # outlets that carried these words


@dataclass(frozen=True)
class SourceHealth:
    id: str
    name: str
    kind: str
    articles: int  # published that day
    errors: int  # feed and fetch errors logged that day
    last_error: str
    status: str  # failed | silent


def _day_bounds(day: date) -> tuple[str, str]:
    return day_start_utc(day).isoformat(), day_start_utc(day + timedelta(days=1)).isoformat()


def day_sources(store: Store) -> dict[str, tuple[str, str]]:
    return {r[0]: (r[1], r[2]) for r in store.conn.execute("SELECT id, name, kind FROM sources")}


def speaker_kind(speaker_id: str | None, directory: EntityDirectory | None) -> str | None:
    """The speaker's type when it is a registry person, body or party; None for everyone else."""
    if not speaker_id or speaker_id.startswith("prov-"):
        return None
    if directory is None:
        return "person"
    info = directory.get(speaker_id)
    if info is None or info.provisional or info.type not in SPEAKER_TYPES:
        return None
    return info.type


_FOLD = re.compile(r"[\W_]+", re.UNICODE)


def _fold(text: str) -> str:
    return _FOLD.sub(" ", text.lower().replace("ё", "е")).strip()[:240]


def day_statements(index: Index, store: Store, day: date) -> list[DayStatement]:
    """Every statement of the day with a linked speaker, the same words from several outlets folded."""
    hits = []
    offset = 0
    while True:
        result = index.statements(StatementQuery(date_from=day, date_to=day, limit=PAGE, offset=offset))
        hits.extend(h for h in result.hits if h.speaker_id)
        offset += PAGE
        if len(result.hits) < PAGE or offset >= 10_000:
            break
    articles = _articles(store, sorted({h.article_id for h in hits}))
    folded: dict[tuple[str, str], list] = {}
    for h in hits:
        folded.setdefault((h.speaker_id or "", _fold(h.text)), []).append(h)
    out = []
    for copies in folded.values():
        copies.sort(key=lambda h: (h.published.timestamp() if h.published else float("inf"), h.id))
        first = copies[0]
        source, source_name, url, title = articles.get(first.article_id, ("", "", "", ""))
        outlets = {articles.get(h.article_id, ("",))[0] for h in copies}
        out.append(DayStatement(
            id=first.id, article_id=first.article_id, speaker_id=first.speaker_id or "",
            speaker_surface=first.speaker_surface, speaker_post=first.speaker_post, text=first.text,
            kind=first.kind, published=first.published, source=source, source_name=source_name, url=url,
            title=title, outlets=len(outlets)))
    return out


def _articles(store: Store, ids: list[str]) -> dict[str, tuple[str, str, str, str]]:
    out: dict[str, tuple[str, str, str, str]] = {}
    for i in range(0, len(ids), 500):
        chunk = ids[i:i + 500]
        rows = store.conn.execute(
            f"""SELECT a.id, a.source_id, COALESCE(s.name, a.source_id), COALESCE(a.final_url, a.url),
                       COALESCE(a.title, '') FROM articles a LEFT JOIN sources s ON s.id = a.source_id
                WHERE a.id IN ({','.join('?' * len(chunk))})""", chunk)
        out.update((r[0], (r[1], r[2], r[3], r[4])) for r in rows)
    return out


def source_health(store: Store, day: date) -> tuple[list[SourceHealth], int]:
    """Sources that failed (feed or fetch errors that day) or published nothing; and the day's total."""
    lo, hi = _day_bounds(day)
    published = dict(store.conn.execute(
        """SELECT source_id, COUNT(*) FROM articles WHERE duplicate_of IS NULL
             AND stage IN ('extracted','analysed') AND COALESCE(published_utc, fetched_at) >= ?
             AND COALESCE(published_utc, fetched_at) < ? GROUP BY source_id""", (lo, hi)).fetchall())
    errors: dict[str, tuple[int, str]] = {}
    for sid, count, last_id in store.conn.execute(
            """SELECT source_id, COUNT(*), MAX(id) FROM errors
               WHERE at >= ? AND at < ? AND stage IN ('feed','fetch','config') AND source_id IS NOT NULL
               GROUP BY source_id""", (lo, hi)).fetchall():
        kind, message = store.conn.execute("SELECT kind, message FROM errors WHERE id=?", (last_id,)).fetchone()
        errors[sid] = (count, f"{kind}: {message}")
    out = []
    for sid, name, kind in store.conn.execute("SELECT id, name, kind FROM sources ORDER BY id"):
        count, last = errors.get(sid, (0, ""))
        if count or not published.get(sid):
            out.append(SourceHealth(sid, name, kind, published.get(sid, 0), count, last[:300],
                                    "failed" if count else "silent"))
    out.sort(key=lambda h: (h.status != "failed", h.id))
    return out, sum(published.values())
