"""The store's analysis records: each article's mentions and statements, and provisional entities.

Kept apart from `Store` (a mixin on the same connection, like `StoryRecords`) because these
tables are the analysis stage's part of the record: it alone writes them, re-analysing an
article replaces its rows in one transaction, and ingest never touches them.
"""

from __future__ import annotations

import sqlite3

from pipeline.records import Analysis, Mention, Statement
from pipeline.store.db import iso, transaction, utcnow


class AnalysisRecords:
    """Analysis methods of `Store`."""

    conn: sqlite3.Connection

    def save_analysis(self, article_id: str, analysis: Analysis) -> None:
        """Replace an article's mentions and statements (re-analysis is idempotent)."""
        with transaction(self.conn):
            self.conn.execute("DELETE FROM mentions WHERE article_id=?", (article_id,))
            self.conn.execute("DELETE FROM statements WHERE article_id=?", (article_id,))
            self.conn.executemany(
                """INSERT INTO mentions(article_id, seq, entity_id, entity_type, name, surface, start,
                     "end", sentence, method) VALUES (?,?,?,?,?,?,?,?,?,?)""",
                [(article_id, i, m.entity_id, m.entity_type, m.name, m.surface, m.start, m.end,
                  m.sentence, m.method) for i, m in enumerate(analysis.mentions)],
            )
            self.conn.executemany(
                """INSERT INTO statements(article_id, seq, speaker_id, speaker_surface, speaker_post,
                     text, kind, cue, start, "end", speaker_reason) VALUES (?,?,?,?,?,?,?,?,?,?,?)""",
                [(article_id, i, s.speaker_id, s.speaker_surface, s.speaker_post, s.text, s.kind,
                  s.cue, s.start, s.end, s.speaker_reason) for i, s in enumerate(analysis.statements)],
            )
            self.conn.execute(
                """UPDATE articles SET stage='analysed', analyzer_version=?, attempts=0, next_retry=NULL,
                     last_error=NULL, updated_at=? WHERE id=?""",
                (analysis.analyzer_version, iso(utcnow()), article_id),
            )

    def mentions(self, article_id: str) -> list[Mention]:
        rows = self.conn.execute('SELECT * FROM mentions WHERE article_id=? ORDER BY seq', (article_id,))
        return [Mention(r["entity_id"], r["entity_type"], r["name"], r["surface"], r["start"], r["end"],
                        r["sentence"], r["method"]) for r in rows]

    def statements(self, article_id: str) -> list[Statement]:
        rows = self.conn.execute('SELECT * FROM statements WHERE article_id=? ORDER BY seq', (article_id,))
        return [Statement(r["speaker_id"], r["speaker_surface"], r["speaker_post"], r["text"], r["kind"],
                          r["cue"], r["start"], r["end"], r["speaker_reason"]) for r in rows]

    def provisional_entity(self, entity_id: str, type_: str, name: str) -> None:
        self.conn.execute(
            "INSERT INTO provisional_entities(id, type, name, first_seen) VALUES (?,?,?,?) "
            "ON CONFLICT(id) DO NOTHING",
            (entity_id, type_, name, iso(utcnow())),
        )

    def entity_mentions(self, entity_id: str, since_utc: str | None = None, until_utc: str | None = None,
                        limit: int = 200) -> list[sqlite3.Row]:
        """An entity's mentions with their article (text, language, source, URL, dates), newest
        first, published in [since_utc, until_utc) when given (ISO 8601 UTC)."""
        return list(self.conn.execute(
            """SELECT m.article_id, m.surface, m.start, m."end", a.text, a.language, a.source_id, a.title,
                      COALESCE(a.final_url, a.url) AS url, a.published_utc
               FROM mentions m JOIN articles a ON a.id = m.article_id
               WHERE m.entity_id = ? AND a.duplicate_of IS NULL
                 AND (? IS NULL OR a.published_utc >= ?) AND (? IS NULL OR a.published_utc < ?)
               ORDER BY a.published_utc DESC, m.article_id, m.seq LIMIT ?""",
            (entity_id, since_utc, since_utc, until_utc, until_utc, limit)))

    def provisional_entities(self) -> list[tuple[str, str, str]]:
        """(id, type, name) of every provisional entity, for the entity directory."""
        return [tuple(r) for r in self.conn.execute("SELECT id, type, name FROM provisional_entities ORDER BY id")]
