"""The window's posting lists: which members are filed under each key (a lemma, a key, an id, a
number, a name), and the rough score that picks a new article's candidates from them.

A new article touches about a thousand list entries; summing its rough scores in a Python
loop over them was the largest single cost of finding candidates. Members are therefore filed
as small integer slots, so the lists an article touches are summed in one `np.bincount` and
ranked in one sort. The sums are the same as the loop's: each slot's weights are added in the
article's key order, starting from zero.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import numpy as np


class Postings:
    """Key -> the slots of the members filed under it; a slot is reused once its member leaves."""

    def __init__(self) -> None:
        self.lists: dict[str, set[int]] = {}
        self.slots: dict[str, int] = {}  # article id -> its slot
        self._holders: list[str | None] = []  # slot -> article id
        self._free: list[int] = []
        self._arrival = np.zeros(1024, dtype=np.int64)  # slot -> arrival number: the tie-break
        self._arrivals = 0

    def __len__(self) -> int:
        return len(self.slots)

    def file(self, article_id: str, keys: Iterable[str]) -> int:
        """File a member (not yet filed) under `keys`; its slot."""
        if self._free:
            slot = self._free.pop()
            self._holders[slot] = article_id
        else:
            slot = len(self._holders)
            self._holders.append(article_id)
            if slot == len(self._arrival):
                self._arrival = np.concatenate([self._arrival, np.zeros_like(self._arrival)])
        self._arrivals += 1
        self._arrival[slot] = self._arrivals
        self.slots[article_id] = slot
        lists = self.lists
        for key in keys:
            posting = lists.get(key)
            if posting is None:
                lists[key] = {slot}
            else:
                posting.add(slot)
        return slot

    def unfile(self, article_id: str, keys: Iterable[str]) -> None:
        """Take a member out of the lists of `keys` (the keys it was filed under)."""
        slot = self.slots.pop(article_id)
        lists = self.lists
        for key in keys:
            posting = lists[key]
            posting.discard(slot)
            if not posting:
                del lists[key]
        self._holders[slot] = None
        self._free.append(slot)

    def best(self, lookup: Sequence[tuple[str, float]], longest: float, share: float, n: int) -> list[str]:
        """The `n` members with the highest rough score — the summed weights of the `lookup` keys
        they are filed under, skipping lists longer than `longest` — among those scoring at least
        `share` of the best; ties go to the earlier arrival."""
        found: list[int] = []
        weights, sizes = [], []
        lists = self.lists
        for key, weight in lookup:
            posting = lists.get(key)
            if posting and len(posting) <= longest:
                found.extend(posting)
                weights.append(weight)
                sizes.append(len(posting))
        if not found:
            return []
        rough = np.bincount(np.array(found, dtype=np.intp), weights=np.repeat(weights, sizes))
        chosen = np.flatnonzero(rough >= share * rough.max())  # weights are positive: untouched slots (0) never
        ranked = chosen[np.lexsort((self._arrival[chosen], -rough[chosen]))[:n]]
        holders = self._holders
        return [holders[slot] for slot in ranked.tolist()]
