"""Writing articles and their statements into the embedded index, and removing them, keeping
the per-day aggregates (`indexes.sqlite.aggregates`) exact in the same transaction."""

from __future__ import annotations

import sqlite3
from collections import defaultdict
from collections.abc import Sequence
from datetime import datetime

from indexes.base import ArticleDocument, StatementDocument
from indexes.dates import bishkek_day
from indexes.ids import story_of
from indexes.sqlite.aggregates import Deltas, for_article


def _ts(moment: datetime | None) -> int:
    return int(moment.timestamp()) if moment else 0


def _iso_day(moment: datetime | None) -> str | None:
    return bishkek_day(moment).isoformat() if moment else None


def write(conn: sqlite3.Connection, articles: Sequence[ArticleDocument],
          statements: Sequence[StatementDocument]) -> None:
    """Insert (or replace) a batch; the caller holds the transaction."""
    said: dict[str, list[StatementDocument]] = defaultdict(list)
    for s in statements:
        said[s.article_id].append(s)
    deltas = Deltas()
    remove(conn, [a.id for a in articles], deltas)
    for a in articles:
        day = _iso_day(a.published)
        cur = conn.execute(
            """INSERT INTO docs(id, url, language, source, source_name,
                 source_kind, published, published_ts, day, has_statements, cluster_id, versions)
               VALUES (?,?,?,?,?,?,?,?,?,?,?,?)""",
            (a.id, a.url, a.language, a.source, a.source_name,
             a.source_kind, a.published.isoformat() if a.published else None, _ts(a.published),
             day, int(bool(said.get(a.id))), a.cluster_id, a.versions),
        )
        doc = cur.lastrowid
        conn.execute("INSERT INTO bodies(rowid, title, lead, text) VALUES (?,?,?,?)", (doc, a.title, a.lead, a.text))
        conn.execute("INSERT INTO docs_fts(rowid, title, body) VALUES (?,?,?)", (doc, a.title_lemmas, a.text_lemmas))
        story = story_of(a.id, a.cluster_id)
        conn.executemany(
            """INSERT OR IGNORE INTO entities(doc, entity_id, entity_type, name, day, source, language,
                 published_ts, story) VALUES (?,?,?,?,?,?,?,?,?)""",
            [(doc, e.id, e.type, e.name, day, a.source, a.language, _ts(a.published), story) for e in a.entities])
        deltas.add(for_article(day, a.source, a.language, story, ((e.id, e.type) for e in a.entities),
                               ((s.speaker_id, _iso_day(s.published)) for s in said.get(a.id, ()))))
        for s in said.get(a.id, ()):
            cur = conn.execute(
                """INSERT INTO statements(id, doc, article_id, speaker_id, speaker_surface,
                     speaker_post, text, kind, published, published_ts, day, language, source)
                   VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)""",
                (s.id, doc, s.article_id, s.speaker_id, s.speaker_surface, s.speaker_post, s.text,
                 s.kind, s.published.isoformat() if s.published else None, _ts(s.published),
                 _iso_day(s.published), s.language, s.source),
            )
            conn.execute("INSERT INTO statements_fts(rowid, body) VALUES (?,?)", (cur.lastrowid, s.text_lemmas))
    deltas.apply(conn)


def remove(conn: sqlite3.Connection, article_ids: Sequence[str], deltas: Deltas) -> list[str]:
    """Delete articles' rows, taking their counts out of `deltas` (the caller applies them)."""
    removed = []
    for article_id in article_ids:
        row = conn.execute("SELECT rowid FROM docs WHERE id=?", (article_id,)).fetchone()
        if row is None:
            continue
        doc = row[0]
        deltas.take_out(conn, doc)
        conn.execute("DELETE FROM statements_fts WHERE rowid IN (SELECT rowid FROM statements WHERE doc=?)", (doc,))
        conn.execute("DELETE FROM statements WHERE doc=?", (doc,))
        conn.execute("DELETE FROM entities WHERE doc=?", (doc,))
        conn.execute("DELETE FROM docs_fts WHERE rowid=?", (doc,))
        conn.execute("DELETE FROM bodies WHERE rowid=?", (doc,))
        conn.execute("DELETE FROM docs WHERE rowid=?", (doc,))
        removed.append(article_id)
    return removed
