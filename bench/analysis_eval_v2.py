"""Issue #7 evidence: linking and who-said-what on the v2 gold sets, per category, dev and held-out.

    python bench/analysis_eval_v2.py                      # both languages, dev and held-out
    python bench/analysis_eval_v2.py --part heldout --json out.json --misses 20 --markdown
    python bench/analysis_eval_v2.py --gold bench/gold/v3   # the same scoring on the v3 articles

The gold (`bench/gold/v2/`, see its README) says what must be linked, what is outside the registry,
what must NOT be linked, and who speaks (a registry id, a provisional person, or nobody). Held-out
is what we report; dev is for whoever tunes the rules. Counting rules:

- links (P/R/F1): predicted registry links against gold registry ids (same id, overlapping span,
  one-to-one). A registry link on a span the gold marks as outside the registry with a compatible
  non-person type (`~place`, `~media`, `~organisation`), or with an id the gold allows there
  (`?id`: «Кыргызстана» inside «МИД Кыргызстана»), is neutral; any other unmatched registry link
  is a false positive. Mentions found by coreference (pronouns, «ведомство») are left out of
  these counts (the gold does not mark anaphors as entities) but not out of the wrong links.
- wrong links: gold spans that forbid a link (`!id`, `!type`, or a `~person`: a private person is
  never in the registry), and the share of them the analyser links anyway. A span with only `!`
  claims takes no registry link at all; a mention that a gold span nested inside allows (the
  country in «[[МИД [[Азербайджана|~place]]|…]]») is judged by the nested span alone.
- outside found: `~type` spans covered by a mention of a compatible type that the gold allows.
- places: every gold place (registry id or `~place`) found (the right id, or any place mention).
- identity: pairs of labelled provisional spans (`~person=A`, `~person=B`) whose predicted ids are
  equal exactly when the labels are.
- statements (P/R/F1): spans overlapping (one-to-one). Attribution (P/R/F1): a matched statement
  whose speaker is right: the registry id; for a provisional speaker the id the analyser gave that
  person's mention (else any provisional id sharing a word with the gold surface); for a gold
  `null:reason`, no id at all. A gold statement whose speaker is a news outlet («AKIpress
  сообщает, что …», «… деп жазат Kaktus.media»: v2's convention) is left out: an outlet is the
  source of a report, not a speaker (v3's convention and the analyser's, `speech/outlets.py`). `with id` is the share of predicted statements that carry a
  speaker id. `clean` (items tagged speakers/clean-surface): the predicted surface has no word
  outside the gold description.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from analysis_eval import ROOT, Analyse, Counts, Item, _overlap, _pairs, full_analyzer

from pipeline.analysis.registry import Registry
from pipeline.records import Analysis, Mention, Statement

V2 = ROOT / "bench" / "gold" / "v2"
PARTS = ("dev", "heldout")
COMPATIBLE = {"person": {"person"}, "place": {"place"}, "media": {"media", "organisation"},
              "organisation": {"organisation", "body", "party", "media"}, "body": {"body", "organisation"},
              "party": {"party", "organisation"}}
PRONOUNS = {"он", "она", "они", "ал", "алар"}
_WORD = re.compile(r"\w+")


@dataclass
class Ratio:
    hit: int = 0
    total: int = 0

    def add(self, ok: bool) -> None:
        self.hit += ok
        self.total += 1

    def value(self) -> float | None:
        return self.hit / self.total if self.total else None


@dataclass
class Tally:
    items: int = 0
    links: Counts = field(default_factory=Counts)
    wrong_links: Ratio = field(default_factory=Ratio)
    outside: Ratio = field(default_factory=Ratio)
    places: Ratio = field(default_factory=Ratio)
    identity: Ratio = field(default_factory=Ratio)
    statements: Counts = field(default_factory=Counts)
    attribution: Counts = field(default_factory=Counts)
    speaker: Ratio = field(default_factory=Ratio)  # matched statements with the right speaker
    with_id: Ratio = field(default_factory=Ratio)  # predicted statements carrying a speaker id
    null_right: Ratio = field(default_factory=Ratio)  # matched gold `null` speakers left without id
    clean: Ratio = field(default_factory=Ratio)

    def merge(self, other: Tally) -> None:
        self.items += other.items
        for name in ("links", "statements", "attribution"):
            mine, theirs = getattr(self, name), getattr(other, name)
            mine.tp, mine.fp, mine.fn = mine.tp + theirs.tp, mine.fp + theirs.fp, mine.fn + theirs.fn
        for name in ("wrong_links", "outside", "places", "identity", "speaker", "with_id", "null_right", "clean"):
            mine, theirs = getattr(self, name), getattr(other, name)
            mine.hit, mine.total = mine.hit + theirs.hit, mine.total + theirs.total

    def row(self) -> dict[str, float | int | None]:
        lp, lr, lf = self.links.prf()
        sp, sr, sf = self.statements.prf()
        ap, ar, af = self.attribution.prf()
        has_links = self.links.tp + self.links.fp + self.links.fn > 0
        has_st = self.statements.tp + self.statements.fp + self.statements.fn > 0
        return {"items": self.items,
                "link_p": lp if has_links else None, "link_r": lr if has_links else None, "link_f1": lf if has_links else None,
                "registry_links": self.links.tp + self.links.fp,
                "wrong_link_rate": self.wrong_links.value(), "forbidden_spans": self.wrong_links.total,
                "outside_found": self.outside.value(), "place_recall": self.places.value(),
                "identity_pairs": self.identity.value(),
                "st_p": sp if has_st else None, "st_r": sr if has_st else None, "st_f1": sf if has_st else None,
                "attr_p": ap if has_st else None, "attr_r": ar if has_st else None, "attr_f1": af if has_st else None,
                "speaker_acc": self.speaker.value(), "with_id": self.with_id.value(),
                "null_right": self.null_right.value(), "clean_surface": self.clean.value(),
                "gold_statements": self.statements.tp + self.statements.fn}


def load(lang: str, part: str, gold: Path = V2) -> list[Item]:
    path = gold / f"{lang}.{part}.jsonl"
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def _words(text: str) -> set[str]:
    return {w.lower()[:4] for w in _WORD.findall(text)}


def _allowed(gold: dict[str, object], m: Mention, in_registry: bool) -> bool:
    """May this predicted mention stand on this gold span (type compatible, nothing forbidden)?"""
    forbid = gold["forbid"]
    if m.entity_id in forbid or m.entity_type in forbid:  # type: ignore[operator]
        return False
    if gold["id"]:
        return m.entity_id == gold["id"]
    kind = str(gold["type"])
    if kind == "person" and in_registry:
        return False
    return m.entity_type in COMPATIBLE.get(kind, {kind})


def score_entities(item: Item, analysis: Analysis, registry: Registry, t: Tally, misses: list[str]) -> dict[str, set[str]]:
    """Tally links, wrong links, outside/place recall and identity; return label -> predicted ids."""
    gold: list[dict[str, object]] = item["entities"]  # type: ignore[assignment]
    mentions = list(analysis.mentions)
    known = [registry.get(m.entity_id) is not None for m in mentions]
    span = lambda m: (m.start, m.end)  # noqa: E731
    over = lambda g, m: _overlap((int(g["start"]), int(g["end"])), span(m)) > 0  # type: ignore[call-overload]  # noqa: E731
    within = lambda a, b: b["start"] <= a["start"] and a["end"] <= b["end"]  # type: ignore[operator]  # noqa: E731
    positives = [g for g in gold if g["id"]]
    linked = [m for m, k in zip(mentions, known) if k and m.method != "coref"]
    pairs = _pairs(positives, linked, lambda g, m: g["id"] == m.entity_id, span)  # type: ignore[attr-defined]
    hit_g, hit_p = {g for g, _ in pairs}, {p for _, p in pairs}
    neutral = {pi for pi, m in enumerate(linked) if pi not in hit_p and any(
        over(g, m) and (m.entity_id in g["optional"] or (not g["id"] and g["type"] != "person" and _allowed(g, m, True)))  # type: ignore[operator]
        for g in gold)}
    t.links.tp += len(pairs)
    t.links.fn += len(positives) - len(pairs)
    t.links.fp += len(linked) - len(pairs) - len(neutral)
    text = str(item["text"])
    misses += [f"{item['id']} MISSED {g['surface']!r} {g['id']}" for gi, g in enumerate(positives) if gi not in hit_g]
    misses += [f"{item['id']} EXTRA  {m.surface!r} {m.entity_id}  | {text[:80]}" for pi, m in enumerate(linked)
               if pi not in hit_p and pi not in neutral]
    labels: dict[str, set[str]] = defaultdict(set)
    found_ids: list[tuple[str, str]] = []
    for g in gold:
        if not g["id"] and not g["type"] and not g["forbid"]:
            continue  # only optional links here: nothing is required or forbidden
        covering = [(m, k) for m, k in zip(mentions, known) if over(g, m)
                    and not any(inner is not g and within(inner, g) and over(inner, m) and _allowed(inner, m, k) for inner in gold)]
        if g["forbid"] or (g["type"] == "person" and not g["id"]):
            broken = any(not _allowed(g, m, k) for m, k in covering if k or m.entity_type in g["forbid"])  # type: ignore[operator]
            t.wrong_links.add(broken)
            if broken:
                misses.append(f"{item['id']} WRONG  {g['surface']!r} -> {[m.entity_id for m, _ in covering]}")
        ok = [m for m, k in covering if _allowed(g, m, k)]
        if not g["id"] and g["type"]:
            t.outside.add(bool(ok))
        if g["type"] == "place":
            t.places.add(bool(ok))
        if g["label"] and ok:
            labels[str(g["label"])].add(ok[0].entity_id)
            found_ids.append((str(g["label"]), ok[0].entity_id))
    for i, (la, ia) in enumerate(found_ids):
        for lb, ib in found_ids[i + 1:]:
            t.identity.add((la == lb) == (ia == ib))
    return labels


def speaker_right(g: dict[str, object], p: Statement, labels: dict[str, set[str]], registry: Registry) -> bool:
    if g["speaker_kind"] == "null":
        return p.speaker_id is None
    if g["speaker_kind"] == "registry":
        return p.speaker_id == g["speaker_id"]
    if p.speaker_id is None or registry.get(p.speaker_id) is not None:
        return False
    ids = labels.get(str(g["speaker_label"]), set()) if g["speaker_label"] else set()
    return p.speaker_id in ids if ids else bool(_words(p.speaker_surface) & _words(str(g["speaker_surface"])))


def _outlet_speaker(g: dict[str, object], registry: Registry) -> bool:
    """A gold speaker that is a news outlet: a media id, or a surface naming one (Economist.kg)."""
    entity = registry.get(str(g["speaker_id"])) if g["speaker_id"] else None
    if entity is None and g["speaker_kind"] != "null":
        surface = str(g["speaker_surface"]).strip("«»\" ").lower()
        entity = next((e for e in registry.entities if e.type == "media"
                       and surface in {n.lower() for names in (e.names, e.aliases) for v in names.values()
                                       for n in ([v] if isinstance(v, str) else v)}), None)
    return entity is not None and entity.type == "media"


def score_statements(item: Item, analysis: Analysis, labels: dict[str, set[str]], registry: Registry,
                     t: Tally, misses: list[str]) -> None:
    gold: list[dict[str, object]] = [g for g in item["statements"] if not _outlet_speaker(g, registry)]  # type: ignore[union-attr]
    pred = list(analysis.statements)
    pairs = _pairs(gold, pred, lambda g, p: True, lambda p: (p.start, p.end))  # type: ignore[attr-defined]
    t.statements.tp += len(pairs)
    t.statements.fn += len(gold) - len(pairs)
    t.statements.fp += len(pred) - len(pairs)
    for p in pred:
        t.with_id.add(p.speaker_id is not None)
    right = 0
    for gi, pi in pairs:
        g, p = gold[gi], pred[pi]
        ok = speaker_right(g, p, labels, registry)
        right += ok
        t.speaker.add(ok)
        if g["speaker_kind"] == "null":
            t.null_right.add(ok)
        if "speakers/clean-surface" in item["tags"] and ok:  # type: ignore[operator]
            t.clean.add(_words(p.speaker_surface) <= _words(str(g["speaker_surface"])) | PRONOUNS)
        if not ok:
            misses.append(f"{item['id']} SPEAKER gold={g['speaker_id'] or g['speaker_kind']}:{g['speaker_surface']!r} "
                          f"got={p.speaker_id!r} ({p.speaker_surface!r}, cue {p.cue!r})")
    t.attribution.tp += right
    t.attribution.fn += len(gold) - right
    t.attribution.fp += len(pred) - right
    hit_g, hit_p = {g for g, _ in pairs}, {p for _, p in pairs}
    misses += [f"{item['id']} MISSED [{g['kind']}] {g['text'][:70]!r}" for gi, g in enumerate(gold) if gi not in hit_g]  # type: ignore[index]
    misses += [f"{item['id']} EXTRA  [{p.kind} {p.cue}] {p.text[:70]!r}" for pi, p in enumerate(pred) if pi not in hit_p]


def evaluate(items: list[Item], analyse: Analyse, registry: Registry, misses: list[str]) -> dict[str, Tally]:
    """Tallies per category and 'all' (an item counts in each of its categories)."""
    out: dict[str, Tally] = defaultdict(Tally)
    for item in items:
        t = Tally(items=1)
        analysis = analyse(item)
        labels = score_entities(item, analysis, registry, t, misses)
        score_statements(item, analysis, labels, registry, t, misses)
        for cat in ["all", *item["categories"]]:  # type: ignore[list-item]
            out[cat].merge(t)
    return out


COLUMNS = (("items", "items", "{:>5}"), ("link_p", "lnk P", "{:>6}"), ("link_r", "lnk R", "{:>6}"), ("link_f1", "lnk F1", "{:>6}"),
           ("wrong_link_rate", "wrong", "{:>6}"), ("outside_found", "outsd", "{:>6}"), ("place_recall", "place", "{:>6}"),
           ("identity_pairs", "ident", "{:>6}"), ("st_p", "st P", "{:>6}"), ("st_r", "st R", "{:>6}"), ("st_f1", "st F1", "{:>6}"),
           ("attr_f1", "attr F1", "{:>7}"), ("speaker_acc", "spk ok", "{:>6}"), ("with_id", "w/ id", "{:>6}"),
           ("null_right", "null", "{:>6}"), ("clean_surface", "clean", "{:>6}"))


def table(title: str, rows: dict[str, dict[str, float | int | None]]) -> str:
    head = f"{'category':<14}" + " ".join(fmt.format(label) for _, label, fmt in COLUMNS)
    lines = [title, head]
    for cat, row in rows.items():
        cells = []
        for key, _, fmt in COLUMNS:
            value = row[key]
            cells.append(fmt.format("-" if value is None else value if isinstance(value, int) else f"{value:.3f}"))
        lines.append(f"{cat:<14}" + " ".join(cells))
    return "\n".join(lines)


MARKDOWN = (("items", "items"), ("link_f1", "links F1"), ("link_p", "links P"), ("wrong_link_rate", "forbidden links made"),
            ("outside_found", "outside registry found"), ("place_recall", "places found"), ("st_f1", "statements F1"),
            ("attr_f1", "attribution F1"), ("attr_r", "right speaker / gold"), ("speaker_acc", "right speaker / matched"))


def markdown(title: str, rows: dict[str, dict[str, float | int | None]]) -> str:
    """The table for the README (same numbers as the plain table, fewer columns)."""
    lines = [f"**{title}**", "", "| category | " + " | ".join(label for _, label in MARKDOWN) + " |",
             "| --- |" + " ---: |" * len(MARKDOWN)]
    for cat, row in rows.items():
        cells = ["–" if row[k] is None else str(row[k]) if isinstance(row[k], int) else f"{row[k]:.2f}" for k, _ in MARKDOWN]
        lines.append(f"| {cat} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


HEADLINES = (  # issue #7 targets, measured on held-out: (label, lang, category, key, target)
    ("ru speaker attribution F1", "ru", "all", "attr_f1", 0.80),
    ("ky gold statements found with the right speaker id", "ky", "all", "attr_r", 0.70),
    ("ky statements found that have the right speaker id", "ky", "all", "attr_p", None),
    ("ru registry links on foreign-body items that are right", "ru", "foreign", "link_p", 0.95),
    ("ky registry links on foreign-body items that are right", "ky", "foreign", "link_p", 0.95),
    ("ky place recall", "ky", "all", "place_recall", 0.70),
    ("ru links the gold forbids, share made", "ru", "all", "wrong_link_rate", None),
    ("ky links the gold forbids, share made", "ky", "all", "wrong_link_rate", None),
)


def headlines(results: dict[str, dict[str, dict[str, dict[str, float | int | None]]]], part: str) -> list[dict[str, object]]:
    """The issue's target numbers, read from one part's results (held-out is what we report)."""
    out = []
    for label, lang, cat, key, target in HEADLINES:
        value = results.get(lang, {}).get(part, {}).get(cat, {}).get(key)
        if value is not None:
            met = None if target is None else value >= target
            out.append({"what": label, "part": part, "value": value, "target": target, "met": met})
    return out


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--registry", type=Path, default=ROOT / "config" / "entities.yaml")
    parser.add_argument("--gold", type=Path, default=V2, help="gold folder with <lang>.<part>.jsonl (default: v2; v3 holds whole articles)")
    parser.add_argument("--lang", choices=("ru", "ky"), action="append", help="only this language (repeatable)")
    parser.add_argument("--part", choices=PARTS, action="append", help="only this part (repeatable)")
    parser.add_argument("--json", type=Path, help="write every number here")
    parser.add_argument("--misses", type=int, default=0, help="print up to N misses per language and part")
    parser.add_argument("--markdown", action="store_true", help="also print the tables as Markdown (for the README)")
    args = parser.parse_args(argv)
    registry = Registry.load(args.registry)
    analyse = full_analyzer(args.registry)
    results: dict[str, dict[str, dict[str, dict[str, float | int | None]]]] = {}
    for lang in args.lang or ["ru", "ky"]:
        for part in args.part or list(PARTS):
            misses: list[str] = []
            tallies = evaluate(load(lang, part, args.gold), analyse, registry, misses)
            order = ["all", *sorted(c for c in tallies if c != "all")]
            rows = {cat: tallies[cat].row() for cat in order}
            results.setdefault(lang, {})[part] = rows
            if args.misses:
                print(f"\n--- {lang} {part}: {len(misses)} misses (first {args.misses})")
                print("\n".join(misses[: args.misses]))
            print("\n" + table(f"== {lang} {part}", rows))
            if args.markdown:
                print("\n" + markdown(f"{lang} {part}", rows))
    heads = [h for part in args.part or list(PARTS) for h in headlines(results, part)]
    print("\n== issue #7 targets")
    for h in heads:
        target = "" if h["target"] is None else f"  target >= {h['target']}: {'met' if h['met'] else 'NOT met'}"
        print(f"{h['part']:<8} {h['what']:<58} {h['value']:.3f}{target}")
    if args.json:
        args.json.write_text(json.dumps({"headlines": heads, "results": results}, ensure_ascii=False, indent=1), encoding="utf-8")
        print(f"\nwrote {args.json}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
