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

from newscrawl.state.base import (
    HEALTH_KEPT,
    Guarded,
    StoreCorrupt,
    StoreFailed,
    StoreTooNew,
    Validators,
    guarded,
    key_digest,
    utc_now,
)

# The state file's format (`PRAGMA user_version`). An older file is migrated step by step
# (MIGRATIONS[n] takes format n to n + 1) when it is opened; a newer one is refused.
FORMAT = 1
MIGRATIONS = (
    # 0 -> 1: the near-duplicate index moved from per-band rows (near_bands, near_sigs) to
    # near_index/near_keys; the old rows cannot be converted (they hold no article ids) and
    # go: stories delivered before are still known by URL and body, only not as near-copies
    "DROP TABLE IF EXISTS near_bands; DROP TABLE IF EXISTS near_sigs;",
)
_SCHEMA = """
CREATE TABLE IF NOT EXISTS seen (ns TEXT NOT NULL, key BLOB NOT NULL, PRIMARY KEY (ns, key))
    WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS near_index (id INTEGER PRIMARY KEY, article TEXT UNIQUE NOT NULL,
    signature BLOB NOT NULL);
CREATE TABLE IF NOT EXISTS near_keys (key INTEGER NOT NULL, id INTEGER NOT NULL,
    PRIMARY KEY (key, id)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS pending_feeds (source TEXT PRIMARY KEY, target TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS sections (
    section TEXT PRIMARY KEY, synced INTEGER NOT NULL, updated_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS validators (url TEXT PRIMARY KEY, etag TEXT, last_modified TEXT);
CREATE TABLE IF NOT EXISTS versions (article TEXT PRIMARY KEY, version BLOB NOT NULL,
    expires TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS versions_expire ON versions (expires);
CREATE TABLE IF NOT EXISTS health (id INTEGER PRIMARY KEY, finished TEXT NOT NULL,
    figures TEXT NOT NULL);
"""


