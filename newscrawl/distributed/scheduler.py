"""scrapy-redis's scheduler, made safe against workers that die.

Every request a worker takes from the shared queue is recorded as in flight for that worker
(in the same atomic step, see frontier.py) until its feed is committed. Now and then (and at
start) a worker looks for dead workers and puts their in-flight requests back in the queue.
Losing Redis stops the worker cleanly.

A worker with room for more work asks the shared queue itself every WAKE_INTERVAL seconds.
Scrapy's engine asks its scheduler for requests when a download ends, and otherwise only at
its 5-second heartbeat: a worker that found the queue empty (its peer had not yet queued the
links of the listing it was parsing) slept through 5 seconds of its peer's crawl, time after
time, and on a small site could finish having done nothing. The request it takes is handed
to the engine (`engine.crawl`, which wakes it) and served from this scheduler's own list.
"""

from __future__ import annotations

import logging
import time
from collections import deque
from typing import Any

import redis
from scrapy.crawler import Crawler
from scrapy.http import Request
from scrapy.utils.defer import deferred_from_coro
from scrapy_redis.dupefilter import RFPDupeFilter
from scrapy_redis.queue import PriorityQueue
from scrapy_redis.scheduler import Scheduler
from twisted.internet import task

from newscrawl.distributed.frontier import SharedFrontier
from newscrawl.distributed.shared import shared_store
from newscrawl.distributed.store import RedisStore
from newscrawl.request_meta import TAKEN

logger = logging.getLogger(__name__)
RECOVERY_INTERVAL = 3.0
WAKE_INTERVAL = 0.25


