"""The articles of the last few days, held in memory with what finds candidates fast: a MinHash
LSH for reprints, and posting lists of lemmas, entity ids, numbers and name keys for the rest.

Cost per new article grows with the postings it touches, not with the window's size: rare
terms and ids have short lists, and terms in more than a tenth of the window are not used to
find candidates (they still count in the cosine of the candidates found).
"""

from __future__ import annotations

import math
from collections import Counter, deque
from dataclasses import dataclass
from functools import lru_cache
from itertools import compress, repeat
from operator import add, itemgetter, mul, not_, sub

import numpy as np

from pipeline.analysis.provisional import is_provisional
from pipeline.stories.alike import Rows, Sparse, Vocabulary
from pipeline.stories.bands import Bands
from pipeline.stories.features import NUM_PERM, Features
from pipeline.stories.matching import (
    Signals,
    StoryParams,
    jaccards,
    other_language_score,
    same_language_score,
    time_closeness,
    unit,
)
from pipeline.stories.meaning import DIMENSIONS, meaning
from pipeline.stories.postings import Postings

TOP_TERMS = 15  # an article's heaviest terms and keys look up candidates
VECTOR_TERMS = 40  # terms and keys kept per article for the cosines (its heaviest): bounded cost
MIN_ROUGH = 0.25  # a candidate whose rough score is under this share of the best one is not scored
COMMON = 0.1  # a term in more than this share of the window finds no candidates
ENTITY_FULL = 8.0  # summed rarity (IDF) of shared entity ids or names that counts as full agreement:
# about two uncommon ones; one seen everywhere (the CEC in election week) gives a fraction of it


@dataclass(frozen=True)
class Profile:
    """An article weighed against the window once, when it asks and is filed: its heaviest terms
    and keys as unit TF-IDF vectors, and its title's words and keys with their IDF."""

    terms: Sparse  # its heaviest terms, by TF-IDF, unit length
    keys: Sparse  # its heaviest keys, the same
    title_terms: tuple[tuple[str, float], ...]
    title_keys: tuple[tuple[str, float], ...]
    title_terms_total: float  # the sums of the title weights
    title_keys_total: float
    meaning: np.ndarray | None  # the unit navec vector of its heaviest terms (`meaning.py`)
    lead_meaning: np.ndarray | None  # the same of its title and lead, each word by its rarity
    # the posting keys that find its candidates and file it, with their rough weights: its
    # TOP_TERMS heaviest terms and keys, its ids, numbers and names
    lookup: tuple[tuple[str, float], ...]
    counted: tuple[str, ...]  # the keys it counts under in the document frequencies
    # what it is compared on pair by pair, under the keys their frequencies are counted by
    figures: frozenset[str]  # its numbers and dates ("n:…")
    entities: frozenset[str]  # its entity ids ("e:…")
    registry: frozenset[str]  # the same, registry ids only: the ones that cross languages
    names: frozenset[str]  # its names ("m:…")


@dataclass
class Member:
    features: Features
    story_id: str
    profile: Profile  # weights when it entered the window, and the keys it was filed under


@dataclass(frozen=True)
class Match:
    member: Member
    relation: str  # reprint | rewrite | translation
    score: float


class StoryTraits:
    """What the window's members of each story are, counted so a member can leave again: which
    outlet wrote in which language, which acts each language names, which places the leads
    name. A new article is weighed against its candidate's whole story on these, not only
    against the candidate."""

    def __init__(self) -> None:
        self._counts: dict[str, Counter[tuple[str, str, str]]] = {}

    @staticmethod
    def _traits(f: Features) -> list[tuple[str, str, str]]:
        return [("w", f.source, f.language), *(("a", f.language, act) for act in f.acts),
                *(("p", "", place) for place in f.places)]

    def add(self, story_id: str, f: Features) -> None:
        self._counts.setdefault(story_id, Counter()).update(self._traits(f))

    def discard(self, story_id: str, f: Features) -> None:
        counts = self._counts.get(story_id)
        if counts is None:
            return
        counts.subtract(self._traits(f))
        for trait in [t for t, n in counts.items() if n <= 0]:
            del counts[trait]
        if not counts:
            del self._counts[story_id]

    def has(self, story_id: str, trait: tuple[str, str, str]) -> bool:
        return trait in self._counts.get(story_id, ())

    def conflict(self, story_id: str, tag: str, mine: frozenset[str], language: str = "") -> bool:
        """The article names some of `tag` ("a" acts, in its `language`; "p" lead places), the
        story names some too, and none of them alike."""
        if not mine:
            return False
        named = {t[2] for t in self._counts.get(story_id, ()) if t[0] == tag and t[1] == language}
        return bool(named) and not named & mine


