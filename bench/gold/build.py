"""Build the analysis gold set (JSONL) from the marked-up sources in `bench/gold/src/`.

Offsets are computed here, never typed by hand. A source line is

    DATE | TAGS | TEXT

where TEXT marks entities as [[surface|entity-id]] and statements as
{{speaker|kind|statement text}} (speaker: a registry id, or `-` or `-:surface as written` when
the speaker is not in the registry; kind: direct | indirect). Entities may sit inside statements.
`\\n` in TEXT is a paragraph break. Lines starting with # are comments.

    python bench/gold/build.py            # writes bench/gold/ru.jsonl and ky.jsonl, checks ids
"""

from __future__ import annotations

import json
import re
import sys
from datetime import date
from pathlib import Path

import yaml

GOLD = Path(__file__).resolve().parent
ROOT = GOLD.parents[1]
_TOKEN = re.compile(r"\[\[|\]\]|\{\{|\}\}|\|")


class GoldError(ValueError):
    """A source line that cannot be parsed; names the file and line."""


def parse_line(marked: str, where: str) -> tuple[str, list[dict[str, object]], list[dict[str, object]]]:
    """Strip the markup and return (text, entities, statements) with exact offsets."""
    out: list[str] = []
    pos = 0  # length of the plain text so far
    stack: list[tuple[str, int, list[str]]] = []  # (kind, plain start, fields before the text)
    entities: list[dict[str, object]] = []
    statements: list[dict[str, object]] = []
    i = 0
    marked = marked.replace("\\n", "\n")
    while i < len(marked):
        m = _TOKEN.search(marked, i)
        chunk = marked[i : m.start()] if m else marked[i:]
        if stack and stack[-1][0] == "stmt-head":  # reading "speaker|kind|" of a statement
            stack[-1][2].append(chunk)
        elif stack and stack[-1][0] == "ent-id":
            stack[-1][2].append(chunk)
        else:
            out.append(chunk)
            pos += len(chunk)
        if not m:
            break
        tok = m.group()
        i = m.end()
        if tok == "[[":
            stack.append(("ent", pos, []))
        elif tok == "{{":
            stack.append(("stmt-head", pos, []))
        elif tok == "|":
            if stack and stack[-1][0] == "ent":
                _, start, _ = stack.pop()
                stack.append(("ent-id", start, []))
            elif stack and stack[-1][0] == "stmt-head":
                if len(stack[-1][2]) == 2:
                    _, _, fields = stack.pop()
                    stack.append(("stmt", pos, fields))
            else:
                out.append(tok)
                pos += 1
        elif tok == "]]":
            if not stack or stack[-1][0] != "ent-id":
                raise GoldError(f"{where}: ']]' without '[[surface|id'")
            _, start, fields = stack.pop()
            entities.append({"start": start, "end": pos, "id": "".join(fields).strip()})
        elif tok == "}}":
            if not stack or stack[-1][0] != "stmt":
                raise GoldError(f"{where}: '}}}}' without '{{{{speaker|kind|'")
            _, start, (speaker, kind) = stack.pop()
            speaker, kind = speaker.strip(), kind.strip()
            if kind not in ("direct", "indirect"):
                raise GoldError(f"{where}: statement kind {kind!r} is not direct/indirect")
            sid, surface = (None, speaker[2:].strip()) if speaker.startswith("-") else (speaker, "")
            statements.append({"speaker_id": sid, "speaker_surface": surface, "kind": kind, "start": start, "end": pos})
    if stack:
        raise GoldError(f"{where}: unclosed {stack[-1][0]}")
    text = "".join(out)
    for e in entities:
        e["surface"] = text[e["start"] : e["end"]]  # type: ignore[index]
    for s in statements:
        s["text"] = text[s["start"] : s["end"]]  # type: ignore[index]
    return text, sorted(entities, key=lambda e: e["start"]), statements  # type: ignore[arg-type, return-value]


def parse_source_line(line: str, where: str) -> tuple[str, str, str, list[dict[str, object]], list[dict[str, object]]]:
    """`DATE | TAGS | TEXT` → (date, tags, plain text, entities, statements)."""
    try:
        day, tags, marked = (part.strip() for part in line.split("|", 2))
        date.fromisoformat(day)
    except ValueError as exc:
        raise GoldError(f"{where}: expected 'YYYY-MM-DD | tags | text' ({exc})") from None
    return (day, tags, *parse_line(marked, where))


def build(lang: str) -> list[dict[str, object]]:
    items = []
    path = GOLD / "src" / f"{lang}.txt"
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        day, tags, text, entities, statements = parse_source_line(line, f"{path.name}:{n}")
        items.append({"id": f"{lang}-{len(items) + 1:03d}", "lang": lang, "date": day,
                      "tags": tags.split(), "text": text, "entities": entities, "statements": statements})
    return items


def registry_ids(path: Path) -> set[str]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    return {e["id"] for e in data.get("entities", [])}


def unknown_ids(items: list[dict[str, object]], known: set[str]) -> list[str]:
    """Every gold id the registry does not have, as 'item-id: entity-id'."""
    bad = []
    for item in items:
        ids = [e["id"] for e in item["entities"]] + [s["speaker_id"] for s in item["statements"] if s["speaker_id"]]  # type: ignore[attr-defined]
        bad += [f"{item['id']}: {i}" for i in ids if i not in known]
    return bad


def main() -> int:
    known = registry_ids(ROOT / "config" / "entities.yaml")
    status = 0
    for lang in ("ru", "ky"):
        items = build(lang)
        with (GOLD / f"{lang}.jsonl").open("w", encoding="utf-8") as f:
            for item in items:
                f.write(json.dumps(item, ensure_ascii=False) + "\n")
        bad = unknown_ids(items, known)
        n_st = sum(len(i["statements"]) for i in items)  # type: ignore[arg-type]
        print(f"{lang}: {len(items)} items, {n_st} statements, {len(bad)} unknown ids")
        for b in bad:
            print("  unknown id", b)
        status |= bool(bad)
    return status


if __name__ == "__main__":
    sys.exit(main())
