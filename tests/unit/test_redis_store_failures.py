"""A Redis that refuses writes (maxmemory reached, a read-only replica) fails the store like a
full disk fails SQLite: the first refused write raises StoreFailed naming the store and the
cause, and every later call fails the same way, so no half-recorded run carries on. Real
redis-server; the shared state's identity (epoch) survives nothing but Redis itself."""

from __future__ import annotations

from pathlib import Path

import pytest
import redis
from helpers.services import redis_server

from newscrawl.state.base import EpochMismatch, StoreFailed
from newscrawl.state.redis import RedisStore, connect

pytestmark = pytest.mark.redis
FRONTIER = ["newscrawl:t:requests", "newscrawl:t:dupefilter"]


def test_a_redis_that_refuses_writes_fails_the_store_for_good() -> None:
    with redis_server() as (url, _):
        store = RedisStore(connect(url), "site-1", "w1", FRONTIER)
        assert store.add("url", "a")
        admin = redis.Redis.from_url(url)
        admin.config_set("maxmemory-policy", "noeviction")
        admin.config_set("maxmemory", "1")
        with pytest.raises(StoreFailed, match=r"newscrawl:site-1 on Redis failed: .*maxmemory"):
            store.add("url", "b")
        admin.config_set("maxmemory", "0")  # room again: the store stays failed all the same
        with pytest.raises(StoreFailed):
            store.add("url", "c")
        with pytest.raises(StoreFailed):
            store.commit()
        admin.close()
        store.close()


def test_the_epoch_is_remembered_after_delivery_and_a_lost_one_refused(tmp_path: Path) -> None:
    memory = tmp_path / "site-1.redis-epoch"
    with redis_server() as (url, _):
        store = RedisStore(connect(url), "site-1", "w1", FRONTIER)
        epoch = store.settle_epoch(memory)
        assert not memory.exists()  # nothing delivered yet: nothing to lose
        store.commit()
        assert memory.read_text().strip() == epoch
        again = RedisStore(connect(url), "site-1", "w1", FRONTIER)
        assert again.settle_epoch(memory) == epoch  # the same state: fine
        redis.Redis.from_url(url).flushdb()
        with pytest.raises(EpochMismatch, match="Redis has none"):
            RedisStore(connect(url), "site-1", "w1", FRONTIER).settle_epoch(memory)
        fresh = RedisStore(connect(url), "site-1", "w1", FRONTIER)
        assert fresh.settle_epoch(memory, fresh=True) != epoch  # afresh, on purpose


def test_two_workers_sharing_a_state_directory_remember_the_epoch_at_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Two workers on one machine commit at the same instant: the second one's note is
    written between the first one's write and its rename. Neither fails (one shared temporary
    name let the first rename take the other's file away: a delivery failure, exit 7)."""
    from newscrawl.state import redis as redis_state

    memory = tmp_path / "site-1.redis-epoch"
    real_replace = redis_state.os.replace
    interleaved = []

    def replace(source: Path, target: Path) -> None:
        if not interleaved:  # the other worker commits now, between our write and rename
            interleaved.append(source)
            redis_state.remember_epoch(memory, "e1")
        real_replace(source, target)

    monkeypatch.setattr(redis_state.os, "replace", replace)
    redis_state.remember_epoch(memory, "e1")
    assert interleaved and memory.read_text("utf-8") == "e1\n"
    assert [p.name for p in tmp_path.iterdir()] == [memory.name]  # no temporary file left
