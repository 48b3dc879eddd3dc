"""The state carries its format: an older file is migrated when opened, keeping what it
knows; one a newer newscrawl wrote is refused with a message naming it, never misread."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from helpers.services import redis_server

from newscrawl.distributed.store import FORMAT as REDIS_FORMAT
from newscrawl.distributed.store import RedisStore, connect
from newscrawl.state import SqliteStore
from newscrawl.state.base import StoreTooNew, key_digest
from newscrawl.state.sqlite import FORMAT


def _format_0(path: Path) -> None:
    """A state file as newscrawl wrote it before formats: no user_version, the old
    near-duplicate tables, one delivered link."""
    db = sqlite3.connect(path)
    db.executescript(
        "CREATE TABLE seen (ns TEXT NOT NULL, key BLOB NOT NULL, PRIMARY KEY (ns, key)) "
        "WITHOUT ROWID; CREATE TABLE near_bands (band INTEGER, article TEXT);"
        "CREATE TABLE near_sigs (article TEXT, signature BLOB);"
    )
    db.execute("INSERT INTO seen VALUES (?, ?)", ("link", key_digest("https://a.example/x/")))
    db.commit()
    db.close()


def test_an_older_state_file_is_migrated_keeping_what_it_knows(tmp_path: Path) -> None:
    path = tmp_path / "site.sqlite"
    _format_0(path)
    store = SqliteStore(path)
    assert ("link", "https://a.example/x/") in store
    store.remember_version("0123456789abcdef", b"v", "2999-01-01T00:00:00Z")  # new tables work
    store.commit()
    store.close()
    db = sqlite3.connect(path)
    assert db.execute("PRAGMA user_version").fetchone() == (FORMAT,)
    tables = {row[0] for row in db.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    assert "near_bands" not in tables and {"seen", "versions", "validators"} <= tables


def test_a_state_file_of_a_newer_format_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "site.sqlite"
    SqliteStore(path).close()
    db = sqlite3.connect(path)
    db.execute(f"PRAGMA user_version = {FORMAT + 1}")
    db.commit()
    db.close()
    with pytest.raises(StoreTooNew, match=rf"{path}.*format {FORMAT + 1}.*newer newscrawl"):
        SqliteStore(path)


@pytest.mark.redis
def test_a_shared_state_of_a_newer_format_is_refused() -> None:
    frontier = ["newscrawl:t:requests", "newscrawl:t:dupefilter"]
    with redis_server() as (url, _):
        store = RedisStore(connect(url), "site-1", "w1", frontier)
        store.settle_epoch(None)
        assert store.client.get(store.key("format")) == str(REDIS_FORMAT).encode()
        store.client.set(store.key("format"), REDIS_FORMAT + 1)
        with pytest.raises(StoreTooNew, match=r"newscrawl:site-1 on Redis.*newer newscrawl"):
            RedisStore(connect(url), "site-1", "w2", frontier).settle_epoch(None)


@pytest.mark.redis
def test_a_format_1_shared_state_has_its_versions_converted_to_day_keys() -> None:
    frontier = ["newscrawl:t:requests", "newscrawl:t:dupefilter"]
    with redis_server() as (url, _):
        client = connect(url)
        prefix = "newscrawl:site-1"
        client.set(f"{prefix}:format", 1)
        client.hset(f"{prefix}:versions", mapping={"aaaa": b"kept", "bbbb": b"expired"})
        client.zadd(f"{prefix}:versions:expires", {"aaaa": 32503680000, "bbbb": 1577836800})
        store = RedisStore(client, "site-1", "w1", frontier)
        store.settle_epoch(None)
        assert client.get(f"{prefix}:format") == str(REDIS_FORMAT).encode()
        assert store.version("aaaa") == b"kept"  # its window (to the year 3000) goes on
        assert store.version("bbbb") is None  # its window ended in 2020
        assert not client.exists(f"{prefix}:versions", f"{prefix}:versions:expires")
