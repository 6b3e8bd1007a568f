"""Build the v2 gold sets (dev and held-out JSONL) from the marked-up sources in `src/`.

The markup is the one of `bench/gold/build.py` (offsets are computed, never typed), with richer
entity and speaker fields, so a gold item can say what must NOT be linked and which speakers are
outside the registry or unresolved. A source line is `DATE | TAGS | TEXT`; see README.md here.

    python bench/gold/v2/build.py          # writes ru/ky .dev/.heldout.jsonl, checks every id
    python bench/gold/v2/build.py --split  # first moves new items from src/new/ into src/dev/ and
                                           # src/heldout/, then builds

Split: new items are divided ~60 % dev / ~40 % held-out per language, stratified by the item's
first category and ordered by a hash of its text: each new item goes to the side that is furthest
behind its share in the item's category, counting the items already split (ties: the whole
language's balance, then held-out); once moved, an item stays on its side for good
(the held-out sources live in their own folder so that nobody tuning on dev reads them by accident).
"""

from __future__ import annotations

import hashlib
import importlib.util
import json
import sys
from collections import Counter, defaultdict
from pathlib import Path

V2 = Path(__file__).resolve().parent
ROOT = V2.parents[2]
SRC = V2 / "src"
_spec = importlib.util.spec_from_file_location("gold_build_v1", V2.parent / "build.py")
assert _spec and _spec.loader
_v1 = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(_v1)  # the v1 markup parser and registry reader, shared rather than copied
GoldError, parse_line, parse_source_line, registry_ids = _v1.GoldError, _v1.parse_line, _v1.parse_source_line, _v1.registry_ids

CATEGORIES = ("gender", "not-person", "foreign", "renamed", "titles", "media", "verbs", "constructions",
              "speakers", "places", "persons", "plain")
TYPES = ("person", "place", "organisation", "media", "party", "body")
DEV_SHARE = 0.6


def parse_entity(raw: str, where: str) -> dict[str, object]:
    """`id`, `~type[=label]`, `!id`, `!type` or `?id`, joined by `;` → one gold entity's claims."""
    out: dict[str, object] = {"id": None, "type": None, "label": None, "forbid": [], "optional": []}
    for claim in (c.strip() for c in raw.split(";") if c.strip()):
        if claim.startswith("!"):
            out["forbid"].append(claim[1:])  # type: ignore[attr-defined]
        elif claim.startswith("?"):
            out["optional"].append(claim[1:])  # type: ignore[attr-defined]
        elif claim.startswith("~"):
            kind, _, label = claim[1:].partition("=")
            if kind not in TYPES:
                raise GoldError(f"{where}: unknown type {kind!r} in {raw!r}")
            out["type"], out["label"] = kind, label or None
        elif ":" in claim:
            out["id"] = claim
            out["type"] = claim.split(":", 1)[0]
        else:
            raise GoldError(f"{where}: cannot read entity claim {claim!r}")
    return out


def parse_speaker(raw: str, where: str) -> dict[str, object]:
    """`WHO[@surface]` where WHO is a registry id, `~type[=label]` or `null:reason`."""
    who, _, surface = raw.partition("@")
    who = who.strip()
    out: dict[str, object] = {"speaker_id": None, "speaker_kind": "registry", "speaker_label": None,
                              "null_reason": None, "speaker_surface": surface.strip()}
    if who.startswith("null"):
        out["speaker_kind"], out["null_reason"] = "null", who.partition(":")[2] or "unresolved"
    elif who.startswith("~"):
        kind, _, label = who[1:].partition("=")
        out["speaker_kind"], out["speaker_label"] = "provisional", label or None
        if kind not in TYPES:
            raise GoldError(f"{where}: unknown speaker type {kind!r}")
    elif ":" in who:
        out["speaker_id"] = who
    else:
        raise GoldError(f"{where}: cannot read speaker {raw!r}")
    return out


def source_lines(folder: str, lang: str, src: Path) -> list[tuple[str, str]]:
    """(where, line) for every item line of one language in src/<folder>/."""
    out = []
    for path in sorted((src / folder).glob(f"{lang}_*.txt")):
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if line.strip() and not line.lstrip().startswith("#"):
                out.append((f"{folder}/{path.name}:{n}", line))
    return out


def build(lang: str, folder: str, src: Path = SRC, version: str = "2") -> list[dict[str, object]]:
    """The items of one language in src/<folder>/; ids are `<lang><version>-<hash of the text>`."""
    items: list[dict[str, object]] = []
    for where, line in source_lines(folder, lang, src):
        day, tags, text, raw_entities, raw_statements = parse_source_line(line, where)
        entities = [{"start": e["start"], "end": e["end"], "surface": e["surface"], **parse_entity(str(e["id"]), where)}
                    for e in raw_entities]
        statements = []
        for s in raw_statements:
            speaker = parse_speaker(str(s["speaker_id"]), where)
            statements.append({**speaker, "kind": s["kind"], "start": s["start"], "end": s["end"], "text": s["text"]})
        tag_list = tags.split()
        cats = [t for t in tag_list if t.split("/")[0] in CATEGORIES]
        if not cats:
            raise GoldError(f"{where}: no category among {tag_list} (one of {', '.join(CATEGORIES)})")
        items.append({"id": f"{lang}{version}-{hashlib.sha1(text.encode()).hexdigest()[:8]}", "lang": lang,
                      "date": day, "categories": sorted({c.split("/")[0] for c in cats}, key=CATEGORIES.index),
                      "tags": tag_list, "text": text, "entities": entities, "statements": statements,
                      "source": where})
    return items


