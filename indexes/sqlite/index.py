"""The embedded index: SQLite FTS5 files in the data folder, no server.

Each version is its own file (`fts-0001.sqlite`, ...); the file named in `CURRENT` is live.
`rebuild()` fills a new version beside it and replaces `CURRENT` atomically (os.replace), and
every reader checks `CURRENT` before answering, so searches keep working through a rebuild and
move to the new version on their next call.
"""

from __future__ import annotations

import dataclasses
import os
import re
import sqlite3
import threading
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from datetime import date, datetime
from pathlib import Path

from indexes.base import (
    ArticleDocument,
    CoMention,
    DocumentBatch,
    EntityCountsQuery,
    EntityDayCounts,
    FacetBucket,
    Facets,
    Hit,
    IndexStats,
    IndexUnavailable,
    QueryError,
    SearchQuery,
    SearchResult,
    StatementDocument,
    StatementHit,
    StatementQuery,
    StatementResult,
    StoryCount,
    TimelineBucket,
    TimelineQuery,
)
from indexes.dates import bishkek_day
from indexes.documents import searchable_body
from indexes.highlight import mark_all, snippet
from indexes.query import ParsedQuery, check_page, parse_query
from indexes.sqlite.compile import FtsMatch, compile_match
from indexes.sqlite.schema import DDL, SCHEMA_VERSION
from indexes.sqlite.stories import STORY_KEY, collapsed_page
from indexes.sqlite.where import Where
from indexes.sqlite.aggregates import Deltas, for_article
from indexes.sqlite.timelines import read_entity_counts, read_entity_stories, read_timeline
from indexes.ids import story_of

POINTER = "CURRENT"
_VERSION_RE = re.compile(r"^fts-(\d{4,})\.sqlite$")
TITLE_WEIGHT = 3.0  # bm25 column weights: a word in the title counts three times one in the body


def _connect(path: Path) -> sqlite3.Connection:
    conn = sqlite3.connect(path, timeout=30, isolation_level=None, check_same_thread=False)
    conn.row_factory = sqlite3.Row
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("PRAGMA synchronous=NORMAL")
    conn.execute("PRAGMA temp_store=MEMORY")
    conn.execute("PRAGMA cache_size=-65536")  # 64 MiB
    return conn


def _ts(moment: datetime | None) -> int:
    return int(moment.timestamp()) if moment else 0


def _iso_day(moment: datetime | None) -> str | None:
    return bishkek_day(moment).isoformat() if moment else None


