"""Near-duplicate detection over the state store: one story, one line.

An article's MinHash signature is compared with the stored signatures of the articles that
share at least one LSH band with it; the best match at or above the threshold makes it a
near-duplicate of that (earlier) article. Originals are indexed, copies are not, so every
copy points at the first-seen article of its story.
"""

from __future__ import annotations

from dataclasses import dataclass

from newscrawl.similarity import banding_for, from_bytes, signature, similarity, to_bytes
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
        values = from_bytes(known) if known is not None else signature(body)
        if values is None:
            return None
        banding = (self.banding.bands, self.banding.rows)
        if known is not None and known_keys is not None and known_keys[0] == banding:
            keys = known_keys[1]
        else:
            keys = self.banding.keys(values)
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
            self.store.add_near(article, keys, to_bytes(values))
        return best
