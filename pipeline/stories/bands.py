"""The window's MinHash LSH: each signature is cut into bands of a few values, and two articles
whose signatures agree on a whole band are reprint candidates.

datasketch makes the signatures and chooses the band sizes for the threshold (`MinHashLSH`'s
own optimisation); the bands themselves are kept here. Through `MinHashLSH` the question, the
filing and the leaving of each article cost 8.5 % of the stage's time (on the generated
stream of `bench/stories.py`), because each of the three hashes every band again; here an
article's band keys are cut from its signature's bytes once and serve all three. The candidates
are the same: a band is the same run of values in both (tested against `MinHashLSH`).
"""

from __future__ import annotations

import numpy as np
from datasketch import MinHashLSH


class Bands:
    """Band key -> the members whose signatures hold that band, one table per band."""

    def __init__(self, threshold: float, num_perm: int) -> None:
        chosen = MinHashLSH(threshold=threshold, num_perm=num_perm)  # only for its band sizes
        self.bands, self.rows = chosen.b, chosen.r
        self._tables: list[dict[bytes, set[str]]] = [{} for _ in range(self.bands)]
        self._filed: dict[str, list[bytes]] = {}  # member -> its band keys

    def keys(self, signature: np.ndarray) -> list[bytes]:
        """A signature's band keys: each band's values as bytes. The values are widened to 64 bits
        first: a fresh signature holds 32-bit values, one read back from the store 64-bit ones."""
        raw, width = signature.astype(np.uint64, copy=False).tobytes(), self.rows * 8
        return [raw[i * width:(i + 1) * width] for i in range(self.bands)]

    def query(self, keys: list[bytes]) -> set[str]:
        found: set[str] = set()
        for table, key in zip(self._tables, keys, strict=True):
            members = table.get(key)
            if members:
                found |= members
        return found

    def insert(self, member: str, keys: list[bytes]) -> None:
        if member in self._filed:
            raise ValueError(f"{member} is filed already")
        self._filed[member] = keys
        for table, key in zip(self._tables, keys, strict=True):
            members = table.get(key)
            if members is None:
                table[key] = {member}
            else:
                members.add(member)

    def remove(self, member: str) -> None:
        for table, key in zip(self._tables, self._filed.pop(member), strict=True):
            members = table[key]
            members.discard(member)
            if not members:
                del table[key]

    def __len__(self) -> int:
        return len(self._filed)
