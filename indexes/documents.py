"""Building index documents from the store: article text, source, entities and statements,
plus our own analysis (folded lemma tokens) so every backend matches the same way."""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timezone

from pipeline.records import Mention, Statement
from pipeline.store.store import Store

from indexes.analysis import text_tokens
from indexes.changes import revision_state
from indexes.base import ArticleDocument, EntityRef, StatementDocument
from pipeline.store.outbox import INDEXABLE_STAGES


@dataclass(frozen=True)
class DocumentSet:
    articles: list[ArticleDocument]
    statements: list[StatementDocument]
    gone: list[str]  # asked-for ids the index should not hold (missing, duplicate, not extracted)


def searchable_body(lead: str, text: str) -> str:
    """The body an index searches and snippets: the text, with the lead first unless the text
    already opens with it."""
    lead, text = lead.strip(), text.strip()
    if not lead or lead[:80] in text[: len(lead) + 200]:
        return text
    return f"{lead}\n\n{text}"


def _moment(raw: str | None) -> datetime | None:
    if not raw:
        return None
    moment = datetime.fromisoformat(raw)
    return moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)


def article_document(row: sqlite3.Row, mentions: Sequence[Mention],
                     statements: Sequence[Statement], cluster_id: str | None = None,
                     versions: int = 1) -> ArticleDocument:
    """One article as indexed. Without a publication date the discovery time stands in, so
    every document has a day for filters, histograms and timelines."""
    lang = row["language"] or "und"
    title, lead, text = row["title"] or "", row["lead"] or "", row["text"] or ""
    entities = {m.entity_id: EntityRef(m.entity_id, m.entity_type, m.name) for m in reversed(mentions)}
    return ArticleDocument(
        id=row["id"], url=row["final_url"] or row["url"], title=title, lead=lead, text=text,
        language=lang, source=row["source_id"], source_name=row["source_name"] or row["source_id"],
        source_kind=row["source_kind"] or "outlet",
        published=_moment(row["published_utc"] or row["published"] or row["discovered_at"]),
        entities=tuple(sorted(entities.values(), key=lambda e: e.id)),
        speaker_ids=tuple(sorted({s.speaker_id for s in statements if s.speaker_id})),
        cluster_id=cluster_id,
        versions=versions,
        title_lemmas=" ".join(text_tokens(title, lang)),
        text_lemmas=" ".join(text_tokens(searchable_body(lead, text), lang)),
    )


def statement_documents(article: ArticleDocument, statements: Sequence[Statement]) -> list[StatementDocument]:
    return [
        StatementDocument(
            id=f"{article.id}:{seq}", article_id=article.id, speaker_id=s.speaker_id,
            speaker_surface=s.speaker_surface, speaker_post=s.speaker_post, text=s.text, kind=s.kind,
            published=article.published, language=article.language, source=article.source,
            text_lemmas=" ".join(text_tokens(s.text, article.language)),
        )
        for seq, s in enumerate(statements)
    ]


def build_documents(store: Store, article_ids: Sequence[str]) -> DocumentSet:
    """Documents for the given ids; ids the index should not (or no longer) hold go to `gone`."""
    rows = store.article_rows(list(article_ids))
    stories = store.story_ids_of(list(article_ids))
    revised = revision_state(store, list(article_ids))
    articles: list[ArticleDocument] = []
    statements: list[StatementDocument] = []
    gone: list[str] = []
    for article_id in article_ids:
        row = rows.get(article_id)
        if row is None or row["stage"] not in INDEXABLE_STAGES or row["duplicate_of"]:
            gone.append(article_id)
            continue
        said = store.statements(article_id)
        doc = article_document(row, store.mentions(article_id), said, stories.get(article_id),
                               revised.get(article_id, (1, "live"))[0])
        articles.append(doc)
        statements.extend(statement_documents(doc, said))
    return DocumentSet(articles, statements, gone)
