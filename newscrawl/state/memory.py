"""In-process store for a single run: keys are kept as 8-byte digests, not whole strings."""

from __future__ import annotations

import hashlib


def _digest(namespace: str, key: str) -> bytes:
    return hashlib.blake2b(f"{namespace}\x00{key}".encode(), digest_size=8).digest()


class MemoryStore:
    def __init__(self) -> None:
        self._seen: set[bytes] = set()

    def add(self, namespace: str, key: str) -> bool:
        digest = _digest(namespace, key)
        if digest in self._seen:
            return False
        self._seen.add(digest)
        return True

    def __contains__(self, item: tuple[str, str]) -> bool:
        return _digest(*item) in self._seen

    def close(self) -> None:
        self._seen.clear()
