"""A parsed query (`indexes.query`) as FTS5 MATCH expressions.

Every token is quoted, so nothing a user types can break the MATCH syntax. FTS5's NOT needs a
positive side; a query of exclusions only is answered as "every row NOT IN (matches)".
"""

from __future__ import annotations

from dataclasses import dataclass

from indexes.query import Atom, ParsedQuery, Phrase


@dataclass(frozen=True)
class FtsMatch:
    positive: str | None  # MATCH expression rows must satisfy (None: every row)
    negative: str | None  # MATCH expression rows must not satisfy (None: nothing excluded)


def _quote(token: str) -> str:
    return '"' + token.replace('"', "") + '"'


def _any(parts: list[str]) -> str:
    return parts[0] if len(parts) == 1 else "(" + " OR ".join(parts) + ")"


def _atom(atom: Atom) -> str:
    if isinstance(atom, Phrase):
        return _any([_quote(" ".join(v)) for v in atom.variants()])
    return _any([_quote(t) for t in atom.alternatives])


def compile_match(query: ParsedQuery) -> FtsMatch:
    positive = " AND ".join(_any([_atom(a) for a in c.atoms]) for c in query.must) or None
    negative = _any([_atom(a) for a in query.must_not]) if query.must_not else None
    if positive and negative:
        return FtsMatch(f"({positive}) NOT {negative}", None)
    return FtsMatch(positive, negative)
