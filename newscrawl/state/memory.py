"""In-process store for tests and one-off runs: the SqliteStore interface, forgotten at exit."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Sequence

from newscrawl.state.base import HEALTH_KEPT, Validators, key_digest, utc_now


class MemoryStore:
    def __init__(self) -> None:
        self._seen: set[tuple[str, bytes]] = set()
        self._counts: Counter[str] = Counter()
        self._synced: set[str] = set()
        self._bands: defaultdict[int, list[str]] = defaultdict(list)
        self._signatures: dict[str, bytes] = {}
        self._pending: list[tuple[str, str]] = []
        self._validators: dict[str, Validators] = {}
        self._versions: dict[str, tuple[bytes, str]] = {}
        self._health: list[str] = []

    def add(self, namespace: str, key: str) -> bool:
        entry = (namespace, key_digest(key))
        if entry in self._seen:
            return False
        self._seen.add(entry)
        self._counts[namespace] += 1
        return True

    def discard(self, namespace: str, key: str) -> None:
        entry = (namespace, key_digest(key))
        if entry in self._seen:
            self._seen.discard(entry)
            self._counts[namespace] -= 1

    def __contains__(self, item: tuple[str, str]) -> bool:
        return (item[0], key_digest(item[1])) in self._seen

    def count(self, namespace: str) -> int:
        return self._counts[namespace]

    def section_synced(self, section: str) -> bool:
        return section in self._synced

    def mark_section_synced(self, section: str, when: str) -> None:
        self._synced.add(section)

    def validators(self, url: str) -> Validators | None:
        return self._validators.get(url)

    def remember_validators(self, url: str, validators: Validators) -> None:
        self._validators[url] = validators

    def version(self, article: str) -> bytes | None:
        found = self._versions.get(article)
        return found[0] if found is not None and found[1] >= utc_now() else None

    def remember_version(self, article: str, version: bytes, expires: str) -> None:
        self._versions[article] = (version, expires)

    def health_runs(self, limit: int) -> list[str]:
        return list(reversed(self._health[-limit:])) if limit > 0 else []

    def remember_health(self, finished: str, figures: str) -> None:
        self._health = [*self._health, figures][-HEALTH_KEPT:]

    def near_candidates(self, keys: Sequence[int]) -> list[tuple[str, bytes]]:
        found = dict.fromkeys(a for key in keys for a in self._bands.get(key, ()))
        return [(article, self._signatures[article]) for article in found]

    def add_near(self, article: str, keys: Sequence[int], signature: bytes) -> None:
        self._signatures[article] = signature
        for key in keys:
            self._bands[key].append(article)

    def discard_near(self, article: str, keys: Sequence[int]) -> None:
        self._signatures.pop(article, None)
        for key in keys:
            entries = self._bands.get(key)
            if entries and article in entries:
                entries.remove(article)

    def commit(self, feeds: Sequence[tuple[str, str]] = ()) -> None:
        """Nothing outlives the process, so there is nothing to make durable."""
        self._pending = list(feeds)

    def pending_feeds(self) -> list[tuple[str, str]]:
        return list(self._pending)

    def forget_pending(self) -> None:
        self._pending = []

    def close(self) -> None:
        self._seen.clear()
