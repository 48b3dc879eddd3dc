"""scrapy-redis's scheduler, made safe against workers that die.

Every request a worker takes from the shared queue is recorded as in flight for that worker
until its feed is committed. Now and then (and at start) a worker looks for dead workers and
puts their in-flight requests back in the queue. Losing Redis stops the worker cleanly.
"""

from __future__ import annotations

import logging
import time
from typing import Any

import redis
from scrapy.crawler import Crawler
from scrapy.http import Request
from scrapy.utils.defer import deferred_from_coro
from scrapy_redis.scheduler import Scheduler

from newscrawl.extensions.state import store_for
from newscrawl.state.redis import RedisStore

logger = logging.getLogger(__name__)
RECOVERY_INTERVAL = 3.0


class ReliableScheduler(Scheduler):  # type: ignore[misc]
    crawler: Crawler
    last_recovery: float = 0.0
    lost: bool = False

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> ReliableScheduler:
        instance: ReliableScheduler = super().from_crawler(crawler)
        instance.crawler = crawler
        return instance

    @property
    def store(self) -> RedisStore:
        store = store_for(self.crawler)
        assert isinstance(store, RedisStore), "distributed crawls keep their state in Redis"
        return store

    def open(self, spider: Any) -> None:
        super().open(spider)
        self.recover()

    def enqueue_request(self, request: Request) -> bool:
        try:
            return bool(super().enqueue_request(request))
        except redis.RedisError as exc:
            self.lose(exc)
            return False

    def next_request(self) -> Request | None:
        try:
            if time.monotonic() - self.last_recovery > RECOVERY_INTERVAL:
                self.recover()
            request: Request | None = super().next_request()
            if request is not None:
                fingerprint = self.df.request_fingerprint(request)
                self.store.record_inflight(fingerprint, self.queue._encode_request(request))
            return request
        except redis.RedisError as exc:
            self.lose(exc)
            return None

    def has_pending_requests(self) -> bool:
        try:
            return bool(super().has_pending_requests())
        except redis.RedisError as exc:
            self.lose(exc)
            return False

    def recover(self) -> None:
        """Requeue the in-flight work of dead workers (their marks are rolled back)."""
        self.last_recovery = time.monotonic()
        for incarnation in list(self.store.dead_workers()):
            requests = self.store.take_over(incarnation)
            if requests is None:
                continue
            for encoded in requests:
                self.queue.push(self.queue._decode_request(encoded))
            self.crawler.stats.inc_value("newscrawl/redis/requeued", len(requests))
            logger.warning(
                "worker %s is gone: %d of its requests put back in the queue",
                incarnation.split("|")[0],
                len(requests),
            )

    def lose(self, exc: Exception) -> None:
        """Redis is gone: stop this worker; its unfinished feed stays a .part file."""
        if self.lost:
            return
        self.lost = True
        self.crawler.stats.set_value("newscrawl/redis/lost", 1)
        logger.error("lost the connection to Redis (%s): stopping this worker", exc)
        engine = self.crawler.engine
        deferred_from_coro(engine.close_spider_async(reason="redis_unavailable"))
