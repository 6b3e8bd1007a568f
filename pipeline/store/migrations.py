"""Named, ordered schema migrations; each runs once, inside a transaction.

Add a new migration at the end; never edit one that has shipped.
"""

from __future__ import annotations

MIGRATIONS: list[tuple[str, str]] = [
    (
        "0001_initial",
        """
        CREATE TABLE sources (
            id TEXT PRIMARY KEY,
            name TEXT NOT NULL,
            kind TEXT NOT NULL,
            config_json TEXT NOT NULL,
            interval_s REAL NOT NULL,
            next_due TEXT,
            last_run TEXT,
            last_success TEXT,
            last_error TEXT,
            last_error_at TEXT,
            consecutive_failures INTEGER NOT NULL DEFAULT 0
        );

        -- One row per feed / sitemap / listing URL: conditional-GET validators and health.
        CREATE TABLE endpoints (
            url TEXT PRIMARY KEY,
            source_id TEXT NOT NULL REFERENCES sources(id),
            kind TEXT NOT NULL,                 -- feed | sitemap | listing
            etag TEXT,
            last_modified TEXT,
            last_status INTEGER,
            last_fetch TEXT,
            last_success TEXT,
            last_error TEXT,
            failures INTEGER NOT NULL DEFAULT 0,
            next_retry TEXT
        );

        CREATE TABLE articles (
            id TEXT PRIMARY KEY,                -- hash of the normalised URL
            source_id TEXT NOT NULL REFERENCES sources(id),
            url TEXT NOT NULL,
            final_url TEXT,
            stage TEXT NOT NULL,                -- discovered | fetched | extracted | analysed | failed
            entry_json TEXT,                    -- the feed entry that led here
            title TEXT,
            title_key TEXT,                     -- normalised title for same-source dedup
            text TEXT,
            lead TEXT,
            author TEXT,
            published TEXT,                     -- ISO 8601 with offset
            published_utc TEXT,                 -- ISO 8601 UTC, for ordering and ranges
            site_name TEXT,
            categories_json TEXT,
            tags_json TEXT,
            language TEXT,
            content_hash TEXT,
            extraction_method TEXT,
            http_status INTEGER,
            encoding TEXT,
            warc_file TEXT,
            warc_offset INTEGER,
            analyzer_version TEXT,
            duplicate_of TEXT,
            discovered_at TEXT NOT NULL,
            fetched_at TEXT,
            updated_at TEXT NOT NULL,
            -- retry bookkeeping for the stage the article is stuck at
            attempts INTEGER NOT NULL DEFAULT 0,
            next_retry TEXT,
            last_error TEXT
        );
        CREATE INDEX articles_stage ON articles(stage, next_retry);
        CREATE INDEX articles_source_title ON articles(source_id, title_key);
        CREATE INDEX articles_published ON articles(published_utc);
        CREATE INDEX articles_content_hash ON articles(content_hash);

        -- Every error met, against its source and (when there is one) its article.
        CREATE TABLE errors (
            id INTEGER PRIMARY KEY,
            at TEXT NOT NULL,
            source_id TEXT,
            article_id TEXT,
            url TEXT,
            stage TEXT NOT NULL,                -- config | feed | fetch | extract | analyse | index
            kind TEXT NOT NULL,                 -- a short class: timeout, http_500, malformed_feed ...
            message TEXT NOT NULL
        );
        CREATE INDEX errors_source ON errors(source_id, at);

        CREATE TABLE mentions (
            article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
            seq INTEGER NOT NULL,
            entity_id TEXT NOT NULL,
            entity_type TEXT NOT NULL,
            name TEXT NOT NULL,
            surface TEXT NOT NULL,
            start INTEGER NOT NULL,
            "end" INTEGER NOT NULL,
            sentence INTEGER NOT NULL,
            method TEXT NOT NULL,
            PRIMARY KEY (article_id, seq)
        );
        CREATE INDEX mentions_entity ON mentions(entity_id);

        CREATE TABLE statements (
            article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
            seq INTEGER NOT NULL,
            speaker_id TEXT,
            speaker_surface TEXT NOT NULL,
            speaker_post TEXT NOT NULL,
            text TEXT NOT NULL,
            kind TEXT NOT NULL,
            cue TEXT NOT NULL,
            start INTEGER NOT NULL,
            "end" INTEGER NOT NULL,
            PRIMARY KEY (article_id, seq)
        );
        CREATE INDEX statements_speaker ON statements(speaker_id);

        -- Entities found by the model but not in the registry: stable provisional ids.
        CREATE TABLE provisional_entities (
            id TEXT PRIMARY KEY,
            type TEXT NOT NULL,
            name TEXT NOT NULL,
            first_seen TEXT NOT NULL
        );

        -- Index outbox: what each index backend still has to (re)index or delete.
        CREATE TABLE index_outbox (
            backend TEXT NOT NULL,
            article_id TEXT NOT NULL,
            op TEXT NOT NULL,                   -- upsert | delete
            queued_at TEXT NOT NULL,
            attempts INTEGER NOT NULL DEFAULT 0,
            last_error TEXT,
            PRIMARY KEY (backend, article_id)
        );
        CREATE TABLE index_state (
            backend TEXT NOT NULL,
            article_id TEXT NOT NULL,
            indexed_at TEXT NOT NULL,
            PRIMARY KEY (backend, article_id)
        );
        """,
    ),
    (
        "0006_statement_reason",
        """
        -- Why a statement has no speaker id: collective | unnamed | pronoun | missing ('' when resolved).
        ALTER TABLE statements ADD COLUMN speaker_reason TEXT NOT NULL DEFAULT '';
        """,
    ),
    (
        "0003_digest_sends",
        """
        -- One row per (channel, recipient, edition): the digest send log. The row is written
        -- with the whole message and its Message-ID before anything is sent, so a retry resends
        -- the same bytes and a crash can be told apart by state (see digest/sendlog.py).
        CREATE TABLE digest_sends (
            id TEXT PRIMARY KEY,                -- hash of channel, recipient, kind and edition
            channel TEXT NOT NULL,              -- smtp | outbox | webhook
            recipient TEXT NOT NULL,            -- address, or the webhook URL
            kind TEXT NOT NULL,                 -- daily | alert
            edition TEXT NOT NULL,              -- the Bishkek day, or the alert's item set
            language TEXT NOT NULL,
            message_id TEXT NOT NULL,
            payload BLOB,                       -- the message as sent (cleared once sent)
            state TEXT NOT NULL,                -- prepared | committing | sent | retry | failed | unconfirmed
            attempts INTEGER NOT NULL DEFAULT 0,
            next_retry TEXT,
            last_code INTEGER,
            last_error TEXT,
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL,
            sent_at TEXT
        );
        CREATE INDEX digest_sends_state ON digest_sends(state, next_retry);
        CREATE INDEX digest_sends_recipient ON digest_sends(recipient, kind, edition);

        -- What each instant-alert recipient has already been told about (statements, stories,
        -- spikes): an alert only carries items not in here.
        CREATE TABLE digest_alert_items (
            recipient TEXT NOT NULL,
            item_id TEXT NOT NULL,
            send_id TEXT NOT NULL,
            at TEXT NOT NULL,
            PRIMARY KEY (recipient, item_id)
        );
        """,
    ),
    (
        "0007_revisits",
        """
        -- Revisits: when each stored article is fetched again, and what the last revisit saw.
        CREATE TABLE revisits (
            article_id TEXT PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE,
            base_at TEXT NOT NULL,              -- schedule offsets count from here (publication or first fetch)
            step INTEGER NOT NULL DEFAULT 0,    -- how many scheduled revisits are done
            next_at TEXT,                       -- NULL: nothing more is planned
            last_at TEXT,
            last_outcome TEXT,                  -- live | unchanged | gone | redirected | body_gone | unreachable
            state TEXT NOT NULL DEFAULT 'live', -- live | removed | redirected | unreachable
            state_since TEXT,
            last_good_at TEXT,
            first_failed_at TEXT,
            failures INTEGER NOT NULL DEFAULT 0,  -- consecutive failed revisits not yet concluded
            failure_kind TEXT,
            etag TEXT,
            last_modified TEXT,
            body_sha TEXT,                      -- sha256 of the last archived body
            versions INTEGER NOT NULL DEFAULT 1
        );
        CREATE INDEX revisits_due ON revisits(next_at);

        -- Every version of an article's extracted text; version 1 is what was first stored.
        CREATE TABLE article_versions (
            article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
            version INTEGER NOT NULL,
            seen_at TEXT NOT NULL,
            title TEXT,
            lead TEXT,
            text TEXT,
            content_hash TEXT,
            warc_file TEXT,
            warc_offset INTEGER,
            diff_json TEXT,                     -- word-level diff against the previous version
            analysis_json TEXT,                 -- entities and statements of this version, once analysed
            PRIMARY KEY (article_id, version)
        );

        -- What happened to articles after publication: edits, removals, restorations.
        CREATE TABLE article_changes (
            id INTEGER PRIMARY KEY,
            article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
            at TEXT NOT NULL,
            kind TEXT NOT NULL,                 -- edit | removed | redirected | unreachable | restored
            version INTEGER,
            detail_json TEXT NOT NULL,
            UNIQUE (article_id, kind, version, at)
        );
        CREATE INDEX article_changes_at ON article_changes(at);

        -- Entities and statements an edit added or removed (a removed statement is kept here).
        CREATE TABLE analysis_changes (
            article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
            version INTEGER NOT NULL,           -- the version that no longer has it (or first has it)
            seq INTEGER NOT NULL,
            what TEXT NOT NULL,                 -- statement | entity
            change TEXT NOT NULL,               -- removed | added
            last_seen_version INTEGER,          -- for removed: the last version that had it
            entity_id TEXT,                     -- the entity, or the statement's speaker
            surface TEXT,
            text TEXT,
            PRIMARY KEY (article_id, version, seq)
        );
        CREATE INDEX analysis_changes_entity ON analysis_changes(entity_id);
        """,
    ),
]

