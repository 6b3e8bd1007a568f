"""What an id says by itself: an entity's type from its id, an article's story.

Registry ids are `<type>:<slug>` (the registry refuses any other) and provisional ids
`prov-<type>:<hash>`, so every backend can filter by type from the id alone, identically.
"""

from __future__ import annotations

PROVISIONAL_PREFIX = "prov-"


def entity_type_of(entity_id: str) -> str:
    """person:sadyr-japarov → person; prov-organisation:1a2b… → organisation."""
    head = entity_id.partition(":")[0]
    return head[len(PROVISIONAL_PREFIX):] if head.startswith(PROVISIONAL_PREFIX) else head


def story_of(article_id: str, cluster_id: str | None) -> str:
    """The story an article counts in: its cluster (Stories), else the article alone."""
    return cluster_id or article_id
