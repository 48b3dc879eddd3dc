"""Each store keeps the health figures of the last runs, the latest first, like every mark
only once the run committed, and no more than HEALTH_KEPT of them."""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers.services import redis_server

from newscrawl.distributed.store import RedisStore, connect
from newscrawl.state import SqliteStore
from newscrawl.state.base import HEALTH_KEPT
from newscrawl.state.memory import MemoryStore

WHEN = "2026-12-07T10:00:00Z"


def test_sqlite_keeps_a_runs_figures_only_with_its_commit_and_the_last_ones_only(
    tmp_path: Path,
) -> None:
    store = SqliteStore(tmp_path / "s.sqlite")
    store.remember_health(WHEN, '{"articles": 1}')
    store.commit()
    store.remember_health(WHEN, '{"articles": 2}')
    store.close()  # killed before its commit: the second run's figures are gone
    again = SqliteStore(tmp_path / "s.sqlite")
    assert again.health_runs(5) == ['{"articles": 1}']
    for n in range(2, HEALTH_KEPT + 3):
        again.remember_health(WHEN, f'{{"articles": {n}}}')
    again.commit()
    kept = again.health_runs(HEALTH_KEPT + 10)
    assert len(kept) == HEALTH_KEPT and kept[0] == f'{{"articles": {HEALTH_KEPT + 2}}}'
    assert again.health_runs(2) == kept[:2]
    again.close()


def test_memory_keeps_the_last_runs_latest_first() -> None:
    store = MemoryStore()
    for n in range(3):
        store.remember_health(WHEN, str(n))
    assert store.health_runs(2) == ["2", "1"]
    assert store.health_runs(0) == []


@pytest.mark.redis
def test_redis_writes_a_workers_figures_at_its_commit() -> None:
    frontier = ["newscrawl:t:requests", "newscrawl:t:dupefilter"]
    with redis_server() as (url, _):
        store = RedisStore(connect(url), "site-1", "w1", frontier)
        store.remember_health(WHEN, "first")
        assert store.health_runs(5) == []  # not before the commit
        store.commit()
        other = RedisStore(connect(url), "site-1", "w2", frontier)
        other.remember_health(WHEN, "second")
        other.commit()
        assert store.health_runs(5) == ["second", "first"]
        for n in range(HEALTH_KEPT + 5):
            other.remember_health(WHEN, str(n))
        other.commit()
        assert len(store.health_runs(HEALTH_KEPT + 10)) == HEALTH_KEPT
        store.close()
        other.close()
