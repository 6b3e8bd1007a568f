"""The stories gold set (every `*.yaml` in `bench/gold/stories/`) as articles: reprints are made
from their originals by the edits the file lists, so the files stay readable and every copy is
exactly what it says it is. Parts written at different times live in their own files, each
story labelled with its `split`."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from pathlib import Path

import yaml

GOLD = Path(__file__).resolve().parent / "gold" / "stories"
BISHKEK = timezone(timedelta(hours=6))
REPRINT_DELAY = timedelta(minutes=35)  # a reprint without its own time: this long after its original, per copy


@dataclass(frozen=True)
class GoldArticle:
    id: str
    story: str
    split: str  # tune | held | fresh, fresh2 (written after the rules were last changed, blind)
    source: str
    lang: str
    kind: str
    published: datetime
    title: str
    text: str


def _sentences(text: str) -> list[str]:
    return re.split(r"(?<=[.!?])\s+", text.strip())


def load_gold(path: Path = GOLD) -> list[GoldArticle]:
    """Every article of the gold set, originals and derived reprints, in file order; `path` is one
    file or a folder whose `*.yaml` files are read in name order. Ids are unique across files."""
    files = sorted(path.glob("*.yaml")) if path.is_dir() else [path]
    if not files:
        raise ValueError(f"no gold files in {path}")
    out: dict[str, GoldArticle] = {}
    copies: dict[str, int] = {}
    stories = [(f, s) for f in files for s in yaml.safe_load(f.read_text(encoding="utf-8"))["stories"]]
    names = [s["story"] for _, s in stories]
    if len(set(names)) != len(names):
        raise ValueError(f"story names used twice: {sorted({n for n in names if names.count(n) > 1})}")
    for file, story in stories:
        for a in story["articles"]:
            if a["id"] in out:
                raise ValueError(f"{file.name}: article id {a['id']} is used twice")
            if "reprint_of" in a:
                base = out[a["reprint_of"]]
                text = base.text
                for old, new in a.get("edits") or ():
                    if old not in text:
                        raise ValueError(f"{a['id']}: edit {old!r} not in {base.id}")
                    text = text.replace(old, new)
                if a.get("drop_last"):
                    text = " ".join(_sentences(text)[:-1])
                if a.get("prefix"):
                    lower = text[1:2].islower()  # «ЦИК …» keeps its capitals after the prefix
                    text = f"{a['prefix']} {text[0].lower() if lower else text[0]}{text[1:]}"
                if a.get("suffix"):
                    text = f"{text} {a['suffix']}"
                copies[base.id] = copies.get(base.id, 0) + 1
                published = (datetime.fromisoformat(str(a["published"])).replace(tzinfo=BISHKEK) if "published" in a
                             else base.published + REPRINT_DELAY * copies[base.id])
            else:
                text = " ".join(a["text"].split())
                published = datetime.fromisoformat(str(a["published"])).replace(tzinfo=BISHKEK)
            out[a["id"]] = GoldArticle(a["id"], story["story"], story["split"], a["source"], a["lang"], a["kind"],
                                       published, a["title"], text)
    return list(out.values())