# Stories (issue 9): one event, every outlet, both languages. A story's id is the id of the
# article that founded it, so re-running the assignment over the same articles changes nothing.
MIGRATIONS.append((
    "0002_stories",
    """
    CREATE TABLE stories (
        id TEXT PRIMARY KEY,                -- the founding article's id
        first_article_id TEXT NOT NULL,     -- the first publisher's article
        first_publisher TEXT NOT NULL,      -- its source id
        headlines_json TEXT NOT NULL,       -- {"ru": title, "ky": title}
        first_seen TEXT NOT NULL,           -- UTC ISO 8601, earliest member's time
        last_seen TEXT NOT NULL,
        articles INTEGER NOT NULL,
        outlets_json TEXT NOT NULL,         -- distinct source ids, first publisher first
        languages_json TEXT NOT NULL,
        outlet_count INTEGER NOT NULL,
        updated_at TEXT NOT NULL
    );
    CREATE INDEX stories_seen ON stories(first_seen, last_seen);

    -- How each article joined its story; one row per article.
    CREATE TABLE story_members (
        article_id TEXT PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE,
        story_id TEXT NOT NULL,
        relation TEXT NOT NULL,             -- first | reprint | rewrite | translation
        score REAL NOT NULL,
        matched_to TEXT,                    -- the member it was found to match
        attributed_to TEXT,                 -- source named by an attribution line («передает АКИpress»)
        at TEXT NOT NULL,                   -- UTC ISO 8601: published, else fetched / discovered
        content_hash TEXT,                  -- the text it was assigned with (re-extraction re-assigns)
        features BLOB,                      -- what matching needs, so a run rebuilds its window fast
        assigned_at TEXT NOT NULL
    );
    CREATE INDEX story_members_story ON story_members(story_id, at);
    CREATE INDEX story_members_at ON story_members(at);
    """,
))
