"""The shared state of a distributed crawl, opened once per crawler.

The run (extensions/run.py) opens it when NEWSCRAWL_REDIS_URL is set and keeps it as its
store; the scheduler and the worker's heartbeat of the same crawler reach the same RedisStore
here. This part knows nothing of the run above it: a worker that finds itself fenced off by
its peers says so with the `shared_store_failed` signal, which the run answers by stopping
and committing nothing.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any
from weakref import WeakKeyDictionary

from scrapy.crawler import Crawler

from newscrawl.distributed.store import RedisStore, connect, frontier_keys
from newscrawl.redaction import redact
from newscrawl.state.base import StoreFailed

logger = logging.getLogger(__name__)
# Sent with `what` (the reason) when the shared store can no longer be written for this worker.
shared_store_failed = object()
_OPENED: WeakKeyDictionary[Crawler, RedisStore] = WeakKeyDictionary()


def open_shared_store(
    crawler: Crawler, url: str, name: str, worker: str, memory: Path | None, fresh_epoch: bool
) -> RedisStore:
    """The crawl's RedisStore, refused (StoreFailed) where Redis would evict its keys; its
    epoch settled against the one this machine remembers at `memory`."""
    store = RedisStore(connect(url), name, worker, frontier_keys(name))
    refuse_evicting(store, url)
    store.watch_evictions()
    if store.volatile():
        logger.warning(
            "Redis at %s keeps its data in memory only (no AOF, no RDB): a restart loses every "
            "mark of every run; run it with `appendonly yes` (README: Distributed crawls)",
            redact(url),
        )
    store.settle_epoch(memory, fresh=fresh_epoch)
    _OPENED[crawler] = store
    return store


def shared_store(crawler: Crawler) -> RedisStore:
    """The RedisStore this crawler's run opened; an error when it opened none."""
    store = _OPENED.get(crawler)
    if store is None:
        raise RuntimeError(
            "no shared store is open for this crawl: a distributed crawl needs the Run "
            "extension (newscrawl.extensions.run.Run) and NEWSCRAWL_REDIS_URL"
        )
    return store


def refuse_evicting(store: Any, url: str) -> None:
    """StoreFailed (the run does not start) when Redis may evict keys under memory pressure."""
    policy = store.eviction_policy()
    if policy is not None and policy != "noeviction":
        store.close()
        raise StoreFailed(
            f"Redis at {redact(url)} evicts keys when its memory is full "
            f"(maxmemory-policy {policy}): "
            "marks, queued requests and heartbeats would vanish and articles with them; run it "
            "with maxmemory-policy noeviction (README: Distributed crawls)"
        )
