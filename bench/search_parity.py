"""Do the embedded index and Elasticsearch give the same answers? Both index one synthetic
corpus; then random questions (words, phrases, OR/NOT, filters, facets, statements, timelines,
co-mentions, hits collapsed by story, the story filter) are asked of both and every answer that
must be equal is compared.

    python -m bench.search_parity [--n 5000] [--questions 300] [--es-url URL]

Must be equal: ids in date order, totals, facets (keys, counts, labels), snippets, statement
hits, timeline buckets, co-mentions, collapsed hits with their story counts and story totals. Scores come from different BM25 implementations, so for
relevance order it reports how much of each top 30 the two share.
"""

from __future__ import annotations

import argparse
import dataclasses
import random
import tempfile
import uuid
from datetime import timedelta
from collections.abc import Sequence
from pathlib import Path

from bench.corpus import SOURCES, START, CorpusGenerator
from indexes.base import ArticleDocument, Index, SearchQuery, SearchResult, StatementQuery, TimelineQuery
from indexes.elastic import ElasticIndex, ElasticOptions
from indexes.sqlite import SqliteIndex

REPO = Path(__file__).resolve().parents[1]


def _shown(result: object) -> object:
    """What a reader sees of a search result, scores left out."""
    hits = getattr(result, "hits")
    return (getattr(result, "total"), getattr(result, "facets"),
            [(h.id, h.snippet, h.title_html, h.published, h.url) for h in hits])


def _stories(result: SearchResult) -> object:
    """A result collapsed by story: one hit per story with its counts."""
    return (result.total, result.total_stories,
            [(h.id, h.story_id, h.story_articles, h.story_outlets) for h in result.hits])


def with_stories(articles: Sequence[ArticleDocument], rng: random.Random) -> list[ArticleDocument]:
    """Story ids as the story stage would give them: about a third of the articles join one of
    the 50 articles before them (which may itself have joined an earlier one); some have none yet."""
    out: list[ArticleDocument] = []
    for a in articles:
        if out and rng.random() < 0.35:
            earlier = rng.choice(out[-50:])
            out.append(dataclasses.replace(a, cluster_id=earlier.cluster_id or earlier.id))
        else:
            out.append(dataclasses.replace(a, cluster_id=None if rng.random() < 0.1 else a.id))
    return out


def compare(es: Index, embedded: Index, gen: CorpusGenerator, questions: int, seed: int,
            stories: list[str]) -> tuple[int, float]:
    """Ask both; return (answers that differ, mean share of the relevance top 30 in common)."""
    rng = random.Random(seed)
    entities = [e.id for e in gen.entities[:25]]
    differ, overlaps = 0, []

    def same(label: str, a: object, b: object) -> None:
        nonlocal differ
        if a != b:
            differ += 1
            print(f"DIFFERENT {label}\n  elasticsearch: {str(a)[:300]}\n  sqlite:        {str(b)[:300]}")

    for _ in range(questions):
        lang = rng.choice(["ru", "ky"])
        a, b = gen.query_words(lang, 2)
        day = START.date() + timedelta(days=rng.randrange(900))
        text = rng.choice([a, f"{a} {b}", f'"{a} {b}"', f"{a} OR {b} -{gen.rare_word(lang)}", "", "Japarov", f"-{a}"])
        q = SearchQuery(text=text, sort="date", limit=50, facets=True,
                        sources=(rng.choice(SOURCES)[0],) if rng.random() < 0.3 else (),
                        date_from=day if rng.random() < 0.3 else None,
                        date_to=day + timedelta(days=90) if rng.random() < 0.3 else None,
                        entity_ids=(rng.choice(entities),) if rng.random() < 0.3 else (),
                        has_statements=rng.choice([None, True, False]))
        same(f"search {q}", _shown(es.search(q)), _shown(embedded.search(q)))
        collapsed = dataclasses.replace(q, collapse_stories=True, facets=False)
        same(f"collapsed {collapsed}", _stories(es.search(collapsed)), _stories(embedded.search(collapsed)))
        some = tuple(rng.sample(stories, 3))
        by_story = SearchQuery(story_ids=some, sort="date", limit=100)
        same(f"story filter {some}", _shown(es.search(by_story)), _shown(embedded.search(by_story)))
        ranked = SearchQuery(text=text, limit=30)
        top_es, top_sq = es.search(ranked), embedded.search(ranked)
        same(f"total {ranked}", top_es.total, top_sq.total)
        if top_sq.hits:
            overlaps.append(len({h.id for h in top_es.hits} & {h.id for h in top_sq.hits}) / len(top_sq.hits))
        sq = StatementQuery(speaker_ids=(rng.choice(entities),) if rng.random() < 0.5 else (), limit=20,
                            date_from=day if rng.random() < 0.3 else None)
        same(f"statements {sq}", es.statements(sq), embedded.statements(sq))
        tq = TimelineQuery(rng.choice(entities), rng.choice(["day", "week", "month"]),
                           date_from=day if rng.random() < 0.5 else None, languages=(lang,) if rng.random() < 0.3 else ())
        same(f"timeline {tq}", es.timeline(tq), embedded.timeline(tq))
        entity = rng.choice(entities)
        same(f"co-mentions {entity}", es.co_mentions(entity), embedded.co_mentions(entity))
    return differ, sum(overlaps) / len(overlaps) if overlaps else 1.0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=5000, help="articles to generate (default 5,000)")
    parser.add_argument("--questions", type=int, default=300, help="question sets to ask (default 300)")
    parser.add_argument("--es-url", default="http://127.0.0.1:9200")
    parser.add_argument("--seed", type=int, default=5)
    args = parser.parse_args()
    registry = REPO / "config" / "entities.yaml"
    es = ElasticIndex(ElasticOptions(url=args.es_url, index_prefix=f"kabarchy-parity-{uuid.uuid4().hex[:8]}"))
    with tempfile.TemporaryDirectory(prefix="kabarchy-parity-") as tmp:
        embedded = SqliteIndex(Path(tmp))
        es.open()
        embedded.open()
        try:
            rng, stories = random.Random(args.seed), set()
            for articles, statements in CorpusGenerator(registry, seed=args.seed).batches(args.n):
                articles = with_stories(articles, rng)
                stories |= {a.cluster_id for a in articles if a.cluster_id}
                es.index(articles, statements)
                embedded.index(articles, statements)
            es.refresh()
            differ, overlap = compare(es, embedded, CorpusGenerator(registry, seed=args.seed + 1),
                                      args.questions, args.seed, sorted(stories))
        finally:
            es.drop()
            es.close()
            embedded.close()
    print(f"\n{args.n:,} articles, {args.questions} question sets (7 questions each): "
          f"{differ} answers differ; relevance top 30 in common: {overlap:.0%}")


if __name__ == "__main__":
    main()
