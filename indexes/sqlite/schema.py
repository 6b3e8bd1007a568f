"""The embedded index's tables: one SQLite file per index version.

Lemma tokens go into FTS5 tables (bm25-ranked, title weighted); everything filters, facets and
timelines need sits in plain indexed tables beside them. Days are Bishkek calendar days.
"""

from __future__ import annotations

SCHEMA_VERSION = "6"
TOKENIZER = "unicode61 remove_diacritics 0 tokenchars '-'"  # tokens are already folded lemmas

DDL = f"""
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
-- Small columns only, so scans for filters and facets never read article text.
CREATE TABLE IF NOT EXISTS docs (
    rowid INTEGER PRIMARY KEY,
    id TEXT NOT NULL UNIQUE,
    url TEXT NOT NULL,
    language TEXT NOT NULL,
    source TEXT NOT NULL,
    source_name TEXT NOT NULL,
    source_kind TEXT NOT NULL,
    published TEXT,                  -- ISO 8601, NULL when unknown
    published_ts INTEGER NOT NULL,   -- unix seconds, 0 when unknown (sorts last)
    day TEXT,                        -- Bishkek YYYY-MM-DD
    has_statements INTEGER NOT NULL,
    cluster_id TEXT,
    versions INTEGER NOT NULL DEFAULT 1  -- > 1: edited after publication (revisits)
);
CREATE INDEX IF NOT EXISTS docs_date ON docs(published_ts DESC, id);
CREATE INDEX IF NOT EXISTS docs_source ON docs(source, published_ts);
CREATE INDEX IF NOT EXISTS docs_day ON docs(day, source, language, published_ts);
CREATE TABLE IF NOT EXISTS bodies (
    rowid INTEGER PRIMARY KEY,       -- = docs.rowid
    title TEXT NOT NULL,
    lead TEXT NOT NULL,
    text TEXT NOT NULL
);
CREATE VIRTUAL TABLE IF NOT EXISTS docs_fts USING fts5(title, body, tokenize="{TOKENIZER}");

-- The article's day, source, language and story are repeated here so a timeline reads one index.
CREATE TABLE IF NOT EXISTS entities (
    doc INTEGER NOT NULL,
    entity_id TEXT NOT NULL,
    entity_type TEXT NOT NULL,
    name TEXT NOT NULL,
    day TEXT,
    source TEXT NOT NULL,
    language TEXT NOT NULL,
    published_ts INTEGER NOT NULL,
    story TEXT NOT NULL,             -- the article's cluster id, else its own id
    PRIMARY KEY (doc, entity_id)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS entities_entity ON entities(entity_id, doc);
CREATE INDEX IF NOT EXISTS entities_timeline ON entities(entity_id, day, source, language, story, published_ts);
-- An entity's latest articles: a range scan read newest first, stopped at the page's LIMIT.
CREATE INDEX IF NOT EXISTS entities_recent ON entities(entity_id, published_ts);

-- Pre-aggregated counts per Bishkek day (indexes.sqlite.aggregates keeps them exact on every
-- write and delete), so a five-year timeline or a day's spikes read thousands of rows, not millions.
CREATE TABLE IF NOT EXISTS day_totals (day TEXT PRIMARY KEY, articles INTEGER NOT NULL) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS day_counts (
    day TEXT NOT NULL, source TEXT NOT NULL, language TEXT NOT NULL, articles INTEGER NOT NULL,
    PRIMARY KEY (day, source, language)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS entity_days (
    entity_id TEXT NOT NULL, day TEXT NOT NULL, entity_type TEXT NOT NULL,
    mentions INTEGER NOT NULL,       -- articles mentioning the entity
    statements INTEGER NOT NULL,     -- statements by it
    stories INTEGER NOT NULL,        -- rows of entity_day_stories
    outlets INTEGER NOT NULL,        -- rows of entity_day_sources
    PRIMARY KEY (entity_id, day)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS entity_days_day ON entity_days(day, entity_type, mentions);
CREATE TABLE IF NOT EXISTS entity_day_stories (
    entity_id TEXT NOT NULL, day TEXT NOT NULL, story TEXT NOT NULL, articles INTEGER NOT NULL,
    PRIMARY KEY (entity_id, day, story)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS entity_day_sources (
    entity_id TEXT NOT NULL, day TEXT NOT NULL, source TEXT NOT NULL, articles INTEGER NOT NULL,
    PRIMARY KEY (entity_id, day, source)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS entities_type ON entities(entity_type, doc);
-- Over all time (dated or not): articles naming both entities ...
CREATE TABLE IF NOT EXISTS entity_pairs (
    entity_id TEXT NOT NULL, other_id TEXT NOT NULL, articles INTEGER NOT NULL,
    PRIMARY KEY (entity_id, other_id)
) WITHOUT ROWID;
-- ... and its articles per source, per language and per entity type named in them (facet =
-- 'source' | 'language' | 'type'), so an entity page's facets are a few hundred rows.
CREATE TABLE IF NOT EXISTS entity_facets (
    entity_id TEXT NOT NULL, facet TEXT NOT NULL, key TEXT NOT NULL, articles INTEGER NOT NULL,
    PRIMARY KEY (entity_id, facet, key)
) WITHOUT ROWID;

CREATE TABLE IF NOT EXISTS statements (
    rowid INTEGER PRIMARY KEY,
    id TEXT NOT NULL UNIQUE,
    doc INTEGER NOT NULL,
    article_id TEXT NOT NULL,
    speaker_id TEXT,
    speaker_surface TEXT NOT NULL,
    speaker_post TEXT NOT NULL,
    text TEXT NOT NULL,
    kind TEXT NOT NULL,
    published TEXT,
    published_ts INTEGER NOT NULL,
    day TEXT,
    language TEXT NOT NULL,
    source TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS statements_doc ON statements(doc);
CREATE INDEX IF NOT EXISTS statements_speaker ON statements(speaker_id, day, source, language, published_ts);
CREATE INDEX IF NOT EXISTS statements_date ON statements(published_ts DESC, id);
CREATE INDEX IF NOT EXISTS statements_recent ON statements(speaker_id, published_ts DESC, id);
CREATE VIRTUAL TABLE IF NOT EXISTS statements_fts USING fts5(body, tokenize="{TOKENIZER}");
"""
