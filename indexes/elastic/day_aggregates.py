"""Per-day counts kept beside the articles on Elasticsearch, exact under updates and deletes.

The `{prefix}-days` index holds one document per (entity, Bishkek day) — mentioning articles,
statements, and the maps story → articles and source → articles behind its distinct stories
and outlets — and one per day with the day's articles. A timeline or the spikes read a few
thousand of these instead of aggregating over the million articles; the maps make week and
month unions of stories and outlets exact (a `cardinality` over articles is exact only below
its precision threshold).

Every write knows the previous version of each article (its indexed document, read with the
statement ids in the same `mget`), so a batch turns into deltas: minus what the old version
counted, plus what the new one counts; an unchanged re-write nets to nothing. The deltas are
summed per document, the touched documents are read (one realtime `mget`), changed here and
written back in one bulk (a document whose counts reach zero is deleted; scripts are not used:
the server may run without a scripting language). The store keeps one writer per data folder,
so no two batches race on a count, and each write is conditional on the version read.

Consistency under failures: a `state` document says a batch is being applied. A writer that
finds it set (a crashed batch) or sees an aggregate item fail marks the aggregates `broken`;
readers then count from the articles (always exact) until `kabarchy reindex` rebuilds them.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from indexes.base import ArticleDocument, StatementDocument
from indexes.dates import bishkek_day
from indexes.ids import entity_type_of, story_of

Json = dict[str, Any]
STATE_ID = "state"
MAP = {"type": "object", "enabled": False}  # stored for the script, never indexed: keys are ids
SAID_SEP = "\x1f"

DAY_PROPERTIES: dict[str, Any] = {
    "kind": {"type": "keyword"},  # entity | day | state
    "entity_id": {"type": "keyword"},
    "entity_type": {"type": "keyword"},
    "day": {"type": "date", "format": "yyyy-MM-dd"},  # a Bishkek calendar day, as UTC midnight
    "mentions": {"type": "integer"},
    "statements": {"type": "integer"},
    "stories": {"type": "integer"},
    "outlets": {"type": "integer"},
    "articles": {"type": "integer"},  # day documents: every article of the day
    "story_counts": MAP,
    "source_counts": MAP,
    "writing": {"type": "boolean"},  # state document: a batch is being applied
    "broken": {"type": "boolean"},  # state document: counts may be off until a reindex
}

def entity_doc_id(entity_id: str, day: str) -> str:
    return f"entity|{entity_id}|{day}"


def _day(moment: datetime | None) -> str | None:
    return bishkek_day(moment).isoformat() if moment else None


@dataclass(frozen=True)
class Counted:
    """What one article adds to the per-day counts (also what its indexed document says)."""

    day: str | None  # Bishkek YYYY-MM-DD; undated articles are not counted
    source: str
    story: str
    entity_ids: tuple[str, ...]
    said: tuple[str, ...]  # "speaker<US>day", one per statement with both


def said_days(statements: Iterable[StatementDocument]) -> list[str]:
    """The (speaker, day) of each of an article's statements, as the article document keeps them."""
    return sorted(f"{s.speaker_id}{SAID_SEP}{d}" for s in statements if s.speaker_id and (d := _day(s.published)))


def counted_from_document(a: ArticleDocument, said: Sequence[str]) -> Counted:
    return Counted(_day(a.published), a.source, story_of(a.id, a.cluster_id),
                   tuple(dict.fromkeys(e.id for e in a.entities)), tuple(said))


def counted_from_source(src: Mapping[str, Any]) -> Counted:
    """The counts an indexed article document stands for (its previous version)."""
    published = src.get("published")
    return Counted(_day(datetime.fromisoformat(published)) if published else None, src["source"], src["story"],
                   tuple(dict.fromkeys(src.get("entity_ids") or ())), tuple(src.get("said_days") or ()))