class Idfs(dict[str, float]):
    """The IDF of each key asked for while the window's frequencies stay as they are (cleared
    when they change): a candidate pair's shared ids, names and numbers are summed by it."""

    def __init__(self, members: dict[str, Member], df: Counter[str]) -> None:
        super().__init__()
        self._members, self._df = members, df

    def __missing__(self, key: str) -> float:
        idf = self[key] = _log1(len(self._members)) - _log1(self._df.get(key, 0)) + 1.0
        return idf

    def many(self, keys: list[str]) -> list[float]:
        """The same IDFs of many keys in one go, not kept, their lookups mapped in C: a profile
        weighs ~200 keys, each asked once."""
        logs = map(_log1, map(self._df.get, keys, repeat(0)))  # log(df + 1), as `__missing__` takes it
        return list(map(add, map(sub, repeat(_log1(len(self._members))), logs), repeat(1.0)))


class Window:
    """Candidates and decisions for one article at a time, in store order."""

    def __init__(self, params: StoryParams) -> None:
        self.params = params
        self.members: dict[str, Member] = {}
        self.order: deque[str] = deque()
        self.lsh = Bands(max(0.1, params.reprint_jaccard - 0.1), NUM_PERM)  # reprint candidates
        self.postings = Postings()  # lemmas, keys, ids, numbers and names -> the members filed under them
        self.df: Counter[str] = Counter()  # document frequencies of "lang:term" and "k:key"
        self.traits = StoryTraits()  # per story: its members' outlets, acts and lead places
        self._seen: tuple[str, Profile, list[bytes] | None] | None = None  # the last article asked: profile, bands
        self._idfs = Idfs(self.members, self.df)  # IDF by key while the frequencies stay as they are
        self.vocabulary = Vocabulary()  # ids of the terms and keys in the profiles' vectors
        self.meanings, self.leads = Rows(DIMENSIONS), Rows(DIMENSIONS)  # by slot: the profiles' meaning vectors

    # ----------------------------------------------------------------- upkeep
    def expire(self, moment: float) -> None:
        """Forget members older than the window before `moment`."""
        edge = moment - self.params.window_days * 86400.0
        while self.order and (m := self.members.get(self.order[0])) is not None and m.features.moment < edge:
            self.remove(self.order.popleft())
        while self.order and self.order[0] not in self.members:
            self.order.popleft()

    def remove(self, article_id: str) -> None:
        member = self.members.pop(article_id, None)
        if member is None:
            return
        self.postings.unfile(article_id, (key for key, _ in member.profile.lookup))
        df, counted = self.df, member.profile.counted  # its keys are distinct: decremented in C
        left = list(map(sub, map(df.__getitem__, counted), repeat(1)))
        dict.update(df, zip(counted, left))
        for key in compress(counted, map(not_, left)):
            del df[key]  # gone from the window: not kept at zero
        self._idfs.clear()
        self.traits.discard(member.story_id, member.features)
        if member.features.signature is not None:
            self.lsh.remove(article_id)

    def add(self, features: Features, story_id: str) -> None:
        if features.article_id in self.members:
            self.remove(features.article_id)
        profile, bands = self._asked(features)  # weights from before it counts in the frequencies
        self.df.update(profile.counted)
        self._idfs.clear()
        member = Member(features, story_id, profile)
        self.members[features.article_id] = member
        self.order.append(features.article_id)
        self.traits.add(story_id, features)
        slot = self.postings.file(features.article_id, (key for key, _ in profile.lookup))
        self.meanings.put(slot, profile.meaning)
        self.leads.put(slot, profile.lead_meaning)
        if bands is not None:
            self.lsh.insert(features.article_id, bands)
        self._seen = None
        self.vocabulary.renew(v for m in self.members.values() for v in (m.profile.terms, m.profile.keys))

    def _asked(self, f: Features) -> tuple[Profile, list[bytes] | None]:
        """An article's profile and LSH band keys, made once for both the question and its filing."""
        if self._seen is None or self._seen[0] != f.article_id:
            bands = None if f.signature is None else self.lsh.keys(f.signature)
            self._seen = (f.article_id, self._profile(f), bands)
        return self._seen[1], self._seen[2]

    def _profile(self, f: Features) -> Profile:
        """TF-IDF weights of terms and keys (the heaviest VECTOR_TERMS of each, unit length), the
        IDF of the title's words and keys, and the keys it is looked up and counted under. Terms
        are counted as "lang:term", keys as "k:key", ids "e:", numbers "n:", names "m:"; the
        weights are kept under those keys too, so each is made once."""
        lang = f"{f.language}:"
        term_keys = [lang + t for t in f.terms]
        key_keys = ["k:" + k for k in f.keys]
        idfs = self._idfs.many([*term_keys, *key_keys])
        terms = dict(zip(term_keys, map(mul, map(_tf, f.terms.values()), idfs)))
        keys = dict(zip(key_keys, map(mul, map(_tf, f.keys.values()), idfs[len(term_keys):])))
        headline = sorted(f.headline)
        title_terms = [t for t in headline if not t.startswith("k:")]
        title_keys = [t for t in headline if t.startswith("k:")]
        title_weights = self._idfs.many([lang + t for t in title_terms]), self._idfs.many(title_keys)
        term_order, key_order = _heaviest(terms, VECTOR_TERMS), _heaviest(keys, VECTOR_TERMS)
        top_terms, top_keys = unit(_top(terms, term_order)), unit(_top(keys, key_order))
        ids = frozenset(f"e:{e}" for e in f.entities)
        numbers = frozenset(f"n:{n}" for n in f.numbers | f.dates)
        names = frozenset(f"m:{n}" for n in f.names)
        lookup = (*((k, top_terms[k]) for k in term_order[:TOP_TERMS]), *((k, top_keys[k]) for k in key_order[:TOP_TERMS]),
                  *((e, 3.0) for e in ids), *((n, 2.0) for n in numbers), *((n, 2.0) for n in names))
        lead = [lang + t for t in f.lead if not t.startswith("k:")]
        return Profile(self.vocabulary.vector(top_terms), self.vocabulary.vector(top_keys),
                       tuple(zip(title_terms, title_weights[0])), tuple(zip(title_keys, title_weights[1])),
                       sum(title_weights[0]), sum(title_weights[1]),
                       meaning(top_terms, f.language), meaning(dict(zip(lead, self._idfs.many(lead))), f.language),
                       lookup, (*term_keys, *key_keys, *ids, *numbers, *names), numbers, ids,
                       _registry(ids), names)

    # --------------------------------------------------------------- matching
    def best_match(self, f: Features) -> Match | None:
        """The member this article belongs with, and how; None when it starts a story."""
        self.expire(f.moment)
        reprint = self._reprint(f)
        if reprint is not None:
            return reprint
        profile = self._asked(f)[0]
        best: Match | None = None
        candidates = [m for m in self._candidates(f, profile) if self._in_time(f, m.features)]
        for member, alike in zip(candidates, self._alike(profile, candidates), strict=True):
            match = self._judge(f, profile, member, alike)
            if match is not None and (best is None or _rank(match) > _rank(best)):
                best = match
        return best

    def _reprint(self, f: Features) -> Match | None:
        bands = self._asked(f)[1]
        if bands is None:
            return None
        members = self.members
        found = [m for k in self.lsh.query(bands) if (m := members.get(k)) is not None and self._in_time(f, m.features)]
        if not found:
            return None
        scores = jaccards(f.signature, [m.features.signature for m in found])  # 500 reprints of one release: one call
        score = max(scores)
        if score < self.params.reprint_jaccard:
            return None
        member = min((m for m, s in zip(found, scores, strict=True) if s == score),
                     key=lambda m: (m.features.moment, m.features.article_id))  # the earliest of the closest
        return Match(member, "reprint", score)

    def _in_time(self, a: Features, b: Features) -> bool:
        return abs(a.moment - b.moment) <= self.params.window_days * 86400.0

    def _candidates(self, f: Features, profile: Profile) -> list[Member]:
        """Up to `max_candidates` members by rough score, those under MIN_ROUGH of the best left out."""
        longest = max(5.0, COMMON * len(self.members))
        found = self.postings.best(profile.lookup, longest, MIN_ROUGH, self.params.max_candidates)
        return [self.members[a] for a in found]

    def _alike(self, profile: Profile, members: list[Member]) -> list[tuple[float, float, float, float]]:
        """The four cosines of the new article with each member, computed together: lemmas,
        keys, meaning, lead meaning. Lemma ids carry the language, so across languages the
        lemma cosine is 0, as it should be."""
        vocabulary, slot = self.vocabulary, self.postings.slots
        slots = [slot[m.features.article_id] for m in members]
        return list(zip(vocabulary.dots(profile.terms, [m.profile.terms for m in members]),
                        vocabulary.dots(profile.keys, [m.profile.keys for m in members]),
                        self.meanings.cosines(profile.meaning, slots),
                        self.leads.cosines(profile.lead_meaning, slots), strict=True))

    def signals(self, f: Features, profile: Profile, m: Member, title: bool = True,
                alike: tuple[float, float, float, float] | None = None) -> Signals:
        """How alike the new article (with its profile) and a member are; with `title` False the
        title evidence is left at its most (1.0), for an upper bound of the score. `alike`: the
        cosines from `_alike`, when the caller has them for all its candidates."""
        cosine, keys, meaning_cosine, lead = alike or self._alike(profile, [m])[0]
        other = m.features
        same = f.language == other.language
        dates = bool(f.dates) and bool(other.dates) and not (f.dates & other.dates)
        mine, theirs = (profile.entities, m.profile.entities) if same else (profile.registry, m.profile.registry)
        return Signals(
            cosine=cosine,
            keys=keys,
            entities=self._shared(mine & theirs),
            names=self._shared(profile.names & m.profile.names),
            own_outlet=same and self.traits.has(m.story_id, ("w", f.source, f.language)),
            act_conflict=self.traits.conflict(m.story_id, "a", f.acts, f.language),
            place_conflict=self.traits.conflict(m.story_id, "p", f.places),
            numbers=self._weighted_jaccard(profile.figures, m.profile.figures),
            date_conflict=dates,
            time=time_closeness(f, other, self.params.window_days),
            title=_title(profile, f, m, same) if title else 1.0,
            meaning=meaning_cosine,
            lead=lead,
        )

    def _shared(self, shared: frozenset[str]) -> float:
        """Shared ids or names by their rarity in the window: 1 for about two uncommon ones."""
        return min(1.0, sum(map(self._idfs.__getitem__, shared)) / ENTITY_FULL) if shared else 0.0

    def _weighted_jaccard(self, a: frozenset[str], b: frozenset[str]) -> float:
        """Shared weight of numbers and dates over all their weight, each weighted by its rarity
        in the window: a number every article of the day has (the year) counts for little."""
        shared = a & b
        if not shared:
            return 0.0
        idf = self._idfs.__getitem__
        return sum(map(idf, shared)) / sum(map(idf, a | b))

    def _judge(self, f: Features, profile: Profile, m: Member,
               alike: tuple[float, float, float, float]) -> Match | None:
        if f.language == m.features.language:
            scored, threshold, relation = same_language_score, self.params.rewrite_threshold, "rewrite"
        else:
            scored, threshold, relation = other_language_score, self.params.translation_threshold, "translation"
        bound = self.signals(f, profile, m, title=False, alike=alike)
        if scored(bound, self.params) < threshold:
            return None  # not even with full title evidence: the title shares need not be computed
        bound.title = _title(profile, f, m, relation == "rewrite")  # now the real title evidence
        score = scored(bound, self.params)
        return Match(m, relation, score) if score >= threshold else None


