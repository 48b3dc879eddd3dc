"""A set that lives for one run, on disk: the RAM it takes does not grow with what it holds.

Scrapy's request filter and the run's own "seen this run" checks would otherwise keep one
Python object per request or article (~100-170 bytes each, measured as ~420 bytes per article
in all at N = 100,000). Here the keys sit in a private temporary SQLite database: SQLite keeps
at most `cache_kib` of its pages in memory and writes the rest to a file that it has already
unlinked, so nothing is left behind, not even after a crash. A lookup costs a few
microseconds, against the milliseconds a page costs.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable

from newscrawl.state.base import key_digest


class RunSet:
    def __init__(self, cache_kib: int = 2048) -> None:
        # "" = a private temporary database, deleted when the connection closes
        self._db = sqlite3.connect("", isolation_level=None)
        self._db.execute(f"PRAGMA cache_size = -{int(cache_kib)}")
        self._db.execute("CREATE TABLE keys (key BLOB PRIMARY KEY) WITHOUT ROWID")
        self._db.execute("BEGIN")  # one transaction for the run: no per-insert journalling
        self._size = 0

    def add(self, key: str | bytes) -> bool:
        """Record `key`; True when it was not there before."""
        cursor = self._db.execute("INSERT OR IGNORE INTO keys VALUES (?)", (_stored(key),))
        added = cursor.rowcount == 1
        self._size += added
        return added

    def discard(self, key: str | bytes) -> None:
        cursor = self._db.execute("DELETE FROM keys WHERE key = ?", (_stored(key),))
        self._size -= cursor.rowcount

    def update(self, keys: Iterable[str | bytes]) -> None:
        for key in keys:
            self.add(key)

    def __contains__(self, key: object) -> bool:
        if not isinstance(key, (str, bytes)):
            return False
        found = self._db.execute("SELECT 1 FROM keys WHERE key = ?", (_stored(key),))
        return found.fetchone() is not None

    def __len__(self) -> int:
        return self._size

    def close(self) -> None:
        self._db.close()


def _stored(key: str | bytes) -> bytes:
    """Text keys (URLs, ids) as their 8-byte digest, byte keys (fingerprints) as they are."""
    return key_digest(key) if isinstance(key, str) else key