def _first(item: dict[str, object]) -> str:
    return str(item["tags"][0]).split("/")[0]  # type: ignore[index]


def _ahead(count: Counter[str], folder: str, dev_share: float) -> float:
    """How far a side is ahead of its share if it takes one more item (the split gives it to the side less ahead)."""
    share = dev_share if folder == "dev" else 1 - dev_share
    return count[folder] + 1 - share * (sum(count.values()) + 1)


def split_new(lang: str, src: Path = SRC, dev_share: float = DEV_SHARE) -> tuple[int, int]:
    """Move the items of src/new/<lang>_*.txt to src/dev/ or src/heldout/ (same file name)."""
    items = build(lang, "new", src)
    counts: dict[str, Counter[str]] = defaultdict(Counter)  # category (or "all") -> items per side
    for folder in ("dev", "heldout"):
        for item in build(lang, folder, src):
            counts[_first(item)][folder] += 1
            counts["all"][folder] += 1
    side: dict[str, str] = {}
    for item in sorted(items, key=lambda i: (_first(i), str(i["id"]))):
        chosen = min(("dev", "heldout"), key=lambda f: (_ahead(counts[_first(item)], f, dev_share),
                                                         _ahead(counts["all"], f, dev_share), f == "dev"))
        side[str(item["source"])] = chosen
        counts[_first(item)][chosen] += 1
        counts["all"][chosen] += 1
    for path in sorted((src / "new").glob(f"{lang}_*.txt")):
        lines = path.read_text(encoding="utf-8").splitlines()
        header = [line for line in lines if line.lstrip().startswith("#")]
        for folder in ("dev", "heldout"):
            chosen = [line for n, line in enumerate(lines, 1) if side.get(f"new/{path.name}:{n}") == folder]
            target = src / folder / path.name
            old = target.read_text(encoding="utf-8").splitlines() if target.exists() else header
            target.parent.mkdir(exist_ok=True)
            target.write_text("\n".join(old + chosen) + "\n", encoding="utf-8")
        path.unlink()
    dev = sum(v == "dev" for v in side.values())
    return dev, len(side) - dev


def problems(items: list[dict[str, object]], known: set[str]) -> list[str]:
    """Unknown registry ids, duplicate items and speaker labels no entity carries."""
    bad = []
    seen: set[str] = set()
    for item in items:
        where = item["source"]
        if item["id"] in seen:
            bad.append(f"{where}: duplicate text")
        seen.add(str(item["id"]))
        labels = {e["label"] for e in item["entities"] if e["label"]}  # type: ignore[attr-defined]
        for e in item["entities"]:  # type: ignore[attr-defined]
            ids = ([e["id"]] if e["id"] else []) + [f for f in e["forbid"] + e["optional"] if ":" in f]
            bad += [f"{where}: unknown id {i}" for i in ids if i not in known]
        for s in item["statements"]:  # type: ignore[attr-defined]
            if s["speaker_id"] and s["speaker_id"] not in known:
                bad.append(f"{where}: unknown speaker id {s['speaker_id']}")
            if s["speaker_label"] and s["speaker_label"] not in labels:
                bad.append(f"{where}: speaker label {s['speaker_label']} names no entity")
    return bad


def main(argv: list[str], gold: Path = V2, version: str = "2", dev_share: float = DEV_SHARE) -> int:
    """Split new items if asked, then build `<gold>/<lang>.<part>.jsonl` from `<gold>/src/`."""
    known = registry_ids(ROOT / "config" / "entities.yaml")
    src = gold / "src"
    status = 0
    for lang in ("ru", "ky"):
        if "--split" in argv:
            print(f"{lang}: moved %d new items to dev, %d to held-out" % split_new(lang, src, dev_share))
        parts = {part: build(lang, part, src, version) for part in ("dev", "heldout")}
        bad = problems(parts["dev"] + parts["heldout"], known)
        for b in bad:
            print("  ", b)
        status |= bool(bad)
        for part, chosen in parts.items():
            with (gold / f"{lang}.{part}.jsonl").open("w", encoding="utf-8") as f:
                for item in chosen:
                    f.write(json.dumps(item, ensure_ascii=False) + "\n")
            n_st = sum(len(i["statements"]) for i in chosen)  # type: ignore[arg-type]
            print(f"{lang}.{part}: {len(chosen)} items, {n_st} statements")
    return status


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
