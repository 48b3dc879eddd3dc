"""The store interface that pipelines and spiders use; backends never leak past it."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from typing import Protocol


def key_digest(key: str) -> bytes:
    """8 bytes per key: collisions are negligible below billions of keys, memory stays small."""
    return hashlib.blake2b(key.encode("utf-8"), digest_size=8).digest()


class SeenStore(Protocol):
    def add(self, namespace: str, key: str) -> bool:
        """Record `key`; True when it was not there before (first sighting)."""
        ...

    def __contains__(self, item: tuple[str, str]) -> bool: ...

    def count(self, namespace: str) -> int: ...

    def section_synced(self, section: str) -> bool:
        """True once a run has walked this section's listing to its end."""
        ...

    def mark_section_synced(self, section: str, when: str) -> None: ...

    def near_candidates(self, keys: Sequence[int]) -> list[tuple[str, bytes]]:
        """(article id, signature) of stored articles sharing at least one LSH band key."""
        ...

    def add_near(self, article: str, keys: Sequence[int], signature: bytes) -> None:
        """Index an article's near-duplicate signature under its band keys."""
        ...

    def commit(self) -> None:
        """Make what this run recorded visible to later runs."""
        ...

    def close(self) -> None:
        """Release the store; anything not committed is forgotten."""
        ...
