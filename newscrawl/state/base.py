"""The store interface that pipelines and spiders use; backends never leak past it."""

from __future__ import annotations

from typing import Protocol


class SeenStore(Protocol):
    def add(self, namespace: str, key: str) -> bool:
        """Record `key`; True when it was not there before (first sighting)."""
        ...

    def __contains__(self, item: tuple[str, str]) -> bool: ...

    def close(self) -> None: ...