@dataclass
class DayDeltas:
    """Net changes of one batch to the per-day documents."""

    days: Counter[str] = field(default_factory=Counter)
    mentions: Counter[tuple[str, str]] = field(default_factory=Counter)  # (entity, day)
    said: Counter[tuple[str, str]] = field(default_factory=Counter)
    stories: dict[tuple[str, str], Counter[str]] = field(default_factory=dict)
    sources: dict[tuple[str, str], Counter[str]] = field(default_factory=dict)

    def add(self, c: Counted, sign: int = 1) -> None:
        if c.day is not None:
            self.days[c.day] += sign
            for entity_id in c.entity_ids:
                key = (entity_id, c.day)
                self.mentions[key] += sign
                self.stories.setdefault(key, Counter())[c.story] += sign
                self.sources.setdefault(key, Counter())[c.source] += sign
        for pair in c.said:
            speaker, _, day = pair.partition(SAID_SEP)
            self.said[(speaker, day)] += sign

    def changed(self) -> dict[str, tuple[Json, Json]]:
        """Per-day document id → (its fields when new, the deltas to add to it)."""
        out: dict[str, tuple[Json, Json]] = {}
        for day, n in self.days.items():
            if n:
                out[f"day|{day}"] = ({"kind": "day", "day": day}, {"articles": n})
        for key in set(self.mentions) | set(self.said) | set(self.stories):
            entity_id, day = key
            delta = {"mentions": self.mentions.get(key, 0), "statements": self.said.get(key, 0),
                     "story_counts": {k: n for k, n in self.stories.get(key, Counter()).items() if n},
                     "source_counts": {k: n for k, n in self.sources.get(key, Counter()).items() if n}}
            if any(delta.values()):
                out[entity_doc_id(entity_id, day)] = (
                    {"kind": "entity", "entity_id": entity_id, "entity_type": entity_type_of(entity_id), "day": day},
                    delta)
        return out


def applied(held: Json | None, fresh: Json, delta: Json) -> Json | None:
    """A per-day document after its deltas; None when nothing is left in it (it is deleted)."""
    doc = dict(held) if held is not None else dict(fresh)
    for name, d in delta.items():
        if isinstance(d, dict):
            counts = dict(doc.get(name) or {})
            for k, n in d.items():
                left = counts.get(k, 0) + n
                if left > 0:
                    counts[k] = left
                else:
                    counts.pop(k, None)
            doc[name] = counts
        else:
            doc[name] = doc.get(name, 0) + d
    if doc["kind"] == "day":
        return doc if doc["articles"] > 0 else None
    doc["stories"], doc["outlets"] = len(doc["story_counts"]), len(doc["source_counts"])
    return doc if doc["mentions"] > 0 or doc["statements"] > 0 else None


def actions(index: str, changed: dict[str, tuple[Json, Json]], held: dict[str, Json]) -> list[Json]:
    """Bulk actions writing the changed per-day documents. Each is written only if nobody
    changed it since it was read (`if_seq_no`; `create` for a new one): a second writer,
    which the store's lock should make impossible, fails the items instead of losing counts."""
    out: list[Json] = []
    for doc_id, (fresh, delta) in sorted(changed.items()):
        found = held.get(doc_id)
        doc = applied(found["_source"] if found else None, fresh, delta)
        guard = {"if_seq_no": found["_seq_no"], "if_primary_term": found["_primary_term"]} if found else {}
        if doc is None:
            if found:
                out.append({"_op_type": "delete", "_index": index, "_id": doc_id, **guard})
        else:
            out.append({"_op_type": "index" if found else "create", "_index": index, "_id": doc_id,
                        "_source": doc, **guard})
    return out


NEEDS_REINDEX = ("this Elasticsearch index has no per-day counts (built by an earlier version): timelines "
                 "and spikes count the articles instead, more slowly; run `kabarchy reindex` once")


def state_note(state: Mapping[str, Any]) -> str:
    """"ready" when the per-day documents can be read; else why not."""
    if state.get("broken"):
        return ("the per-day counts of this Elasticsearch index may be off (a write failed halfway): "
                "timelines and spikes count the articles instead; run `kabarchy reindex`")
    return "busy: a write is being applied" if state.get("writing") else "ready"


def state_action(index: str, *, writing: bool, broken: bool) -> Json:
    return {"_op_type": "index", "_index": index, "_id": STATE_ID,
            "_source": {"kind": "state", "writing": writing, "broken": broken}}


def day_range(date_from: date | None, date_to: date | None) -> list[Json]:
    bounds = {k: d.isoformat() for k, d in (("gte", date_from), ("lte", date_to)) if d is not None}
    return [{"range": {"day": bounds}}] if bounds else []
