"""Article and statement search on Elasticsearch: the page of hits with its facets, one hit per
story when asked (`indexes.elastic.stories`), and statement search, each hit shaped exactly as
the SQLite backend's (snippets and marked titles from `indexes.highlight`).

Kept apart from `ElasticIndex` (a mixin it inherits, reading through its `_read` and aliases)
because building and reading searches is one job, separate from keeping the versioned indexes
and their aliases, which is what the backend module is about.
"""

from __future__ import annotations

import dataclasses
import zlib
from collections.abc import Callable
from datetime import datetime
from typing import Any

from indexes.base import Hit, SearchQuery, SearchResult, StatementHit, StatementQuery, StatementResult
from indexes.documents import searchable_body
from indexes.elastic import aggregations as aggs, stories
from indexes.elastic.queries import (
    ARTICLE_FIELDS,
    STATEMENT_FIELDS,
    article_filters,
    sort_keys,
    statement_filters,
    text_query,
)
from indexes.highlight import mark_all, snippet
from indexes.query import ParsedQuery, check_facets, parse_query

HIT_FIELDS = ["url", "title", "lead", "text", "language", "source", "published", "cluster_id", "versions"]
STATEMENT_HIT_FIELDS = ["article_id", "speaker_id", "speaker_surface", "speaker_post", "text", "kind",
                        "published", "language"]
Json = dict[str, Any]


def _moment(raw: str | None) -> datetime | None:
    return datetime.fromisoformat(raw) if raw else None