class SqliteIndex:
    """The `Index` contract over SQLite FTS5. Construction does no I/O; `open()` does."""

    name = "sqlite"

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self._conn: sqlite3.Connection | None = None
        self._file: str | None = None
        self._checked: str | None = None  # the version file whose schema was checked
        self._lock = threading.RLock()

    # ------------------------------------------------------------ versions
    def _pointer(self) -> str | None:
        try:
            return (self.folder / POINTER).read_text(encoding="utf-8").strip() or None
        except FileNotFoundError:
            return None

    def _versions(self) -> list[str]:
        if not self.folder.exists():
            return []
        return sorted((p.name for p in self.folder.iterdir() if _VERSION_RE.match(p.name)),
                      key=lambda n: int(_VERSION_RE.match(n).group(1)))  # type: ignore[union-attr]

    def _next_version(self) -> str:
        versions = self._versions()
        last = int(_VERSION_RE.match(versions[-1]).group(1)) if versions else 0  # type: ignore[union-attr]
        return f"fts-{last + 1:04d}.sqlite"

    def _create(self, file: str) -> sqlite3.Connection:
        conn = _connect(self.folder / file)
        conn.executescript(DDL)
        conn.execute("INSERT OR REPLACE INTO meta(key, value) VALUES ('schema', ?)", (SCHEMA_VERSION,))
        return conn

    def _point_to(self, file: str) -> None:
        tmp = self.folder / f"{POINTER}.tmp"
        tmp.write_text(file + "\n", encoding="utf-8")
        os.replace(tmp, self.folder / POINTER)

    def open(self) -> None:
        with self._lock:
            try:
                self.folder.mkdir(parents=True, exist_ok=True)
                if self._pointer() is None:
                    file = self._next_version()
                    self._create(file).close()
                    self._point_to(file)
                self._live()
            except (OSError, sqlite3.Error) as exc:
                raise IndexUnavailable(f"cannot open the SQLite index in {self.folder}: {exc}") from exc

    def _check_schema(self, conn: sqlite3.Connection) -> None:
        """An index file written by an older build lacks tables this one keeps up to date."""
        row = conn.execute("SELECT value FROM meta WHERE key = 'schema'").fetchone()
        if row is None or row[0] != SCHEMA_VERSION:
            found = row[0] if row else "unknown"
            raise IndexUnavailable(f"the SQLite index in {self.folder} has schema {found}; this version needs "
                                   f"{SCHEMA_VERSION}: run `kabarchy reindex` to rebuild it from the store")

    def close(self) -> None:
        with self._lock:
            if self._conn is not None:
                self._conn.close()
            self._conn, self._file = None, None

    def _live(self) -> sqlite3.Connection:
        """The connection to the version `CURRENT` names, reopened when it has changed."""
        file = self._pointer()
        if file is None:
            raise IndexUnavailable(f"no SQLite index in {self.folder} (run `kabarchy reindex`)")
        if self._conn is None or file != self._file:
            if self._conn is not None:
                self._conn.close()
            self._conn, self._file = _connect(self.folder / file), file
        return self._conn

    @contextmanager
    def _reading(self) -> Iterator[sqlite3.Connection]:
        with self._lock:
            try:
                conn = self._live()
                if self._checked != self._file:  # once per version file; `rebuild` never needs it
                    self._check_schema(conn)
                    self._checked = self._file
                yield conn
            except sqlite3.OperationalError as exc:
                raise IndexUnavailable(f"the SQLite index cannot answer: {exc}") from exc

    # --------------------------------------------------------------- writes
    @staticmethod
    def _write(conn: sqlite3.Connection, articles: Sequence[ArticleDocument],
               statements: Sequence[StatementDocument]) -> None:
        said: dict[str, list[StatementDocument]] = defaultdict(list)
        for s in statements:
            said[s.article_id].append(s)
        deltas = Deltas()
        SqliteIndex._remove(conn, [a.id for a in articles], deltas)
        for a in articles:
            cur = conn.execute(
                """INSERT INTO docs(id, url, language, source, source_name,
                     source_kind, published, published_ts, day, has_statements, cluster_id, versions)
                   VALUES (?,?,?,?,?,?,?,?,?,?,?,?)""",
                (a.id, a.url, a.language, a.source, a.source_name,
                 a.source_kind, a.published.isoformat() if a.published else None, _ts(a.published),
                 _iso_day(a.published), int(bool(said.get(a.id))), a.cluster_id, a.versions),
            )
            doc = cur.lastrowid
            conn.execute("INSERT INTO bodies(rowid, title, lead, text) VALUES (?,?,?,?)", (doc, a.title, a.lead, a.text))
            conn.execute("INSERT INTO docs_fts(rowid, title, body) VALUES (?,?,?)",
                         (doc, a.title_lemmas, a.text_lemmas))
            story = story_of(a.id, a.cluster_id)
            conn.executemany(
                """INSERT OR IGNORE INTO entities(doc, entity_id, entity_type, name, day, source, language,
                     published_ts, story) VALUES (?,?,?,?,?,?,?,?,?)""",
                [(doc, e.id, e.type, e.name, _iso_day(a.published), a.source, a.language, _ts(a.published), story)
                 for e in a.entities])
            deltas.add(for_article(_iso_day(a.published), a.source, a.language, story, (e.id for e in a.entities),
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
                conn.execute("INSERT INTO statements_fts(rowid, body) VALUES (?,?)",
                             (cur.lastrowid, s.text_lemmas))
        deltas.apply(conn)

    @staticmethod
    def _remove(conn: sqlite3.Connection, article_ids: Sequence[str], deltas: Deltas) -> list[str]:
        """Delete articles' rows, taking their counts out of `deltas` (the caller applies them)."""
        removed = []
        for article_id in article_ids:
            row = conn.execute("SELECT rowid FROM docs WHERE id=?", (article_id,)).fetchone()
            if row is None:
                continue
            doc = row[0]
            deltas.take_out(conn, doc)
            conn.execute("DELETE FROM statements_fts WHERE rowid IN (SELECT rowid FROM statements WHERE doc=?)",
                         (doc,))
            conn.execute("DELETE FROM statements WHERE doc=?", (doc,))
            conn.execute("DELETE FROM entities WHERE doc=?", (doc,))
            conn.execute("DELETE FROM docs_fts WHERE rowid=?", (doc,))
            conn.execute("DELETE FROM bodies WHERE rowid=?", (doc,))
            conn.execute("DELETE FROM docs WHERE rowid=?", (doc,))
            removed.append(article_id)
        return removed

    def index(self, articles: Sequence[ArticleDocument], statements: Sequence[StatementDocument]) -> list[str]:
        with self._reading() as conn:
            conn.execute("BEGIN IMMEDIATE")
            try:
                self._write(conn, articles, statements)
            except BaseException:
                conn.execute("ROLLBACK")
                raise
            conn.execute("COMMIT")
        return [a.id for a in articles]

    def delete(self, article_ids: Sequence[str]) -> list[str]:
        """Remove articles (and their statements); ids not in the index count as done."""
        with self._reading() as conn:
            conn.execute("BEGIN IMMEDIATE")
            deltas = Deltas()
            self._remove(conn, article_ids, deltas)
            deltas.apply(conn)
            conn.execute("COMMIT")
        return list(article_ids)

    def refresh(self) -> None:
        """Nothing to do: a committed write is visible at once."""

    def rebuild(self, batches: Iterable[DocumentBatch]) -> int:
        self.folder.mkdir(parents=True, exist_ok=True)
        file = self._next_version()
        conn = self._create(file)
        count = 0
        try:
            conn.execute("PRAGMA synchronous=OFF")  # a crashed rebuild is simply thrown away
            for articles, statements in batches:
                conn.execute("BEGIN")
                self._write(conn, articles, statements)
                conn.execute("COMMIT")
                count += len(articles)
            conn.execute("INSERT INTO docs_fts(docs_fts) VALUES ('optimize')")
            conn.execute("INSERT INTO statements_fts(statements_fts) VALUES ('optimize')")
            conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        except BaseException:
            conn.close()
            self._discard(file)
            raise
        conn.close()
        with self._lock:
            previous = self._pointer()
            self._point_to(file)
            self._live()
        for old in self._versions():
            if old not in (file, previous):  # keep the previous one for readers still on it
                self._discard(old)
        return count

    def _discard(self, file: str) -> None:
        for suffix in ("", "-wal", "-shm"):
            (self.folder / (file + suffix)).unlink(missing_ok=True)

    def drop(self) -> None:
        self.close()
        for file in self._versions():
            self._discard(file)
        (self.folder / POINTER).unlink(missing_ok=True)

    # ---------------------------------------------------------------- reads
    def ids(self) -> set[str]:
        with self._reading() as conn:
            return {r[0] for r in conn.execute("SELECT id FROM docs")}

    def stats(self) -> IndexStats:
        with self._reading() as conn:
            articles = conn.execute("SELECT COUNT(*) FROM docs").fetchone()[0]
            statements = conn.execute("SELECT COUNT(*) FROM statements").fetchone()[0]
            return IndexStats(articles, statements, self.name, {"file": str(self.folder / (self._file or ""))})

    @staticmethod
    def _filters(q: SearchQuery) -> Where:
        w = Where()
        w.any_of("d.source", q.sources)
        w.any_of("d.source_kind", q.source_kinds)
        w.any_of("d.language", q.languages)
        w.dates("d.published_ts", q.date_from, q.date_to)
        for entity_id in q.entity_ids:
            w.add("EXISTS (SELECT 1 FROM entities e WHERE e.doc = d.rowid AND e.entity_id = ?)", entity_id)
        if q.entity_types:
            w.add(f"EXISTS (SELECT 1 FROM entities e WHERE e.doc = d.rowid AND e.entity_type IN "
                  f"({','.join('?' * len(q.entity_types))}))", *q.entity_types)
        if q.has_statements is not None:
            w.add("d.has_statements = ?", int(q.has_statements))
        w.any_of(STORY_KEY, q.story_ids)
        return w

    @staticmethod
    def _matched(match: FtsMatch, where: Where, table: str, alias: str) -> tuple[str, Where]:
        """FROM clause and conditions selecting the rows of `table` a compiled query matches
        (its FTS twin is `<table>_fts`)."""
        fts = f"{table}_fts"
        w = Where(list(where.sql), list(where.args))
        if match.negative:
            w.add(f"{alias}.rowid NOT IN (SELECT rowid FROM {fts} WHERE {fts} MATCH ?)", match.negative)
        if match.positive:
            return (f"{fts} JOIN {table} {alias} ON {alias}.rowid = {fts}.rowid",
                    Where([f"{fts} MATCH ?", *w.sql], [match.positive, *w.args]))
        return f"{table} {alias}", w

    def search(self, query: SearchQuery) -> SearchResult:
        check_page(query.limit, 0 if query.after is not None else query.offset)
        parsed = parse_query(query.text)
        match = compile_match(parsed)
        ranked = bool(match.positive) and query.sort == "relevance"
        source, where = self._matched(match, self._filters(query), "docs", "d")
        score = f"-bm25(docs_fts, {TITLE_WEIGHT}, 1.0)" if ranked else "0.0"
        order_key = "score" if ranked else "published_ts"
        inner = (f"SELECT d.rowid AS doc, d.id, d.published_ts, {score} AS score, {STORY_KEY} AS story, "
                 f"d.source FROM {source} WHERE {where.text()}")
        if query.collapse_stories:
            return self._collapsed(query, parsed, inner, where, order_key, ranked)
        cursor_sql, cursor_args = "1", []
        if query.after is not None:
            key, last_id = query.after
            cursor_sql = f"({order_key} < ? OR ({order_key} = ? AND id > ?))"
            cursor_args = [key, key, last_id]
        sql = (f"SELECT * FROM ({inner}) WHERE {cursor_sql} ORDER BY {order_key} DESC, id ASC "
               f"LIMIT ? OFFSET ?")
        offset = 0 if query.after is not None else query.offset
        with self._reading() as conn:
            rows = conn.execute(sql, [*where.args, *cursor_args, query.limit, offset]).fetchall()
            shown = self._shown(conn, [r["doc"] for r in rows])
            if query.facets and not (match.positive or match.negative or query.source_kinds or query.entity_ids
                                     or query.entity_types or query.has_statements is not None):
                counts = self._filtered_counts(conn, query)
                total = sum(row[3] for row in counts[0])
                facets = self._facets(conn, query.facet_size, *counts)
            elif query.facets:
                conn.execute("CREATE TEMP TABLE IF NOT EXISTS hits(rowid INTEGER PRIMARY KEY)")
                conn.execute("DELETE FROM temp.hits")
                conn.execute(f"INSERT INTO temp.hits SELECT d.rowid FROM {source} WHERE {where.text()}", where.args)
                total = conn.execute("SELECT COUNT(*) FROM temp.hits").fetchone()[0]
                facets = self._facets(conn, query.facet_size, *self._hit_counts(conn))
            elif match.positive and len(where.sql) == 1:  # the match alone: count without the join
                total = conn.execute("SELECT COUNT(*) FROM docs_fts WHERE docs_fts MATCH ?", where.args).fetchone()[0]
                facets = None
            else:
                total = conn.execute(f"SELECT COUNT(*) FROM {source} WHERE {where.text()}", where.args).fetchone()[0]
                facets = None
        hits = tuple(self._hit(shown[r["doc"]], float(r["score"]), parsed) for r in rows)
        next_after = None
        if rows and len(rows) == query.limit:
            last = rows[-1]
            next_after = (last["score"] if ranked else last["published_ts"], last["id"])
        return SearchResult(total, hits, facets, next_after)

    def _collapsed(self, query: SearchQuery, parsed: ParsedQuery, inner: str, where: Where, order_key: str,
                   ranked: bool) -> SearchResult:
        """One hit per story (see `indexes.sqlite.stories`); facets and totals count articles."""
        if query.after is not None:
            raise QueryError("results collapsed by story page by offset, not with a cursor")
        with self._reading() as conn:
            page = collapsed_page(conn, inner, where.args, order_key, query.limit, query.offset)
            total = conn.execute(f"SELECT COUNT(*) FROM ({inner})", where.args).fetchone()[0]
            shown = self._shown(conn, [r["doc"] for r in page.rows])
            facets = None
            if query.facets:
                conn.execute("CREATE TEMP TABLE IF NOT EXISTS hits(rowid INTEGER PRIMARY KEY)")
                conn.execute("DELETE FROM temp.hits")
                conn.execute(f"INSERT INTO temp.hits SELECT doc FROM ({inner})", where.args)
                facets = self._facets(conn, query.facet_size, *self._hit_counts(conn))
        hits = tuple(
            dataclasses.replace(self._hit(shown[r["doc"]], float(r["score"]) if ranked else 0.0, parsed),
                                story_articles=r["n"], story_outlets=page.outlets.get(r["story"], 1))
            for r in page.rows)
        return SearchResult(total, hits, facets, None, total_stories=page.total_stories)

    @staticmethod
    def _shown(conn: sqlite3.Connection, docs: list[int]) -> dict[int, sqlite3.Row]:
        """What a page of hits shows, fetched for that page only."""
        if not docs:
            return {}
        rows = conn.execute(
            f"""SELECT d.rowid AS doc, d.id, d.url, d.language, d.source, d.published, d.cluster_id, d.versions, b.title, b.lead,
                       b.text
                FROM docs d JOIN bodies b ON b.rowid = d.rowid WHERE d.rowid IN ({','.join('?' * len(docs))})""",
            docs).fetchall()
        return {r["doc"]: r for r in rows}

    @staticmethod
    def _hit(r: sqlite3.Row, score: float, parsed: ParsedQuery) -> Hit:
        wanted = parsed.highlight_tokens
        body = searchable_body(r["lead"], r["text"])
        return Hit(
            id=r["id"], url=r["url"], title=r["title"],
            published=datetime.fromisoformat(r["published"]) if r["published"] else None,
            source=r["source"], language=r["language"], score=score,
            snippet=snippet(body, r["language"], wanted), title_html=mark_all(r["title"], r["language"], wanted),
            story_id=r["cluster_id"], versions=r["versions"],
        )

    @staticmethod
    def _facets(conn: sqlite3.Connection, size: int, by_doc: Iterable[tuple[str, str, str | None, int]],
                entities: Counter[str], types: Counter[str]) -> Facets:
        """Facets from counts per (source, language, day) and per entity / entity type."""
        sources: Counter[str] = Counter()
        languages: Counter[str] = Counter()
        days: Counter[str] = Counter()
        for source, lang, day, n in by_doc:
            sources[source] += n
            languages[lang] += n
            if day is not None:
                days[day] += n

        def top(counts: Counter[str]) -> list[tuple[str, int]]:
            return sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[:size]

        top_sources, top_entities = top(sources), top(entities)
        source_names = SqliteIndex._labels(conn, "SELECT source, source_name FROM docs WHERE source = ? LIMIT 1",
                                           [k for k, _ in top_sources])
        entity_names = SqliteIndex._labels(conn, "SELECT entity_id, name FROM entities WHERE entity_id = ? LIMIT 1",
                                           [k for k, _ in top_entities])
        return Facets(
            sources=tuple(FacetBucket(k, n, source_names.get(k, "")) for k, n in top_sources),
            languages=tuple(FacetBucket(k, n) for k, n in top(languages)),
            entities=tuple(FacetBucket(k, n, entity_names.get(k, "")) for k, n in top_entities),
            entity_types=tuple(FacetBucket(k, n) for k, n in top(types)),
            dates=tuple(FacetBucket(day, n) for day, n in sorted(days.items())),
        )

    @staticmethod
    def _hit_counts(conn: sqlite3.Connection) -> tuple[list[tuple[str, str, str | None, int]], Counter[str],
                                                       Counter[str]]:
        """Counts over the rows in temp.hits, in Python: it beats SQLite's GROUP BY sorters on a
        scattered set, and CROSS JOIN keeps the hits as the outer loop."""
        plain = conn.cursor()
        plain.row_factory = None  # plain tuples: sqlite3.Row objects cost more than the counting
        by_doc = [(*key, n) for key, n in Counter(plain.execute(
            "SELECT d.source, d.language, d.day FROM temp.hits h CROSS JOIN docs d ON d.rowid = h.rowid")).items()]
        entities: Counter[str] = Counter()
        types: dict[str, set[int]] = defaultdict(set)
        for entity_id, entity_type, doc in plain.execute(
                "SELECT e.entity_id, e.entity_type, e.doc FROM temp.hits h CROSS JOIN entities e ON e.doc = h.rowid"):
            entities[entity_id] += 1
            types[entity_type].add(doc)
        return by_doc, entities, Counter({t: len(d) for t, d in types.items()})

    @staticmethod
    def _filtered_counts(conn: sqlite3.Connection, q: SearchQuery) -> tuple[
            list[tuple[str, str, str | None, int]], Counter[str], Counter[str]]:
        """Counts for a query without text whose filters the denormalised columns cover:
        grouped in SQL along the covering indexes, without a list of hits."""
        def scope(alias: str) -> Where:
            w = Where()
            w.any_of(f"{alias}.source", q.sources)
            w.any_of(f"{alias}.language", q.languages)
            w.dates(f"{alias}.published_ts", q.date_from, q.date_to)
            return w

        d, e = scope("d"), scope("e")
        by_doc = [tuple(r) for r in conn.execute(
            f"SELECT d.source, d.language, d.day, COUNT(*) FROM docs d WHERE {d.text()} "
            "GROUP BY d.day, d.source, d.language", d.args)]
        entities = Counter(dict(conn.execute(
            f"SELECT e.entity_id, COUNT(*) FROM entities e WHERE {e.text()} GROUP BY e.entity_id", e.args).fetchall()))
        types = Counter(dict(conn.execute(
            f"SELECT e.entity_type, COUNT(DISTINCT e.doc) FROM entities e WHERE {e.text()} GROUP BY e.entity_type",
            e.args).fetchall()))
        return by_doc, entities, types  # type: ignore[return-value]

    @staticmethod
    def _labels(conn: sqlite3.Connection, sql: str, keys: list[str]) -> dict[str, str]:
        return {k: row[1] for k in keys if (row := conn.execute(sql, (k,)).fetchone())}

    def statements(self, query: StatementQuery) -> StatementResult:
        check_page(query.limit, query.offset)
        parsed = parse_query(query.text)
        match = compile_match(parsed)
        w = Where()
        w.any_of("s.speaker_id", query.speaker_ids)
        w.any_of("s.language", query.languages)
        w.dates("s.published_ts", query.date_from, query.date_to)
        source, where = self._matched(match, w, "statements", "s")
        ranked = bool(match.positive)
        score = "-bm25(statements_fts)" if ranked else "0.0"
        order = "score DESC, s.id" if ranked else "s.published_ts DESC, s.id"
        with self._reading() as conn:
            total = conn.execute(f"SELECT COUNT(*) FROM {source} WHERE {where.text()}", where.args).fetchone()[0]
            rows = conn.execute(
                f"SELECT s.*, {score} AS score FROM {source} WHERE {where.text()} ORDER BY {order} LIMIT ? OFFSET ?",
                [*where.args, query.limit, query.offset]).fetchall()
        wanted = parsed.highlight_tokens
        return StatementResult(total, tuple(
            StatementHit(
                id=r["id"], article_id=r["article_id"], speaker_id=r["speaker_id"],
                speaker_surface=r["speaker_surface"], speaker_post=r["speaker_post"], text=r["text"],
                kind=r["kind"], published=datetime.fromisoformat(r["published"]) if r["published"] else None,
                snippet=snippet(r["text"], r["language"], wanted, max_chars=400),
            ) for r in rows))

    def timeline(self, query: TimelineQuery) -> list[TimelineBucket]:
        with self._reading() as conn:
            return read_timeline(conn, query)

    def entity_counts(self, query: EntityCountsQuery) -> list[EntityDayCounts]:
        with self._reading() as conn:
            return read_entity_counts(conn, query)

    def entity_stories(self, entity_id: str, date_from: date, date_to: date, limit: int = 5) -> list[StoryCount]:
        with self._reading() as conn:
            return read_entity_stories(conn, entity_id, date_from, date_to, limit)

    def co_mentions(self, entity_id: str, limit: int = 10) -> list[CoMention]:
        with self._reading() as conn:
            rows = conn.execute(
                """SELECT o.entity_id, COUNT(*) AS n FROM entities e
                   JOIN entities o ON o.doc = e.doc AND o.entity_id <> e.entity_id
                   WHERE e.entity_id = ? GROUP BY o.entity_id ORDER BY n DESC, o.entity_id LIMIT ?""",
                (entity_id, limit)).fetchall()
        return [CoMention(r[0], r[1]) for r in rows]