def _title(profile: Profile, f: Features, m: Member, same: bool) -> float:
    """Title evidence between a new article (with its profile) and a member: the larger share."""
    return max(_title_share(profile, m.features, same), _title_share(m.profile, f, same))


def _title_share(a: Profile, b: Features, same: bool) -> float:
    """How much of what a's title names (by rarity in the window) b's title or lead names too: a
    rewrite keeps its original's subject up front even when it dresses it in other words. Not
    b's whole text: a long text names a title's words by chance."""
    found = b.lead
    items, total = (a.title_terms, a.title_terms_total) if same else (a.title_keys, a.title_keys_total)
    return sum(w for t, w in items if t in found) / total if total else 0.0


def _top(weights: dict[str, float], order: list[str]) -> dict[str, float]:
    """The heaviest VECTOR_TERMS weights (`order`: the keys heaviest first)."""
    if len(weights) <= VECTOR_TERMS:
        return weights
    return {t: weights[t] for t in order}


def _heaviest(weights: dict[str, float], n: int = TOP_TERMS) -> list[str]:
    """The n heaviest keys, heaviest first, ties in alphabetical order: sorted by key, then
    (stably) by weight."""
    ranked = sorted(weights.items())
    ranked.sort(key=itemgetter(1), reverse=True)
    return [t for t, _ in ranked[:n]]


@lru_cache(maxsize=100_000)
def _log1(n: int) -> float:
    return math.log(n + 1)


@lru_cache(maxsize=10_000)
def _tf(count: int) -> float:
    """The weight of a term's count in a text: 1 + log(count)."""
    return 1 + math.log(count)


def _registry(ids: frozenset[str]) -> frozenset[str]:
    """Registry ids only ("e:…"): a provisional id is made from one language's spelling."""
    return frozenset(e for e in ids if not is_provisional(e[2:]))


def _rank(match: Match) -> tuple[bool, float]:
    """Own language first: a rewrite is stronger evidence than a telling in the other language."""
    return match.relation != "translation", match.score