class ReliableScheduler(Scheduler):  # type: ignore[misc]
    crawler: Crawler
    last_recovery: float = 0.0
    lost: bool = False
    frontier: SharedFrontier

    # Requests a worker may hold in its own downloader beyond those in flight: enough that a
    # download never waits for Redis, few enough to leave the rest in the shared queue for
    # its peers. Without it one worker took a whole crawl's share (CONCURRENT_REQUESTS: 32)
    # into its slot queue, where the host's delay kept it waiting, and a worker beside it
    # found the queue empty: 3 polite workers on one 24-article site, one did all the work.
    AHEAD = 2
    held_at_most: int = 32
    taken: deque[tuple[Request, bytes]]  # taken from the queue for the engine, with its code
    _handing: dict[int, bytes]  # handed to the engine, not yet back in enqueue_request
    wake: task.LoopingCall | None = None

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> ReliableScheduler:
        instance: ReliableScheduler = super().from_crawler(crawler)
        instance.crawler = crawler
        per_host = max(1, crawler.settings.getint("CONCURRENT_REQUESTS_PER_DOMAIN"))
        instance.held_at_most = min(
            crawler.settings.getint("CONCURRENT_REQUESTS"), per_host + cls.AHEAD
        )
        instance.taken = deque()
        instance._handing = {}
        return instance

    def _holding_enough(self, room: bool = False) -> bool:
        """This worker's downloader holds its share; the rest waits for whoever is free.
        `room`: without an engine to ask (a scheduler on its own), say there is none."""
        try:
            downloader = self.crawler.engine.downloader
        except (AttributeError, RuntimeError):  # no engine yet (a scheduler on its own)
            return room
        return len(downloader.active) >= self.held_at_most

    @property
    def store(self) -> RedisStore:
        return shared_store(self.crawler)

    def open(self, spider: Any) -> None:
        # The site's own frontier keys (store.py, `frontier`), not scrapy-redis's per-spider
        # ones: two sites crawled by one spider class on one Redis (a sites file, two cron
        # lines of the generic spider) would otherwise share one queue and take each other's
        # requests into the wrong feed.
        queue_key, dupefilter_key = self.store.frontier[:2]
        self.queue_key = queue_key
        debug = self.crawler.settings.getbool("DUPEFILTER_DEBUG")
        self.df = RFPDupeFilter(self.server, key=dupefilter_key, debug=debug)
        super().open(spider)
        if not isinstance(self.queue, PriorityQueue):
            raise ValueError(
                "a distributed crawl needs SCHEDULER_QUEUE_CLASS = scrapy_redis.queue.PriorityQueue"
                f" (got {type(self.queue).__name__})"
            )
        inflight = self.store.inflight()
        self.frontier = SharedFrontier(self.server, self.queue.key, self.df.key, inflight)
        self.recover()
        self.wake = task.LoopingCall(self.take_when_idle)
        self.wake.start(WAKE_INTERVAL, now=False)

    def close(self, reason: str) -> None:
        if self.wake is not None and self.wake.running:
            self.wake.stop()
        try:
            while self.taken:  # taken from the queue, never handled: back for whoever is left
                self.frontier.give_back(self.taken.popleft()[1])
        except redis.RedisError as exc:
            self.lose(exc)
        super().close(reason)

    def take_when_idle(self) -> None:
        """Take a request from the shared queue and hand it to the engine when this worker has
        room for one and nothing of its own waiting (see the module's docstring)."""
        engine = getattr(self.crawler, "engine", None)
        if self.lost or self.taken or self._holding_enough(room=True) or engine is None:
            return
        try:
            encoded = self.frontier.take()
        except redis.RedisError as exc:
            self.lose(exc)
            return
        if encoded is None:
            return
        request: Request = self.queue._decode_request(encoded)
        request.meta[TAKEN] = True
        self._handing[id(request)] = encoded
        try:
            engine.crawl(request)
        except Exception as exc:  # the spider closed meanwhile: the request goes back
            logger.debug("handing a request to the engine failed (%s): put back", exc)
            self._handing.pop(id(request), None)
            try:
                self.frontier.give_back(encoded)
            except redis.RedisError as lost:
                self.lose(lost)

    def enqueue_request(self, request: Request) -> bool:
        if request.meta.pop(TAKEN, False):  # taken from the queue by take_when_idle
            encoded = self._handing.pop(id(request), None)
            if encoded is not None:
                self.taken.append((request, encoded))
                return True
        try:
            fingerprint = None if request.dont_filter else self.df.request_fingerprint(request)
            encoded = self.queue._encode_request(request)
            if not self.frontier.push(encoded, request.priority, fingerprint):
                self.df.log(request, self.spider)
                return False
            if self.stats:
                self.stats.inc_value("scheduler/enqueued/redis")
            return True
        except redis.RedisError as exc:
            self.lose(exc)
            return False

    def next_request(self) -> Request | None:
        try:
            if time.monotonic() - self.last_recovery > RECOVERY_INTERVAL:
                self.recover()
            if self.taken:
                if self.stats:
                    self.stats.inc_value("scheduler/dequeued/redis")
                return self.taken.popleft()[0]
            if self._holding_enough():
                return None
            encoded = self.frontier.take()
            if encoded is None:
                return None
            if self.stats:
                self.stats.inc_value("scheduler/dequeued/redis")
            request: Request = self.queue._decode_request(encoded)
            return request
        except redis.RedisError as exc:
            self.lose(exc)
            return None

    def has_pending_requests(self) -> bool:
        if self.taken:
            return True
        try:
            return bool(super().has_pending_requests())
        except redis.RedisError as exc:
            self.lose(exc)
            return False

    def recover(self) -> None:
        """Requeue the in-flight work of dead workers (their marks are rolled back)."""
        self.last_recovery = time.monotonic()
        for incarnation in list(self.store.dead_workers()):
            requeued = self.store.take_over(incarnation)
            if requeued is None:
                continue
            self.crawler.stats.inc_value("newscrawl/redis/requeued", requeued)
            logger.warning(
                "worker %s is gone: %d of its requests put back in the queue",
                incarnation.split("|")[0],
                requeued,
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
