"""Word lists as regular expressions: a trie, so a pattern of a thousand verb forms costs about as
much per position as one of ten (a plain alternation tries every branch at every character)."""

from __future__ import annotations

import re
from collections.abc import Iterable


def trie_pattern(words: Iterable[str]) -> str:
    """A non-capturing regex matching exactly the given words (longest first at each branch).

    Spaces inside a word ("деп айтты") match any run of whitespace.
    """
    trie: dict[str, dict] = {}
    for word in words:
        node = trie
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}
    return _node(trie) or r"(?!)"


def _node(node: dict[str, dict]) -> str:
    ends = "" in node
    branches = [_char(ch) + _node(child) for ch, child in sorted(node.items()) if ch]
    if not branches:
        return ""
    body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
    if ends:  # a word ends here and longer ones go on: the longer ones are tried first
        return "(?:" + body + ")?"
    return body


def _char(ch: str) -> str:
    return r"\s+" if ch == " " else re.escape(ch)
