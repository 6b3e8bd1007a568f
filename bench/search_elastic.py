"""The Elasticsearch half of the search benchmark: our bulk writes against a bare `helpers.bulk`.

Both write the same generated documents, batch by batch and taking turns, into two fresh
index pairs with the same mappings, so a busy machine slows both alike. The bare side gets
ready-made actions (building them is not timed) and skips what ours adds for correctness:
reading each article's current statement ids (to delete replaced ones) and per-item
acknowledgement. Targets: ours >= 0.8x bare and >= 2,000 docs/s.
"""

from __future__ import annotations

import dataclasses
import time
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

from elasticsearch import helpers

from bench.corpus import CorpusGenerator
from indexes.elastic import ElasticIndex
from indexes.elastic.mappings import article_source, statement_source

TARGET_RATIO = 0.8
TARGET_DOCS_S = 2000


def _fresh(index: ElasticIndex, label: str) -> ElasticIndex:
    twin = ElasticIndex(dataclasses.replace(
        index.options, index_prefix=f"{index.options.index_prefix}-{label}-{uuid.uuid4().hex[:6]}"))
    twin.open()
    return twin


def _timed(call: Callable[[], object]) -> float:
    t = time.perf_counter()
    call()
    return time.perf_counter() - t


def compare_bulk(index: ElasticIndex, gen_seed: int, n: int, registry: Path) -> dict[str, float]:
    """Index `n` generated articles through `ElasticIndex.index` and through bare `helpers.bulk`."""
    ours, bare = _fresh(index, "ours"), _fresh(index, "bare")
    ours_s = bare_s = 0.0
    try:
        for articles, statements in CorpusGenerator(registry, seed=gen_seed).batches(n):
            ours_s += _timed(lambda: ours.index(articles, statements))
            said = {a.id: False for a in articles} | {s.article_id: True for s in statements}
            actions: list[dict[str, Any]] = [
                {"_index": bare.aliases["statements"], "_id": s.id, "_source": statement_source(s)}
                for s in statements]
            actions += [{"_index": bare.aliases["articles"], "_id": a.id,
                         "_source": article_source(a, said[a.id], [], [])} for a in articles]
            bare_s += _timed(lambda: helpers.bulk(bare._es, actions, chunk_size=index.options.bulk_chunk_docs,
                                                  max_chunk_bytes=20_000_000))
        ours_s += _timed(ours.refresh)
        bare_s += _timed(bare.refresh)
        assert ours.stats().articles == bare.stats().articles == n
    finally:
        for side in (ours, bare):
            side.drop()
            side.close()
    return {"ours_docs_s": n / ours_s, "bare_docs_s": n / bare_s, "ratio": bare_s / ours_s}


def report_bulk(result: dict[str, float]) -> None:
    print(f"\n== elasticsearch bulk writes (same documents, taking turns)\n"
          f"{'writer':<22}{'docs/s':>10}\n"
          f"{'ElasticIndex.index':<22}{result['ours_docs_s']:>10,.0f}\n"
          f"{'bare helpers.bulk':<22}{result['bare_docs_s']:>10,.0f}\n"
          f"ours / bare = {result['ratio']:.2f} (target >= {TARGET_RATIO}); "
          f"target >= {TARGET_DOCS_S:,} docs/s")
