"""A Russian–Kyrgyz glossary of news words (`glossary.tsv`, written by us): each group of words
linked by its lines becomes one shared concept key, so «мошенники» and «алдамчылар»,
«избиратели» and «шайлоочулар» meet across languages, and Russian synonyms that share a
Kyrgyz word («правительство», «кабмин» → өкмөт) meet within Russian. It stands in for the
translation model we do not have; words spelt alike in both languages need no entry (they meet
by their first letters)."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from pipeline import morph

GLOSSARY = Path(__file__).with_name("glossary.tsv")


@lru_cache(maxsize=1)
def concepts() -> dict[tuple[str, str], str]:
    """(language, lemma or stem as features make them) -> concept key. Lines that share a word
    on either side are one concept (union-find), named by the Russian lemma of its first line."""
    parent: dict[tuple[str, str], tuple[str, str]] = {}

    order: dict[tuple[str, str], int] = {}

    def root(x: tuple[str, str]) -> tuple[str, str]:
        if x not in parent:
            parent[x], order[x] = x, len(order)
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for line in GLOSSARY.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        ru, ky = line.split("\t")
        a, b = root(("ru", morph.fold(morph.ru_lemma(ru)))), root(("ky", morph.ky_lemma(ky)))
        if a != b:  # the older group's root stays, so a concept keeps the name its first line gave it
            first, later = (a, b) if order[a] < order[b] else (b, a)
            parent[later] = first
    return {word: "=" + root(word)[1] for word in parent}

