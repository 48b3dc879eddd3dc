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
DROP TABLE IF EXISTS near_bands;
DROP TABLE IF EXISTS near_sigs;
CREATE TABLE IF NOT EXISTS near_index (id INTEGER PRIMARY KEY, article TEXT UNIQUE NOT NULL,
    signature BLOB NOT NULL);
CREATE TABLE IF NOT EXISTS near_keys (key INTEGER NOT NULL, id INTEGER NOT NULL,
    PRIMARY KEY (key, id)) WITHOUT ROWID;
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
        # band rows hold the integer id of the indexed article, not its 32-character id:
        # ~3x faster to write and look up, ~3x smaller on disk (SQLite, 5,000 articles)
        marks = ",".join("?" * len(keys))
        rows = self._db.execute(
            "SELECT article, signature FROM near_index WHERE id IN "
            f"(SELECT id FROM near_keys WHERE key IN ({marks}))",
            list(keys),
        ).fetchall()
        return [(str(article), bytes(signature)) for article, signature in rows]

    def add_near(self, article: str, keys: Sequence[int], signature: bytes) -> None:
        (row_id,) = self._db.execute(
            "INSERT INTO near_index (article, signature) VALUES (?, ?) ON CONFLICT(article) "
            "DO UPDATE SET signature = excluded.signature RETURNING id",
            (article, signature),
        ).fetchone()
        self._db.executemany(
            "INSERT OR IGNORE INTO near_keys (key, id) VALUES (?, ?)",
            [(key, row_id) for key in keys],
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