class SearchReads:
    """Search methods of `ElasticIndex`."""

    aliases: dict[str, str]
    _read: Callable[..., Json]

    def search(self, query: SearchQuery) -> SearchResult:
        """The page of hits and, when asked, the facets: two searches in one round trip, which
        the server runs side by side; the facets' one (size 0) may come from its request cache."""
        parsed = parse_query(query.text)
        check_facets(query.facet_names)
        ranked = bool(parsed.must) and query.sort == "relevance"
        matching = text_query(parsed, ARTICLE_FIELDS, article_filters(query))
        if query.collapse_stories:
            return self._collapsed(query, parsed, ranked, matching)
        page: Json = {"query": matching, "sort": sort_keys(ranked), "size": query.limit,
                      "track_total_hits": True, "_source": HIT_FIELDS}
        if query.after is not None:
            page["search_after"] = list(query.after)
        else:
            page["from"] = query.offset
        # The same shard copies for every page of one question: replicas may score a little
        # differently, and the pages of a cursor must not overlap or skip.
        header = {"index": self.aliases["articles"], "preference": f"q{zlib.crc32(query.text.encode())}"}
        searches = [header, page]
        if query.facets:
            searches += [header, {"size": 0, "query": matching, "track_total_hits": False,
                                  "aggs": aggs.facet_aggs(query.facet_size, query.facet_names)}]
        found, *faceted = self._read("searching", lambda es: es.msearch(searches=searches),
                                     user_query=True)["responses"]
        raw = found["hits"]["hits"]
        wanted = parsed.highlight_tokens
        hits = tuple(self._hit(h, float(h["_score"]) if ranked else 0.0, wanted) for h in raw)
        next_after = tuple(raw[-1]["sort"]) if raw and len(raw) == query.limit else None
        facets = aggs.read_facets(faceted[0].get("aggregations", {}), query.facet_size) if faceted else None
        return SearchResult(found["hits"]["total"]["value"], hits, facets, next_after)

    def _collapsed(self, query: SearchQuery, parsed: ParsedQuery, ranked: bool, matching: Json) -> SearchResult:
        """One hit per story (`indexes.elastic.stories`); totals and facets count articles."""
        first = query.after is None
        page: Json = {"query": matching, "sort": sort_keys(ranked), "size": query.limit if first else 0,
                      "from": query.offset if first else 0, "track_total_hits": True, "_source": HIT_FIELDS}
        if query.facets:
            page["aggs"] = aggs.facet_aggs(query.facet_size, query.facet_names)
        found = self._read("searching", lambda es: es.search(index=self.aliases["articles"], **stories.collapse(page)),
                           user_query=True)
        raw = found["hits"]["hits"] if first else self._heads_after(matching, ranked, list(query.after or ()),
                                                                     query.limit)
        keys = [stories.story_of_hit(h) for h in raw]
        counts = stories.read_counts(self._read("counting stories", lambda es: es.search(
            index=self.aliases["articles"], **stories.counts_request(matching, keys)))) if keys else {}
        wanted = parsed.highlight_tokens
        hits = tuple(
            dataclasses.replace(self._hit(h, float(h["_score"]) if ranked else 0.0, wanted),
                                story_articles=counts.get(key, (1, 1))[0], story_outlets=counts.get(key, (1, 1))[1])
            for h, key in zip(raw, keys, strict=True))
        facets = aggs.read_facets(found["aggregations"], query.facet_size) if query.facets else None
        next_after = tuple(raw[-1]["sort"]) if raw and len(raw) == query.limit else None
        return SearchResult(found["hits"]["total"]["value"], hits, facets, next_after,
                            total_stories=stories.total_stories(found))

    def _heads_after(self, matching: Json, ranked: bool, after: list[Any], limit: int) -> list[Json]:
        """The next `limit` story heads after the head `after` (see `indexes.elastic.stories`)."""
        sort, heads, decided = sort_keys(ranked), [], set()
        batch = max(100, 4 * limit)
        while len(heads) < limit:
            walked = self._read("searching", lambda es: es.search(
                index=self.aliases["articles"], **stories.walk_request(matching, sort, after, batch)),
                user_query=True)["hits"]["hits"]
            met = []  # each story's first hit after the cursor, in order
            for h in walked:
                if (story := stories.story_of_hit(h)) not in decided:
                    decided.add(story)
                    met.append((story, h["_id"]))
            if met:
                best = {stories.story_of_hit(h): h for h in self._read("searching", lambda es: es.search(
                    index=self.aliases["articles"],
                    **stories.heads_request(matching, sort, [k for k, _ in met], HIT_FIELDS)))["hits"]["hits"]}
                heads += [best[k] for k, first_id in met if k in best and best[k]["_id"] == first_id]
            if len(walked) < batch:
                break
            after = walked[-1]["sort"]
        return heads[:limit]

    @staticmethod
    def _hit(h: Json, score: float, wanted: frozenset[str]) -> Hit:
        s = h["_source"]
        lang = s["language"]
        return Hit(
            id=h["_id"], url=s["url"], title=s["title"], published=_moment(s.get("published")),
            source=s["source"], language=lang, score=score,
            snippet=snippet(searchable_body(s["lead"], s["text"]), lang, wanted),
            title_html=mark_all(s["title"], lang, wanted), story_id=s.get("cluster_id"),
            versions=int(s.get("versions") or 1),
        )

    def statements(self, query: StatementQuery) -> StatementResult:
        parsed = parse_query(query.text)
        body: Json = {
            "query": text_query(parsed, STATEMENT_FIELDS, statement_filters(query)),
            "sort": sort_keys(bool(parsed.must)), "size": query.limit,
            "track_total_hits": True, "source": STATEMENT_HIT_FIELDS,
        }
        if query.after is not None:
            body["search_after"] = list(query.after)
        else:
            body["from_"] = query.offset
        resp = self._read("searching statements",
                          lambda es: es.search(index=self.aliases["statements"], **body), user_query=True)
        wanted = parsed.highlight_tokens
        raw = resp["hits"]["hits"]
        return StatementResult(resp["hits"]["total"]["value"], tuple(self._statement_hit(h, wanted) for h in raw),
                               tuple(raw[-1]["sort"]) if raw and len(raw) == query.limit else None)

    @staticmethod
    def _statement_hit(h: Json, wanted: frozenset[str]) -> StatementHit:
        s = h["_source"]
        return StatementHit(
            id=h["_id"], article_id=s["article_id"], speaker_id=s.get("speaker_id"),
            speaker_surface=s["speaker_surface"], speaker_post=s["speaker_post"], text=s["text"],
            kind=s["kind"], published=_moment(s.get("published")),
            snippet=snippet(s["text"], s["language"], wanted, max_chars=400),
        )
