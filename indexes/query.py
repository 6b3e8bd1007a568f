"""The query syntax, parsed into a typed tree that every backend compiles its own way.

    выборы ЦИК            both words (any inflection: each word becomes its folded lemmas)
    "Жогорку Кеңеш"       a phrase: the words next to each other, in that order
    -референдум           no article with that word (also -"a phrase")
    ЦИК OR БШК            either one; OR binds tighter than the implicit AND (| works too)
    Japarov               Latin names also match their Cyrillic spellings

Unbalanced quotes close at the end of the query. Common words (stop words) are dropped from
plain terms unless nothing else is left. Too long a query raises `QueryError`.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass

from pipeline import morph

from indexes.analysis import word_alternatives
from indexes.base import FACET_NAMES, QueryError

MAX_QUERY_CHARS = 1000
MAX_TERMS = 32
MAX_PHRASE_VARIANTS = 16
MAX_RESULT_WINDOW = 10_000  # offset + limit, as Elasticsearch's default; deeper pages use the cursor

STOP_WORDS = frozenset(
    # Russian
    "и в во не что он на я с со как а то все она так его но да ты к у же вы за бы по только ее "
    "мне было вот от меня еще нет о из ему теперь когда даже ну ли если уже или ни быть был него "
    "до вас нибудь опять уж вам ведь там потом себя ничего ей может они тут где есть надо ней для "
    "мы тебя их чем была сам чтоб без будто чего раз тоже себе под будет ж тогда кто этот того "
    "потому этого какой совсем ним здесь этом один почти мой тем чтобы нее были куда зачем всех "
    "никогда можно при наконец два об другой хоть после над больше тот через эти нас про всего "
    "них какая много разве три эту моя впрочем хорошо свою этой перед иногда лучше чуть том нельзя "
    "такой им более всегда конечно всю между это также "
    # Kyrgyz
    "жана менен үчүн деп бул ал да дагы бирок же болуп эле ошол анын бир ар мен сен биз силер "
    "алар бою тууралуу боюнча чейин кийин дейт".split()
)

_LEXEME = re.compile(r'(-?)"([^"]*)"?|(\S+)')


@dataclass(frozen=True)
class Term:
    """One query word and the index tokens it may match (any of them)."""

    word: str
    alternatives: tuple[str, ...]


@dataclass(frozen=True)
class Phrase:
    """Words that must stand next to each other, in order."""

    terms: tuple[Term, ...]

    def variants(self, limit: int = MAX_PHRASE_VARIANTS) -> list[tuple[str, ...]]:
        """Token sequences the phrase may match (the product of its terms' alternatives, capped)."""
        return list(itertools.islice(itertools.product(*(t.alternatives for t in self.terms)), limit))


Atom = Term | Phrase


@dataclass(frozen=True)
class Clause:
    """Atoms joined by OR: at least one must match."""

    atoms: tuple[Atom, ...]


@dataclass(frozen=True)
class ParsedQuery:
    must: tuple[Clause, ...] = ()  # all must match (empty: every document)
    must_not: tuple[Atom, ...] = ()  # none may match

    @property
    def is_empty(self) -> bool:
        return not self.must and not self.must_not

    @property
    def highlight_tokens(self) -> frozenset[str]:
        """Index tokens to mark in snippets: every positive term's alternatives."""
        out: set[str] = set()
        for clause in self.must:
            for atom in clause.atoms:
                for term in atom.terms if isinstance(atom, Phrase) else (atom,):
                    out.update(term.alternatives)
        return frozenset(out)


def _terms(chunk: str) -> list[Term]:
    return [Term(w, alts) for w, _, _ in morph.tokens(chunk) if (alts := word_alternatives(w))]


def _atom(quoted: str | None, bare: str | None) -> Atom | None:
    if quoted is not None:
        terms = _terms(quoted)
        if len(terms) == 1:
            return terms[0]
        return Phrase(tuple(terms)) if terms else None
    terms = _terms(bare or "")
    if not terms:
        return None
    return terms[0] if len(terms) == 1 else Phrase(tuple(terms))  # "ЦИК-а/БШК" stays together


def _is_stop(atom: Atom) -> bool:
    return isinstance(atom, Term) and morph.fold(atom.word) in STOP_WORDS


def parse_query(text: str) -> ParsedQuery:
    """Parse the query syntax above into a `ParsedQuery` (raises `QueryError`)."""
    if len(text) > MAX_QUERY_CHARS:
        raise QueryError(f"the query is too long ({len(text)} characters; at most {MAX_QUERY_CHARS})")
    groups: list[list[Atom]] = []
    must_not: list[Atom] = []
    join_next = False
    for m in _LEXEME.finditer(text):
        negated, quoted, bare = m.group(1), m.group(2), m.group(3)
        if bare in ("OR", "|"):
            join_next = bool(groups)
            continue
        if bare is not None and bare.startswith("-") and len(bare) > 1:
            negated, bare = "-", bare[1:]
        atom = _atom(quoted, bare)
        if atom is None:
            continue
        if negated:
            must_not.append(atom)
        elif join_next:
            groups[-1].append(atom)
        else:
            groups.append([atom])
        join_next = False
    if sum(len(g) for g in groups) + len(must_not) > MAX_TERMS:
        raise QueryError(f"the query has too many words (at most {MAX_TERMS})")
    content = [g for g in groups if not (len(g) == 1 and _is_stop(g[0]))]
    kept = content or groups  # a query of only common words still searches for them
    return ParsedQuery(tuple(Clause(tuple(g)) for g in kept), tuple(must_not))


def check_facets(names: tuple[str, ...]) -> None:
    unknown = sorted(set(names) - set(FACET_NAMES))
    if unknown:
        raise QueryError(f"no facet {', '.join(unknown)}: the facets are {', '.join(FACET_NAMES)}")


def check_page(limit: int, offset: int) -> None:
    """Refuse pages no backend should serve: negative, or beyond the offset window."""
    if limit < 0 or offset < 0:
        raise QueryError("limit and offset cannot be negative")
    if offset + limit > MAX_RESULT_WINDOW:
        raise QueryError(f"offset + limit is at most {MAX_RESULT_WINDOW}; page deeper with the cursor (after)")
