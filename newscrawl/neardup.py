"""Near-duplicate detection over the state store: one story, one line.

An article's MinHash signature is compared with the stored signatures of the articles that
share at least one LSH band with it; the best match at or above the threshold makes it a
near-duplicate of that (earlier) article. Originals are indexed, copies are not, so every
copy points at the first-seen article of its story.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from newscrawl.similarity import banding_for, compact, from_bytes, signature, similarity
from newscrawl.state.base import SeenStore

DEFAULT_THRESHOLD = 0.35


@dataclass(frozen=True)
class NearMatch:
    original: str  # id of the first-seen article of the story
    similarity: float


class NearDuplicateIndex:
    def __init__(self, store: SeenStore, threshold: float = DEFAULT_THRESHOLD) -> None:
        if not 0.0 < threshold <= 1.0:
            raise ValueError(f"near-duplicate threshold must be in (0, 1], not {threshold}")
        self.store = store
        self.threshold = threshold
        self.banding = banding_for(threshold)

    def observe(
        self,
        article: str,
        body: str,
        known: bytes | None = None,
        known_keys: tuple[tuple[int, int], list[int]] | None = None,
    ) -> NearMatch | None:
        """The earlier article this one nearly duplicates, or None (then it is indexed).

        `known`: the body's signature (`to_bytes`) when it was computed elsewhere already;
        `known_keys`: its band keys with the (bands, rows) they were cut by, used when this
        index bands the same way.
        """
        found = self._signature(body, known, known_keys)
        if found is None:
            return None
        values, keys = found
        best: NearMatch | None = None
        for other, stored in self.store.near_candidates(keys):
            score = similarity(values, from_bytes(stored))
            if (
                other != article
                and score >= self.threshold
                and (best is None or score > best.similarity)
            ):
                best = NearMatch(other, score)
        if best is None:
            self.store.add_near(article, keys, compact(values))
        return best

    def forget(
        self,
        article: str,
        body: str,
        known: bytes | None = None,
        known_keys: tuple[tuple[int, int], list[int]] | None = None,
    ) -> None:
        """Take back what `observe` indexed for `article` (it was not delivered after all)."""
        found = self._signature(body, known, known_keys)
        if found is not None:
            self.store.discard_near(article, found[1])

    def _signature(
        self,
        body: str,
        known: bytes | None,
        known_keys: tuple[tuple[int, int], list[int]] | None,
    ) -> tuple[np.ndarray, list[int]] | None:
        """The body's MinHash values and this index's band keys for them."""
        values = from_bytes(known) if known is not None else signature(body)
        if values is None:
            return None
        banding = (self.banding.bands, self.banding.rows)
        if known is not None and known_keys is not None and known_keys[0] == banding:
            return values, list(known_keys[1])
        return values, list(self.banding.keys(values))
