"""State that outlives a page: seen URLs and content fingerprints, behind one interface."""

from newscrawl.state.base import SeenStore
from newscrawl.state.memory import MemoryStore

__all__ = ["MemoryStore", "SeenStore"]
