"""SQLite backend: one file per site, everything a run learns kept in one open transaction.

Nothing a run records becomes visible to later runs until `commit()`, which the crawl calls
after its feed has been moved into place. A run killed before that (even by SIGKILL) rolls
back on its own, so its articles are fetched and emitted again by the next run: nothing is
lost and, since the killed run's feed never became a finished file, nothing is duplicated.
Keys are stored as 8-byte digests, so the file and the page cache grow by a small constant
per article, and nothing grows in the crawler's RAM.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from pathlib import Path

from newscrawl.state.base import key_digest

_SCHEMA = """
CREATE TABLE IF NOT EXISTS seen (ns TEXT NOT NULL, key BLOB NOT NULL, PRIMARY KEY (ns, key))
    WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS near_bands (key INTEGER NOT NULL, article TEXT NOT NULL,
    PRIMARY KEY (key, article)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS near_sigs (article TEXT PRIMARY KEY, signature BLOB NOT NULL)
    WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS sections (
    section TEXT PRIMARY KEY, synced INTEGER NOT NULL, updated_at TEXT NOT NULL
);
"""


class SqliteStore:
    def __init__(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self.path = path
        self._db = sqlite3.connect(path, isolation_level=None, timeout=30)
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute("PRAGMA synchronous=NORMAL")
        self._db.executescript(_SCHEMA)
        self._db.execute("BEGIN")

    def add(self, namespace: str, key: str) -> bool:
        cursor = self._db.execute(
            "INSERT OR IGNORE INTO seen (ns, key) VALUES (?, ?)", (namespace, key_digest(key))
        )
        return cursor.rowcount == 1

    def __contains__(self, item: tuple[str, str]) -> bool:
        namespace, key = item
        row = self._db.execute(
            "SELECT 1 FROM seen WHERE ns = ? AND key = ?", (namespace, key_digest(key))
        ).fetchone()
        return row is not None

    def count(self, namespace: str) -> int:
        row = self._db.execute("SELECT COUNT(*) FROM seen WHERE ns = ?", (namespace,)).fetchone()
        return int(row[0])

    def section_synced(self, section: str) -> bool:
        row = self._db.execute(
            "SELECT synced FROM sections WHERE section = ?", (section,)
        ).fetchone()
        return bool(row and row[0])

    def mark_section_synced(self, section: str, when: str) -> None:
        self._db.execute(
            "INSERT INTO sections (section, synced, updated_at) VALUES (?, 1, ?) "
            "ON CONFLICT(section) DO UPDATE SET synced = 1, updated_at = excluded.updated_at",
            (section, when),
        )

    def near_candidates(self, keys: Sequence[int]) -> list[tuple[str, bytes]]:
        marks = ",".join("?" * len(keys))
        rows = self._db.execute(
            "SELECT DISTINCT s.article, s.signature FROM near_bands k JOIN near_sigs s "
            f"ON s.article = k.article WHERE k.key IN ({marks})",
            list(keys),
        ).fetchall()
        return [(str(article), bytes(signature)) for article, signature in rows]

    def add_near(self, article: str, keys: Sequence[int], signature: bytes) -> None:
        self._db.execute(
            "INSERT OR REPLACE INTO near_sigs (article, signature) VALUES (?, ?)",
            (article, signature),
        )
        self._db.executemany(
            "INSERT OR IGNORE INTO near_bands (key, article) VALUES (?, ?)",
            [(key, article) for key in keys],
        )

    def commit(self) -> None:
        """Make this run's knowledge durable and start a new transaction."""
        self._db.execute("COMMIT")
        self._db.execute("BEGIN")

    def close(self) -> None:
        """Close without committing: whatever was not committed is forgotten."""
        if self._db.in_transaction:
            self._db.execute("ROLLBACK")
        self._db.close()
