"""State that outlives a page or a run, behind one interface (SeenStore)."""

from __future__ import annotations

from pathlib import Path

from newscrawl.state.base import SeenStore, StoreCorrupt, StoreFailed, key_digest
from newscrawl.state.memory import MemoryStore
from newscrawl.state.sqlite import SqliteStore

__all__ = [
    "MemoryStore",
    "SeenStore",
    "SqliteStore",
    "StoreCorrupt",
    "StoreFailed",
    "key_digest",
    "open_store",
]


def open_store(state_dir: Path | None, store_name: str, cache_kib: int = 2048) -> SeenStore:
    """SQLite under `state_dir` (one file per site and address, `cache_kib` of it held in
    memory), or memory when None."""
    if state_dir is None:
        return MemoryStore()
    return SqliteStore(state_dir / f"{store_name}.sqlite", cache_kib)
