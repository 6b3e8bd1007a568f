"""The window's LSH bands find exactly the candidates datasketch's MinHashLSH finds, as members
are filed and leave."""

from __future__ import annotations

import random

import numpy as np
import pytest
from datasketch import MinHash, MinHashLSH

from pipeline.stories.bands import Bands
from pipeline.stories.features import NUM_PERM


def _signatures(rng: random.Random, n: int) -> list[MinHash]:
    """MinHashes of word sets drawn from a few shared pools: many pairs overlap, by any amount."""
    pools = [[f"w{p}-{i}".encode() for i in range(60)] for p in range(6)]
    out = []
    for _ in range(n):
        mh = MinHash(num_perm=NUM_PERM, seed=1)
        mh.update_batch(rng.sample(rng.choice(pools), rng.randint(10, 60)))
        out.append(mh)
    return out


@pytest.mark.parametrize("threshold", [0.4, 0.7])
def test_the_same_candidates_as_datasketch(threshold: float) -> None:
    rng = random.Random(5)
    signatures = _signatures(rng, 300)
    bands, theirs = Bands(threshold, NUM_PERM), MinHashLSH(threshold=threshold, num_perm=NUM_PERM)
    assert bands.bands * bands.rows <= NUM_PERM
    filed: list[str] = []
    found_any = 0
    for i, mh in enumerate(signatures):
        keys = bands.keys(mh.hashvalues)
        assert bands.query(keys) == set(theirs.query(mh))
        found_any += bool(bands.query(keys))
        bands.insert(f"a{i}", keys)
        theirs.insert(f"a{i}", mh)
        filed.append(f"a{i}")
        if rng.random() < 0.4:  # members leave, in any order
            gone = filed.pop(rng.randrange(len(filed)))
            bands.remove(gone)
            theirs.remove(gone)
    assert found_any > 100 and len(bands) == len(filed)
    for gone in filed:
        bands.remove(gone)
    assert all(not table for table in bands._tables)


def test_a_signature_read_back_from_the_store_has_the_same_bands() -> None:
    """The store keeps signatures as 64-bit values; a fresh one holds 32-bit values."""
    values = _signatures(random.Random(2), 1)[0].hashvalues.tolist()
    bands = Bands(0.4, NUM_PERM)
    assert bands.keys(np.array(values, dtype=np.uint32)) == bands.keys(np.array(values, dtype=np.uint64))


def test_a_member_is_filed_once() -> None:
    bands = Bands(0.4, NUM_PERM)
    keys = bands.keys(_signatures(random.Random(1), 1)[0].hashvalues)
    bands.insert("a", keys)
    with pytest.raises(ValueError):
        bands.insert("a", keys)
