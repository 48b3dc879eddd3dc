"""A document's validators (ETag, Last-Modified) are kept like every other mark: visible to
later runs only once the run that read the document committed, forgotten with a rolled-back
run and with a rebuild of the shared state."""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers.services import redis_server

from newscrawl.distributed.store import RedisStore, connect
from newscrawl.distributed.versions import expiry_day
from newscrawl.state import SqliteStore
from newscrawl.state.base import Validators
from newscrawl.state.memory import MemoryStore

FEED = "http://127.0.0.1:8000/feed/"
KEPT = Validators('"abc"', "Mon, 07 Dec 2026 05:00:00 GMT")


def test_sqlite_keeps_validators_only_with_a_commit(tmp_path: Path) -> None:
    store = SqliteStore(tmp_path / "s.sqlite")
    assert store.validators(FEED) is None
    store.remember_validators(FEED, KEPT)
    store.commit()
    store.remember_validators(FEED, Validators('"newer"', None))
    store.close()  # killed before its commit: the newer validators are gone
    again = SqliteStore(tmp_path / "s.sqlite")
    assert again.validators(FEED) == KEPT
    again.remember_validators(FEED, Validators(None, "Tue, 08 Dec 2026 05:00:00 GMT"))
    again.commit()
    assert again.validators(FEED) == (None, "Tue, 08 Dec 2026 05:00:00 GMT")
    again.close()


def test_the_memory_store_keeps_them_for_the_run() -> None:
    store = MemoryStore()
    store.remember_validators(FEED, KEPT)
    assert store.validators(FEED) == KEPT
    assert store.validators(FEED + "x") is None


@pytest.mark.redis
def test_redis_writes_them_at_the_commit_and_a_rebuild_forgets_them() -> None:
    frontier = ["newscrawl:t:requests", "newscrawl:t:dupefilter"]
    with redis_server() as (url, _):
        store = RedisStore(connect(url), "site-1", "w1", frontier)
        store.remember_validators(FEED, KEPT)
        other = RedisStore(connect(url), "site-1", "w2", frontier)
        assert other.validators(FEED) is None  # not committed yet: no other worker sees it
        store.commit()
        assert other.validators(FEED) == KEPT
        other.clear_marks()
        assert other.validators(FEED) is None
        store.close()
        other.close()


ARTICLE = "0123456789abcdef"
PAST, FUTURE = "2020-01-01T00:00:00Z", "2999-01-01T00:00:00Z"
SOON = "2998-06-01T12:00:00Z"


def test_sqlite_keeps_a_version_with_the_commit_until_it_expires(tmp_path: Path) -> None:
    store = SqliteStore(tmp_path / "s.sqlite")
    store.remember_version(ARTICLE, b"v1", FUTURE)
    store.remember_version("fedcba9876543210", b"old", PAST)
    store.commit()  # the expired one is forgotten at the commit after its time
    store.remember_version(ARTICLE, b"v2", FUTURE)
    store.close()  # not committed: v2 is gone
    again = SqliteStore(tmp_path / "s.sqlite")
    assert again.version(ARTICLE) == b"v1"
    again.commit()
    assert again.version("fedcba9876543210") is None
    again.close()


@pytest.mark.redis
def test_redis_writes_versions_at_the_commit_and_redis_forgets_expired_ones() -> None:
    frontier = ["newscrawl:t:requests", "newscrawl:t:dupefilter"]
    with redis_server() as (url, _):
        store = RedisStore(connect(url), "site-1", "w1", frontier)
        store.remember_version(ARTICLE, b"v1", FUTURE)
        store.remember_version("fedcba9876543210", b"old", PAST)
        assert store.version(ARTICLE) is None  # not before the commit
        store.commit()
        assert store.version(ARTICLE) == b"v1"
        assert store.version("fedcba9876543210") is None  # its window ended: dropped by Redis
        day = store.key("versions", str(expiry_day(FUTURE)))
        assert store.client.ttl(day) > 0  # Redis forgets the day's versions itself
        store.remember_version(ARTICLE, b"v2", SOON)  # delivered again: a new window
        store.commit()
        assert store.version(ARTICLE) == b"v2"
        assert not store.client.hexists(day, ARTICLE)  # moved, not kept twice
        store.clear_marks()
        assert store.version(ARTICLE) is None
        assert not list(store.client.scan_iter(store.key("versions*")))
        store.close()
