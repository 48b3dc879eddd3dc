"""Near-duplicate fingerprints: word shingles, MinHash signatures, LSH bands.

Pure functions; the state store keeps the band keys and signatures (never whole texts), so
the index lives on disk (SQLite) or in Redis, not in the crawler's memory.

Why not datasketch: its LSH index keeps its tables in process memory or in
Redis/Cassandra only, which could neither commit together with the feed nor sit in SQLite;
and importing the package loads its storage backends, i.e. the Redis client, into every
crawl, while a crawl without NEWSCRAWL_REDIS_URL must not touch Redis. MinHash itself is a few
lines of numpy: 128 multiply-shift hash functions (the high 32 bits of a * h + b mod 2**64,
a odd) over 64-bit shingle hashes built from CRC-32 word hashes; no division, no shingle
strings, ~0.2 ms for a 600-word story.
"""

from __future__ import annotations

import re
import zlib
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

SHINGLE_WORDS = 5
NUM_PERM = 128
_WORD = re.compile(r"\w+")
_HIGH = np.uint64(32)


def shingle_hashes(text: str, size: int = SHINGLE_WORDS) -> np.ndarray:
    """One 64-bit hash per distinct run of `size` words (lower-cased), in sorted order.

    Each word is hashed once (CRC-32, C speed) and a shingle's hash is a fixed odd-weighted
    sum of its words' hashes, so no shingle string is ever built.
    """
    return np.unique(_shingle_runs(text, size))


def _shingle_runs(text: str, size: int) -> np.ndarray:
    """The hash of each run of `size` words, in text order, repeats included."""
    words = _WORD.findall(text.lower())
    if len(words) < size:
        return np.empty(0, dtype=np.uint64)
    codes = np.fromiter(map(zlib.crc32, map(str.encode, words)), np.uint64, count=len(words))
    count = len(words) - size + 1
    combined = np.zeros(count, dtype=np.uint64)
    with np.errstate(over="ignore"):
        for position, weight in enumerate(_position_weights(size)):
            combined += codes[position : position + count] * weight
        _mix(combined)
    return combined


def _distinct_at_least(values: np.ndarray, wanted: int) -> bool:
    """Are `wanted` of the values distinct? Told by the first few in a story's running text
    (its opening shingles all differ), by sorting them all only where those repeat."""
    if len(values) < wanted:
        return False
    return len(set(values[: 8 * wanted].tolist())) >= wanted or len(np.unique(values)) >= wanted


def _mix(values: np.ndarray) -> None:
    """splitmix64's finaliser, in place: spreads the weighted sums' structure over all bits
    (multiply-shift MinHash overestimates similarity on structured inputs without it)."""
    for shift, multiplier in _FINALIZER:
        values ^= values >> shift
        values *= multiplier
    values ^= values >> np.uint64(31)


@lru_cache(maxsize=4)
def _position_weights(size: int) -> np.ndarray:
    generator = np.random.RandomState(3)
    weights = generator.randint(1, 1 << 62, size=size, dtype=np.uint64)
    return weights * np.uint64(2) + np.uint64(1)


@lru_cache(maxsize=4)
def _permutations(num_perm: int) -> tuple[np.ndarray, np.ndarray]:
    """Fixed (seeded) hash-function parameters: signatures stay comparable across runs."""
    generator = np.random.RandomState(1)
    a = generator.randint(1, 1 << 62, size=num_perm, dtype=np.uint64) * np.uint64(2) + 1
    b = generator.randint(0, 1 << 62, size=num_perm, dtype=np.uint64)
    return a, b


def signature(text: str, num_perm: int = NUM_PERM) -> np.ndarray | None:
    """MinHash values (uint64, < 2**32) of the text's shingles; None for texts with fewer than
    8 distinct shingles.

    Each hash function's value is the high 32 bits of the least a * h + b over the shingles:
    shifting keeps the order, so only the 128 least values are shifted, and a repeated
    shingle cannot change a least value, so the shingles are neither sorted nor deduplicated.
    """
    runs = _shingle_runs(text, SHINGLE_WORDS)
    if not _distinct_at_least(runs, 8):
        return None
    a, b = _permutations(num_perm)
    with np.errstate(over="ignore"):  # multiply-shift hashing: products wrap modulo 2**64
        values = np.multiply.outer(a, runs)
        values += b[:, None]
    least: np.ndarray = values.min(axis=1) >> _HIGH  # the high bits are the well-mixed ones
    return least


def similarity(a: np.ndarray, b: np.ndarray) -> float:
    """Estimated Jaccard similarity of the two shingle sets; a `compact` signature (uint16)
    is compared on the low 16 bits of the other's values."""
    if a.dtype == np.uint16 or b.dtype == np.uint16:
        a, b = a & np.uint64(0xFFFF), b & np.uint64(0xFFFF)
    return float(np.count_nonzero(a == b)) / len(a)


@dataclass(frozen=True)
class Banding:
    bands: int
    rows: int

    def keys(self, values: np.ndarray) -> list[int]:
        """One signed 64-bit key per band, hashing the band number and its rows together.

        Integers, not digests: SQLite indexes and compares them several times faster than
        blobs, and Redis stores them in 8 bytes. Computed in one vectorised pass.
        """
        rows = values[: self.bands * self.rows].reshape(self.bands, self.rows)
        with np.errstate(over="ignore"):
            mixed = (rows * _row_multipliers(self.rows)).sum(axis=1, dtype=np.uint64)
            mixed += np.arange(1, self.bands + 1, dtype=np.uint64) * _BAND_MULTIPLIER
            for shift, multiplier in _FINALIZER:  # splitmix64's finaliser: every bit counts
                mixed ^= mixed >> shift
                mixed *= multiplier
            mixed ^= mixed >> np.uint64(31)
        return [int(k) for k in mixed.view(np.int64)]


_BAND_MULTIPLIER = np.uint64(0x9E3779B97F4A7C15)
_FINALIZER = (
    (np.uint64(30), np.uint64(0xBF58476D1CE4E5B9)),
    (np.uint64(27), np.uint64(0x94D049BB133111EB)),
)


@lru_cache(maxsize=8)
def _row_multipliers(rows: int) -> np.ndarray:
    """Fixed odd 64-bit multipliers, one per row position (stable across runs)."""
    generator = np.random.RandomState(2)
    return generator.randint(1, 1 << 62, size=rows, dtype=np.uint64) * np.uint64(2) + np.uint64(1)


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


def compact(values: np.ndarray) -> bytes:
    """The signature as the state keeps it: the low 16 bits of each value (b-bit MinHash).
    Two different values agree by chance with probability 2**-16, so a similarity estimated
    against it is off by at most (1 - s) / 65536; it takes half the bytes of `to_bytes`."""
    return (values & np.uint64(0xFFFF)).astype("<u2").tobytes()


def from_bytes(data: bytes) -> np.ndarray:
    """The values of `to_bytes` (uint64) or of `compact` (uint16: 2 bytes a value)."""
    if len(data) == 2 * NUM_PERM:
        return np.frombuffer(data, dtype="<u2").astype(np.uint16)
    return np.frombuffer(data, dtype="<u4").astype(np.uint64)
