"""Extraction quality gate: `extract` over the written page fixtures, scored against the
reference text in each sidecar, with pinned floors (trafilatura's eval-gate idea).

    python -m bench.extract_gate [--update]

Scores are bag-of-words precision / recall / F1 against the reference, plus the boilerplate
strings that leaked. Floors live in bench/extract_gate_baseline.json; lowering one is a visible,
explained change. With ../shared/data/seed-article.txt present (a crude scrape with site
furniture), it is also laid out as a div-per-line page and checked for leaked furniture.
Exit 1 when a page falls below its floor.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
from collections import Counter
from html import escape
from pathlib import Path

from pipeline.extract import extract

ROOT = Path(__file__).resolve().parent.parent
PAGES = ROOT / "tests" / "extract" / "fixtures" / "pages"
BASELINE = Path(__file__).with_name("extract_gate_baseline.json")
SEED = ROOT.parent / "shared" / "data" / "seed-article.txt"
FURNITURE = ("Top.Mail.Ru", "Версия сайта", "pixel", "Все категории", "Актуальное")
WORD = re.compile(r"\w+")


def scores(got: str, reference: str) -> tuple[float, float, float]:
    """Bag-of-words precision, recall, F1 of `got` against `reference` (case-folded)."""
    g, r = Counter(WORD.findall(got.casefold())), Counter(WORD.findall(reference.casefold()))
    common = sum((g & r).values())
    precision = common / max(sum(g.values()), 1)
    recall = common / max(sum(r.values()), 1)
    return precision, recall, (2 * precision * recall / (precision + recall) if common else 0.0)


def leaks(text: str) -> list[str]:
    return [f for f in FURNITURE if re.search(rf"(?im)^\W*{re.escape(f)}\W*$", text)]


def run_fixtures() -> list[dict[str, object]]:
    rows: list[dict[str, object]] = []
    extract(b"<p>warm-up: loads the language model once</p>", url="https://warm.example/", encoding="utf-8", entry=None)
    for sidecar in sorted(PAGES.glob("*.json")):
        case = json.loads(sidecar.read_text("utf-8"))
        if "reference" not in case:
            continue
        body = sidecar.with_suffix(".html").read_bytes()
        start = time.perf_counter()
        article = extract(body, url=case["url"], encoding=case["encoding"], entry=None)
        ms = (time.perf_counter() - start) * 1000
        p, r, f1 = scores(article.text, case["reference"])
        rows.append({"page": sidecar.stem, "precision": p, "recall": r, "f1": f1, "leaks": leaks(article.text), "ms": ms})
    return rows


def run_seed() -> dict[str, object] | None:
    """The seed scrape laid out as a page; it has no reference text, so only leaks are judged."""
    if not SEED.exists():
        return None
    lines = [line for line in SEED.read_text("utf-8").splitlines() if line.strip()]
    page = "<html><body>" + "".join(f"<div>{escape(line)}</div>\n" for line in lines) + "</body></html>"
    start = time.perf_counter()
    article = extract(page.encode("utf-8"), url="https://seed.example/article", encoding="utf-8", entry=None)
    return {"page": "seed-article (shared/data)", "chars": len(article.text), "leaks": leaks(article.text),
            "title": article.title,
            "ms": (time.perf_counter() - start) * 1000, "language": article.language}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--update", action="store_true", help="pin the current F1 scores (minus 0.02) as floors")
    args = parser.parse_args(argv)
    rows = run_fixtures()
    floors: dict[str, float] = json.loads(BASELINE.read_text("utf-8")) if BASELINE.exists() else {}
    failed = 0
    print(f"{'page':<28} {'prec':>6} {'rec':>6} {'F1':>6} {'floor':>6} {'ms':>7}  leaks")
    for row in rows:
        floor = floors.get(str(row["page"]), 0.0)
        bad = float(row["f1"]) < floor or bool(row["leaks"])
        failed += bad
        print(f"{row['page']:<28} {row['precision']:>6.3f} {row['recall']:>6.3f} {row['f1']:>6.3f} {floor:>6.2f} "
              f"{row['ms']:>7.1f}  {','.join(row['leaks']) or '-'}{'  BELOW FLOOR' if bad else ''}")  # type: ignore[arg-type]
    mean = sum(float(r["f1"]) for r in rows) / max(len(rows), 1)
    print(f"{'mean':<28} {'':>6} {'':>6} {mean:>6.3f}")
    seed = run_seed()
    if seed is None:
        print("seed article: ../shared/data absent, skipped")
    else:
        failed += bool(seed["leaks"])
        print(f"{seed['page']:<28} chars={seed['chars']} lang={seed['language']} ms={seed['ms']:.1f} "
              f"leaks={','.join(seed['leaks']) or '-'} title={str(seed['title'])[:60]!r}")  # type: ignore[arg-type]
    if args.update:
        BASELINE.write_text(json.dumps({str(r["page"]): round(float(r["f1"]) - 0.02, 2) for r in rows}, indent=2) + "\n")
        print(f"floors written to {BASELINE.name}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
