"""A small Russian–Kyrgyz glossary of news words (`glossary.tsv`, written by us): each pair
becomes one shared key, so «мошенники» and «алдамчылар», «избиратели» and «шайлоочулар» meet
across languages. It stands in for the translation model we do not have; words spelt alike in
both languages need no entry (they meet by their first letters)."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from pipeline import morph

GLOSSARY = Path(__file__).with_name("glossary.tsv")


@lru_cache(maxsize=1)
def concepts() -> dict[tuple[str, str], str]:
    """(language, lemma or stem as features make them) -> concept key."""
    out: dict[tuple[str, str], str] = {}
    for line in GLOSSARY.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        ru, ky = line.split("\t")
        key = "=" + morph.fold(morph.ru_lemma(ru))
        out.setdefault(("ru", morph.fold(morph.ru_lemma(ru))), key)
        out.setdefault(("ky", morph.ky_lemma(ky)), key)
    return out


def concept_keys(lemmas: list[str], lang: str) -> list[str]:
    """The glossary keys a text's lemmas (folded, as `features` makes them) stand for."""
    table = concepts()
    return [key for lemma in lemmas if (key := table.get((lang, lemma)))]
