"""A Redis that refuses writes (maxmemory reached, a read-only replica) fails the store like a
full disk fails SQLite: the first refused write raises StoreFailed naming the store and the
cause, and every later call fails the same way, so no half-recorded run carries on. Real
redis-server; the shared state's identity (epoch) survives nothing but Redis itself."""

from __future__ import annotations

from pathlib import Path

import pytest
import redis
from helpers.services import redis_server

from newscrawl.distributed.store import RedisStore, connect
from newscrawl.state.base import EpochMismatch, StoreFailed

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
    from newscrawl.distributed import store as redis_state

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


def test_an_evicting_redis_is_refused_and_an_eviction_mid_run_fails_the_commit() -> None:
    from newscrawl.distributed.shared import refuse_evicting

    with redis_server() as (url, _):
        admin = redis.Redis.from_url(url)
        for policy in ("allkeys-lru", "volatile-lru"):  # heartbeats carry a TTL: volatile too
            admin.config_set("maxmemory-policy", policy)
            evicting = RedisStore(connect(url), "site-1", "w1", FRONTIER)
            with pytest.raises(StoreFailed, match=f"maxmemory-policy {policy}"):
                refuse_evicting(evicting, url)
        admin.config_set("maxmemory-policy", "noeviction")
        store = RedisStore(connect(url), "site-1", "w1", FRONTIER)
        refuse_evicting(store, url)  # the safe policy starts
        store.watch_evictions()
        assert store.add("url", "a")
        admin.config_set("maxmemory-policy", "allkeys-random")  # changed behind our back
        used = int(admin.info("memory")["used_memory"])
        admin.config_set("maxmemory", str(used + 512 * 1024))
        for n in range(400):  # fill past the limit: Redis evicts
            admin.set(f"filler:{n}", b"x" * 4096)
        assert int(admin.info("stats")["evicted_keys"]) > 0
        with pytest.raises(StoreFailed, match=r"evicted \d+ keys during the run"):
            store.commit()
        admin.config_set("maxmemory", "0")
        admin.close()
        store.close()


def test_a_rebuild_starts_from_an_empty_key_space_epoch_first() -> None:
    """The "section walked" flags of the lost state must go too: kept, the next run stops
    paging at the first page of known links and never finds the articles Redis lost."""
    with redis_server() as (url, _):
        store = RedisStore(connect(url), "site-1", "w1", FRONTIER)
        store.new_epoch()
        store.add("url", "a")
        store.add("link", "https://site.example/a/")
        store.add_near("a", [1, 2], b"sig")
        store.mark_section_synced("politik", "2026-12-06T00:00:00Z")
        store.commit()
        other = RedisStore(connect(url), "site-2", "w1", FRONTIER)
        other.add("url", "b")
        assert store.section_synced("politik")
        assert store.clear_marks() >= 4
        assert store.epoch() is None  # workers refuse the state until the rebuild ends
        assert not store.section_synced("politik")
        assert ("url", "a") not in store and ("link", "https://site.example/a/") not in store
        assert store.near_candidates([1, 2]) == []
        assert ("url", "b") in other  # another site's state is untouched
        store.close()
        other.close()


def test_a_worker_declared_dead_may_neither_come_back_nor_commit() -> None:
    """Paused past the heartbeat's lifetime, a worker is taken over (its marks rolled back,
    its requests redone by the others); when it resumes, its heartbeat and its commit are
    refused, so its feed never becomes a second copy of what the others delivered."""
    from newscrawl.distributed.store import WorkerFenced

    with redis_server() as (url, _):
        paused = RedisStore(connect(url), "site-1", "w1", FRONTIER)
        paused.heartbeat()
        assert paused.add("url", "a")
        peer = RedisStore(connect(url), "site-1", "w2", FRONTIER)
        peer.heartbeat()
        assert peer.take_over(paused.incarnation) == 0  # as the scheduler does for the dead
        assert ("url", "a") not in peer  # rolled back
        with pytest.raises(WorkerFenced, match="declared dead"):
            paused.heartbeat()
        with pytest.raises(StoreFailed, match="declared dead"):
            paused.commit([("/out/.feed.part", "/out/feed.jsonl")])
        assert peer.pending_feeds() == [] and paused.pending_feeds() == []
        peer.commit()  # a live worker commits as before
        rebuild = RedisStore(connect(url), "site-1", "rebuild", FRONTIER)
        rebuild.add("url", "b")
        rebuild.commit()  # never registered as a worker (rebuildstate): no fence
        assert ("url", "b") in rebuild
        for store in (paused, peer, rebuild):
            store.close()
