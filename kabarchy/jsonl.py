"""The JSON shape of an entity mention and a statement, shared by `export` (stored articles)
and `analyze --jsonl` (a researcher's own texts), so both write the same field names."""

from __future__ import annotations

from typing import Any

from pipeline.records import Mention, Statement


def mention_json(m: Mention) -> dict[str, Any]:
    return {"id": m.entity_id, "type": m.entity_type, "name": m.name, "surface": m.surface,
            "start": m.start, "end": m.end}


def statement_json(s: Statement) -> dict[str, Any]:
    return {"speaker_id": s.speaker_id, "speaker_surface": s.speaker_surface, "speaker_post": s.speaker_post,
            "text": s.text, "kind": s.kind, "cue": s.cue, "start": s.start, "end": s.end}