class SqliteStore(Guarded):
    """Every method raises StoreFailed once anything failed: after an I/O error or a full disk
    SQLite may have rolled the run's transaction back on its own, and a later write would then
    commit by itself, marking articles delivered before their feed is."""

    def __init__(self, path: Path, cache_kib: int = 2048) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self.path = path
        self.where = str(path)
        self.failure = None
        try:
            self._db = sqlite3.connect(path, isolation_level=None, timeout=30)
            self._check_integrity()
            self._db.execute("PRAGMA journal_mode=WAL")
            # FULL: the hand-over commit (one per run) is on disk before the feeds are moved
            # into place; NORMAL left it in the WAL unsynced, so a power cut right after the
            # rename undid the commit and the next run emitted the whole run again
            self._db.execute("PRAGMA synchronous=FULL")
            self._db.execute(f"PRAGMA cache_size = -{int(cache_kib)}")  # KiB (SQLite's default)
            self._migrate()
            self._db.execute("BEGIN")
        except sqlite3.DatabaseError as exc:
            if isinstance(exc, sqlite3.OperationalError) and not _damaged(exc):
                raise StoreFailed(f"state store {path} cannot be opened: {exc}") from None
            raise StoreCorrupt(path, str(exc)) from None

    def _migrate(self) -> None:
        """Bring an older state file to FORMAT, each step and the new format in one
        transaction; refuse a file a newer newscrawl wrote (it may hold what this one would
        misread)."""
        (found,) = self._db.execute("PRAGMA user_version").fetchone()
        if found > FORMAT:
            raise StoreTooNew(self.path, int(found), FORMAT)
        if found == FORMAT:
            self._db.executescript(_SCHEMA)  # idempotent: tables and indexes already there
            return
        script = "".join(MIGRATIONS[int(found) :]) + _SCHEMA + f"PRAGMA user_version = {FORMAT};"
        self._db.executescript(f"BEGIN; {script} COMMIT;")

    def _check_integrity(self) -> None:
        """SQLite's quick_check (page structure, no index cross-check): ~1 s per 100 MB."""
        rows = [str(row[0]) for row in self._db.execute("PRAGMA quick_check(3)")]
        if rows != ["ok"]:
            detail = " ".join("; ".join(rows).split())  # one line: the command's last line
            raise StoreCorrupt(self.path, detail[:200])

    @guarded(sqlite3.Error)
    def add(self, namespace: str, key: str) -> bool:
        cursor = self._db.execute(
            "INSERT OR IGNORE INTO seen (ns, key) VALUES (?, ?)", (namespace, key_digest(key))
        )
        return cursor.rowcount == 1

    @guarded(sqlite3.Error)
    def discard(self, namespace: str, key: str) -> None:
        self._db.execute("DELETE FROM seen WHERE ns = ? AND key = ?", (namespace, key_digest(key)))

    @guarded(sqlite3.Error)
    def __contains__(self, item: tuple[str, str]) -> bool:
        namespace, key = item
        row = self._db.execute(
            "SELECT 1 FROM seen WHERE ns = ? AND key = ?", (namespace, key_digest(key))
        ).fetchone()
        return row is not None

    @guarded(sqlite3.Error)
    def count(self, namespace: str) -> int:
        row = self._db.execute("SELECT COUNT(*) FROM seen WHERE ns = ?", (namespace,)).fetchone()
        return int(row[0])

    @guarded(sqlite3.Error)
    def section_synced(self, section: str) -> bool:
        row = self._db.execute(
            "SELECT synced FROM sections WHERE section = ?", (section,)
        ).fetchone()
        return bool(row and row[0])

    @guarded(sqlite3.Error)
    def mark_section_synced(self, section: str, when: str) -> None:
        self._db.execute(
            "INSERT INTO sections (section, synced, updated_at) VALUES (?, 1, ?) "
            "ON CONFLICT(section) DO UPDATE SET synced = 1, updated_at = excluded.updated_at",
            (section, when),
        )

    @guarded(sqlite3.Error)
    def validators(self, url: str) -> Validators | None:
        row = self._db.execute(
            "SELECT etag, last_modified FROM validators WHERE url = ?", (url,)
        ).fetchone()
        return Validators(row[0], row[1]) if row else None

    @guarded(sqlite3.Error)
    def remember_validators(self, url: str, validators: Validators) -> None:
        self._db.execute(
            "INSERT OR REPLACE INTO validators (url, etag, last_modified) VALUES (?, ?, ?)",
            (url, validators.etag, validators.last_modified),
        )

    @guarded(sqlite3.Error)
    def version(self, article: str) -> bytes | None:
        row = self._db.execute(
            "SELECT version FROM versions WHERE article = ?", (article,)
        ).fetchone()
        return bytes(row[0]) if row else None

    @guarded(sqlite3.Error)
    def remember_version(self, article: str, version: bytes, expires: str) -> None:
        self._db.execute(
            "INSERT OR REPLACE INTO versions (article, version, expires) VALUES (?, ?, ?)",
            (article, version, expires),
        )

    @guarded(sqlite3.Error)
    def health_runs(self, limit: int) -> list[str]:
        rows = self._db.execute("SELECT figures FROM health ORDER BY id DESC LIMIT ?", (limit,))
        return [str(figures) for (figures,) in rows]

    @guarded(sqlite3.Error)
    def remember_health(self, finished: str, figures: str) -> None:
        self._db.execute(
            "INSERT INTO health (finished, figures) VALUES (?, ?)", (finished, figures)
        )
        self._db.execute(
            "DELETE FROM health WHERE id NOT IN (SELECT id FROM health ORDER BY id DESC LIMIT ?)",
            (HEALTH_KEPT,),
        )

    @guarded(sqlite3.Error)
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

    @guarded(sqlite3.Error)
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

    @guarded(sqlite3.Error)
    def discard_near(self, article: str, keys: Sequence[int]) -> None:
        row = self._db.execute("SELECT id FROM near_index WHERE article = ?", (article,)).fetchone()
        if row is not None:
            self._db.execute("DELETE FROM near_keys WHERE id = ?", (row[0],))
            self._db.execute("DELETE FROM near_index WHERE id = ?", (row[0],))

    @guarded(sqlite3.Error)
    def commit(self, feeds: Sequence[tuple[str, str]] = ()) -> None:
        """Make this run's knowledge durable and start a new transaction; versions past
        their time are forgotten in it."""
        self._db.execute("DELETE FROM versions WHERE expires < ?", (utc_now(),))
        self._db.executemany("INSERT OR REPLACE INTO pending_feeds VALUES (?, ?)", list(feeds))
        self._db.execute("COMMIT")
        self._db.execute("BEGIN")

    @guarded(sqlite3.Error)
    def pending_feeds(self) -> list[tuple[str, str]]:
        rows = self._db.execute("SELECT source, target FROM pending_feeds ORDER BY source")
        return [(str(source), str(target)) for source, target in rows]

    @guarded(sqlite3.Error)
    def forget_pending(self) -> None:
        self._db.execute("DELETE FROM pending_feeds")
        self.commit()

    def close(self) -> None:
        """Close without committing: whatever was not committed is forgotten."""
        try:
            if self._db.in_transaction:
                self._db.execute("ROLLBACK")
        except sqlite3.Error:
            pass  # a failed store: SQLite rolls back at close anyway
        self._db.close()


def _damaged(exc: sqlite3.DatabaseError) -> bool:
    text = str(exc).lower()
    return "malformed" in text or "not a database" in text or "corrupt" in text
