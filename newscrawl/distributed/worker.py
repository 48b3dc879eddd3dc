"""A worker's life in a shared crawl: heartbeat, waiting for work, clearing up at the end."""

from __future__ import annotations

import logging
import time

import redis
from scrapy import signals
from scrapy.crawler import Crawler
from scrapy.exceptions import DontCloseSpider
from twisted.internet import task

from newscrawl.config import config_of
from newscrawl.distributed.shared import shared_store, shared_store_failed
from newscrawl.distributed.store import RedisStore, WorkerFenced

logger = logging.getLogger(__name__)
HEARTBEAT_INTERVAL = 3.0


class WorkerExtension:
    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        self.idle_timeout = config_of(crawler).idle_timeout
        self.idle_since: float | None = None
        self.beat = task.LoopingCall(self.heartbeat)
        crawler.signals.connect(self.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(self.spider_idle, signal=signals.spider_idle)
        crawler.signals.connect(self.request_scheduled, signal=signals.request_scheduled)
        crawler.signals.connect(self.response_received, signal=signals.response_received)
        crawler.signals.connect(self.spider_closed, signal=signals.spider_closed)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> WorkerExtension:
        return cls(crawler)

    @property
    def store(self) -> RedisStore:
        return shared_store(self.crawler)

    def heartbeat(self) -> None:
        try:
            self.store.heartbeat()
        except WorkerFenced as fenced:
            if self.beat.running:
                self.beat.stop()
            self.crawler.signals.send_catch_log(shared_store_failed, what=str(fenced))
        except redis.RedisError as exc:
            logger.error("heartbeat to Redis failed: %s", exc)

    def spider_opened(self) -> None:
        self.beat.start(HEARTBEAT_INTERVAL, now=True)

    def request_scheduled(self) -> None:
        self.idle_since = None

    def response_received(self) -> None:
        self.idle_since = None

    def spider_idle(self) -> None:
        """Keep waiting while the shared queue has work or peers may still produce some."""
        slot = getattr(self.crawler.engine, "_slot", None)
        scheduler = getattr(slot, "scheduler", None)
        if scheduler is None or getattr(scheduler, "lost", False):
            return
        now = time.monotonic()
        self.idle_since = self.idle_since or now
        try:
            scheduler.recover()  # a peer that died leaves its requests to us, not to a rerun
            busy_peers = self.store.other_live_workers() > 0
        except redis.RedisError as exc:
            scheduler.lose(exc)
            return
        limit = self.idle_timeout * (3 if busy_peers else 1)
        if scheduler.has_pending_requests() or now - self.idle_since < limit:
            raise DontCloseSpider

    def spider_closed(self) -> None:
        if self.beat.running:
            self.beat.stop()
