"""Kyrgyz rule-based stemmer (placeholder until the full suffix stripper lands)."""


def stem(word: str) -> str:
    return word.lower()
