"""The store's story tables: memberships (how each article joined its story) and one summary
row per story, refreshed from its members in the same transaction as every membership change.

A story's id is the id of the article that founded it. Every change is one transaction, so a
run killed at any point leaves each article either fully assigned or not at all.
"""

from __future__ import annotations

import json
import sqlite3
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Any

from pipeline.store.db import iso, transaction, utcnow

RELATIONS = ("first", "reprint", "rewrite", "translation")
# An article's moment: its publication time, else when it was fetched, else discovered.
ARTICLE_MOMENT = "COALESCE(a.published_utc, a.fetched_at, a.discovered_at)"


@dataclass(frozen=True)
class Membership:
    """One article's place in a story, as the story stage decided it."""

    article_id: str
    story_id: str
    relation: str  # first | reprint | rewrite | translation
    score: float
    at: datetime  # the article's moment (UTC)
    matched_to: str | None = None
    attributed_to: str | None = None  # source id named by an attribution line
    content_hash: str | None = None
    features: bytes | None = None


class StoryRecords:
    """Story methods of `Store` (kept apart: the store's article side is long enough)."""

    conn: sqlite3.Connection

    # ------------------------------------------------------------------ writes
    def story_pending(self, limit: int = -1) -> list[sqlite3.Row]:
        """Analysed articles with no membership, or assigned with a text they no longer have
        (re-extracted), in the order the stage must take them: by their moment, then id. Texts
        are not read here (a restory of the whole store would hold them all): read one at a time."""
        return list(self.conn.execute(
            f"""SELECT a.id, a.source_id, a.language, a.content_hash,
                       {ARTICLE_MOMENT} AS moment, m.story_id AS old_story
                FROM articles a LEFT JOIN story_members m ON m.article_id = a.id
                WHERE a.stage = 'analysed' AND a.duplicate_of IS NULL
                  AND (m.article_id IS NULL OR COALESCE(m.content_hash, '') <> COALESCE(a.content_hash, ''))
                ORDER BY moment, a.id LIMIT ?""", (limit,)))

    def save_membership(self, m: Membership) -> None:
        """Put an article in a story (replacing an older membership) and refresh both stories."""
        if m.relation not in RELATIONS:
            raise ValueError(f"unknown story relation {m.relation!r}")
        with transaction(self.conn):
            old = self.conn.execute("SELECT story_id FROM story_members WHERE article_id=?",
                                    (m.article_id,)).fetchone()
            self.conn.execute(
                """INSERT INTO story_members(article_id, story_id, relation, score, matched_to, attributed_to,
                       at, content_hash, features, assigned_at) VALUES (?,?,?,?,?,?,?,?,?,?)
                   ON CONFLICT(article_id) DO UPDATE SET story_id=excluded.story_id,
                       relation=excluded.relation, score=excluded.score, matched_to=excluded.matched_to,
                       attributed_to=excluded.attributed_to, at=excluded.at,
                       content_hash=excluded.content_hash, features=excluded.features,
                       assigned_at=excluded.assigned_at""",
                (m.article_id, m.story_id, m.relation, round(m.score, 4), m.matched_to, m.attributed_to,
                 iso(m.at.astimezone(timezone.utc)), m.content_hash, m.features, iso(utcnow())))
            if old is not None and old[0] != m.story_id:
                self._refresh_story(old[0])
            if old is not None or not self._join_story(m):
                self._refresh_story(m.story_id)

    def clear_stories(self, since: datetime | None = None) -> int:
        """Drop memberships of articles at or after `since` (all without it) and the stories
        left empty, for `restory`; returns how many memberships were dropped."""
        with transaction(self.conn):
            if since is None:
                n = self.conn.execute("DELETE FROM story_members").rowcount
                self.conn.execute("DELETE FROM stories")
                return n
            cut = iso(since.astimezone(timezone.utc))
            touched = [r[0] for r in self.conn.execute(
                "SELECT DISTINCT story_id FROM story_members WHERE at >= ?", (cut,))]
            n = self.conn.execute("DELETE FROM story_members WHERE at >= ?", (cut,)).rowcount
            for story_id in touched:
                self._refresh_story(story_id)
            return n

    def _join_story(self, m: Membership) -> bool:
        """Update the summary of the story a new latest member joins from the summary itself and
        that member, without reading the other members (a story of 500 reprints would be read
        500 times). False when this does not apply (a new story, a member not the latest, an
        attribution that may change the first publisher): the caller recomputes in full."""
        row = self.conn.execute(
            """SELECT s.first_article_id, s.first_publisher, s.headlines_json, s.last_seen, s.articles,
                      s.outlets_json, s.languages_json, a.source_id, a.language, a.title
               FROM stories s, articles a WHERE s.id=? AND a.id=?""", (m.story_id, m.article_id)).fetchone()
        at = iso(m.at.astimezone(timezone.utc))
        if row is None or at <= row["last_seen"] or m.attributed_to not in (None, row["first_publisher"]):
            return False
        publisher, source, lang = row["first_publisher"], row["source_id"], row["language"] or "und"
        outlets, languages = json.loads(row["outlets_json"]), json.loads(row["languages_json"])
        headlines: dict[str, str] = json.loads(row["headlines_json"])
        first = row["first_article_id"]
        if source == publisher and publisher not in outlets:  # the named first publisher's own article, at last
            first, outlets = m.article_id, [publisher, *outlets]
        if lang not in headlines or (source == publisher and not self.conn.execute(
                """SELECT 1 FROM story_members sm JOIN articles a ON a.id = sm.article_id
                   WHERE sm.story_id=? AND sm.article_id<>? AND a.source_id=? AND COALESCE(a.language, 'und')=?
                   LIMIT 1""", (m.story_id, m.article_id, publisher, lang)).fetchone()):
            headlines[lang] = (row["title"] or "").strip()  # the first publisher's own title wins its language
        if source not in outlets:
            outlets.append(source)
        if lang not in languages:
            languages.append(lang)
        self.conn.execute(
            """UPDATE stories SET first_article_id=?, headlines_json=?, last_seen=?, articles=?, outlets_json=?,
                   languages_json=?, outlet_count=?, updated_at=? WHERE id=?""",
            (first, json.dumps(headlines, ensure_ascii=False), at, row["articles"] + 1, json.dumps(outlets),
             json.dumps(languages), len(outlets), iso(utcnow()), m.story_id))
        return True

    def _refresh_story(self, story_id: str) -> None:
        """Recompute a story's summary row from its members; an empty story is deleted."""
        members = self.conn.execute(
            """SELECT m.article_id, m.attributed_to, m.at, a.source_id, a.language, a.title
               FROM story_members m JOIN articles a ON a.id = m.article_id
               WHERE m.story_id=? ORDER BY m.at, m.article_id""", (story_id,)).fetchall()
        if not members:
            self.conn.execute("DELETE FROM stories WHERE id=?", (story_id,))
            return
        publisher, first = _first_publisher(members)
        headlines: dict[str, str] = {}
        for lang in dict.fromkeys(r["language"] or "und" for r in members):
            in_lang = [r for r in members if (r["language"] or "und") == lang]
            own = [r for r in in_lang if r["source_id"] == publisher]
            headlines[lang] = ((own or in_lang)[0]["title"] or "").strip()
        outlets = list(dict.fromkeys([publisher, *(r["source_id"] for r in members)]))
        if publisher not in {r["source_id"] for r in members}:
            outlets.remove(publisher)  # named by attribution lines but not itself stored
        languages = list(dict.fromkeys(r["language"] or "und" for r in members))
        self.conn.execute(
            """INSERT INTO stories(id, first_article_id, first_publisher, headlines_json, first_seen, last_seen,
                   articles, outlets_json, languages_json, outlet_count, updated_at)
               VALUES (?,?,?,?,?,?,?,?,?,?,?)
               ON CONFLICT(id) DO UPDATE SET first_article_id=excluded.first_article_id,
                   first_publisher=excluded.first_publisher, headlines_json=excluded.headlines_json,
                   first_seen=excluded.first_seen, last_seen=excluded.last_seen, articles=excluded.articles,
                   outlets_json=excluded.outlets_json, languages_json=excluded.languages_json,
                   outlet_count=excluded.outlet_count, updated_at=excluded.updated_at""",
            (story_id, first["article_id"], publisher, json.dumps(headlines, ensure_ascii=False),
             members[0]["at"], members[-1]["at"], len(members), json.dumps(outlets),
             json.dumps(languages), len(outlets), iso(utcnow())))

    # ------------------------------------------------------------------- reads
    def story_window(self, since: datetime) -> Iterator[sqlite3.Row]:
        """Members whose moment is at or after `since`, with their features, oldest first:
        what the stage matches new articles against."""
        yield from self.conn.execute(
            """SELECT m.article_id, m.story_id, m.at, m.features, a.source_id, a.language
               FROM story_members m JOIN articles a ON a.id = m.article_id
               WHERE m.at >= ? ORDER BY m.at, m.article_id""", (iso(since.astimezone(timezone.utc)),))

    def story_row(self, story_id: str) -> sqlite3.Row | None:
        return self.conn.execute("SELECT * FROM stories WHERE id=?", (story_id,)).fetchone()

    def story_member_rows(self, story_id: str) -> list[sqlite3.Row]:
        """A story's articles in time order, with how each joined."""
        return list(self.conn.execute(
            """SELECT m.*, a.source_id, a.language, a.title, COALESCE(a.final_url, a.url) AS url, a.published
               FROM story_members m JOIN articles a ON a.id = m.article_id
               WHERE m.story_id=? ORDER BY m.at, m.article_id""", (story_id,)))

    def story_ids_of(self, article_ids: Sequence[str]) -> dict[str, str]:
        """article id → story id, for the ids that have one."""
        out: dict[str, str] = {}
        for i in range(0, len(article_ids), 500):
            chunk = list(article_ids[i:i + 500])
            out.update(self.conn.execute(
                f"SELECT article_id, story_id FROM story_members WHERE article_id IN ({','.join('?' * len(chunk))})",
                chunk).fetchall())
        return out

    def stories_between(self, start: datetime, end: datetime, *, language: str | None = None,
                        min_outlets: int = 1, limit: int = 50) -> list[sqlite3.Row]:
        """Stories with an article in [start, end), most outlets first (then most articles,
        then earliest)."""
        sql = """SELECT * FROM stories WHERE last_seen >= ? AND first_seen < ? AND outlet_count >= ?
                   AND EXISTS (SELECT 1 FROM story_members m WHERE m.story_id = stories.id
                               AND m.at >= ? AND m.at < ?)"""
        lo, hi = iso(start.astimezone(timezone.utc)), iso(end.astimezone(timezone.utc))
        args: list[Any] = [lo, hi, min_outlets, lo, hi]
        if language:
            sql += " AND EXISTS (SELECT 1 FROM json_each(stories.languages_json) WHERE value = ?)"
            args.append(language)
        sql += " ORDER BY outlet_count DESC, articles DESC, first_seen, id LIMIT ?"
        args.append(limit)
        return list(self.conn.execute(sql, args))


def _first_publisher(members: Sequence[sqlite3.Row]) -> tuple[str, sqlite3.Row]:
    """Who published first: the source the members' attribution lines name most (earliest
    named wins a tie), else the earliest member's source. Returns it and its first article
    (the earliest member when the named source is not itself stored)."""
    named = Counter(r["attributed_to"] for r in members if r["attributed_to"])
    if named:
        order = {source: i for i, source in enumerate(dict.fromkeys(
            r["attributed_to"] for r in members if r["attributed_to"]))}
        publisher = min(named, key=lambda s: (-named[s], order[s]))
        own = [r for r in members if r["source_id"] == publisher]
        return publisher, (own[0] if own else members[0])
    return members[0]["source_id"], members[0]


def moment_of(raw: str) -> datetime:
    """A stored ISO moment as an aware datetime (naive ones are UTC)."""
    moment = datetime.fromisoformat(raw)
    return moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)
