"""Small index documents for tests of the reading side (timelines, spikes): one line per article."""

from __future__ import annotations

from datetime import datetime

from indexes.base import ArticleDocument, EntityRef, StatementDocument
from indexes.ids import entity_type_of


def article(i: int, published: datetime | None, entities: list[str], *, source: str = "24kg", lang: str = "ru",
            cluster: str | None = None, title: str = "") -> ArticleDocument:
    refs = tuple(EntityRef(e, entity_type_of(e), e) for e in sorted(set(entities)))
    return ArticleDocument(id=f"a{i:03d}", url=f"https://{source}.example/{i}", title=title or f"Заголовок {i}",
                           lead="", text="Текст статьи.", language=lang, source=source, source_name=source,
                           source_kind="outlet", published=published, entities=refs, cluster_id=cluster,
                           title_lemmas="заголовок", text_lemmas="текст статья")


def statements(doc: ArticleDocument, speakers: list[str]) -> list[StatementDocument]:
    return [StatementDocument(id=f"{doc.id}:{n}", article_id=doc.id, speaker_id=s, speaker_surface=s, speaker_post="",
                              text="Мы работаем.", kind="direct", published=doc.published, language=doc.language,
                              source=doc.source, text_lemmas="мы работать") for n, s in enumerate(speakers)]
