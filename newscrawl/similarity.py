"""Near-duplicate fingerprints: word shingles, MinHash signatures (datasketch), LSH bands.

Pure functions; the state store keeps the band keys and signatures (never whole texts), so
the index lives on disk (SQLite) or in Redis, not in the crawler's memory. datasketch's own
LSH index keeps its tables in process memory or Redis/Cassandra only, which could neither
commit together with the feed nor sit in SQLite; so we take MinHash from it and do the
banding over our store.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
from datasketch import MinHash

SHINGLE_WORDS = 5
NUM_PERM = 128
_WORD = re.compile(r"\w+")


def shingles(text: str, size: int = SHINGLE_WORDS) -> set[bytes]:
    words = _WORD.findall(text.lower())
    return {" ".join(words[k : k + size]).encode() for k in range(len(words) - size + 1)}


@lru_cache(maxsize=4)
def _template(num_perm: int) -> MinHash:
    """Permutations are costly to draw; draw them once and share them (same seed, scheme)."""
    return MinHash(num_perm=num_perm, seed=1, scheme="affine32")


def signature(text: str, num_perm: int = NUM_PERM) -> np.ndarray | None:
    """MinHash values (uint64) of the text's shingles; None for texts too short to compare."""
    found = shingles(text)
    if len(found) < 8:
        return None
    template = _template(num_perm)
    minhash = MinHash(
        num_perm=num_perm, seed=1, permutations=template.permutations, scheme=template.scheme
    )
    minhash.update_batch(list(found))
    return np.asarray(minhash.hashvalues, dtype=np.uint64)


def similarity(a: np.ndarray, b: np.ndarray) -> float:
    """Estimated Jaccard similarity of the two shingle sets."""
    return float(np.count_nonzero(a == b)) / len(a)


@dataclass(frozen=True)
class Banding:
    bands: int
    rows: int

    def keys(self, values: np.ndarray) -> list[bytes]:
        """One 9-byte key per band: the band number and a digest of its rows."""
        return [
            bytes([band])
            + hashlib.blake2b(
                values[band * self.rows : (band + 1) * self.rows].tobytes(), digest_size=8
            ).digest()
            for band in range(self.bands)
        ]


@lru_cache(maxsize=32)
def banding_for(threshold: float, num_perm: int = NUM_PERM) -> Banding:
    """Bands x rows whose S-curve best separates pairs above/below the threshold.

    Minimises the probability mass of false positives below and false negatives above the
    threshold, weighting misses (lost duplicates) a little more: candidates are verified by
    their full signature anyway, so extra candidates only cost time.
    """
    grid = np.linspace(0.0, 1.0, 201)
    best: tuple[float, Banding] | None = None
    for bands in range(1, num_perm + 1):
        rows = num_perm // bands
        hit = 1 - (1 - grid**rows) ** bands
        false_pos = np.trapezoid(np.where(grid < threshold, hit, 0), grid)
        false_neg = np.trapezoid(np.where(grid >= threshold, 1 - hit, 0), grid)
        cost = 0.4 * float(false_pos) + 0.6 * float(false_neg)
        if best is None or cost < best[0]:
            best = (cost, Banding(bands, rows))
    assert best is not None
    return best[1]


def to_bytes(values: np.ndarray) -> bytes:
    return values.astype("<u4").tobytes()  # MinHash values are < 2**32: 4 bytes each


def from_bytes(data: bytes) -> np.ndarray:
    return np.frombuffer(data, dtype="<u4").astype(np.uint64)
