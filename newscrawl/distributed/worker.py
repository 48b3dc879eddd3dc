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
            self.store.heartbeat(busy=self._busy())
        except WorkerFenced as fenced:
            if self.beat.running:
                self.beat.stop()
            self.crawler.signals.send_catch_log(shared_store_failed, what=str(fenced))
        except redis.RedisError as exc:
            logger.error("heartbeat to Redis failed: %s", exc)

    def _busy(self) -> bool:
        """Downloading, parsing or holding requests: this worker may still queue links."""
        try:
            return not self.crawler.engine.spider_is_idle()
        except (AttributeError, RuntimeError):  # no engine or no slot yet: starting up
            return True

    def spider_opened(self) -> None:
        self.beat.start(HEARTBEAT_INTERVAL, now=True)

    def request_scheduled(self) -> None:
        self.idle_since = None

    def response_received(self) -> None:
        self.idle_since = None

    def spider_idle(self) -> None:
        """Keep waiting while the shared queue has work or a peer is busy (it may still queue
        links); end when the queue has stayed empty for the idle timeout with no peer busy.

        Before, a worker waited three idle timeouts while peers merely lived: a peer slow to
        get its section pages back (a loaded machine, a slow site) outlasted that, and the
        worker beside it ended with nothing done while the whole crawl was still to come."""
        slot = getattr(self.crawler.engine, "_slot", None)
        scheduler = getattr(slot, "scheduler", None)
        if scheduler is None or getattr(scheduler, "lost", False):
            return
        now = time.monotonic()
        self.idle_since = self.idle_since or now
        try:
            scheduler.recover()  # a peer that died leaves its requests to us, not to a rerun
            if scheduler.has_pending_requests():
                raise DontCloseSpider
            if self.store.busy_peers() > 0:
                self.idle_since = now  # the timeout counts from when the peers went quiet
        except redis.RedisError as exc:
            scheduler.lose(exc)
            return
        if now - self.idle_since < self.idle_timeout:
            raise DontCloseSpider

    def spider_closed(self) -> None:
        if self.beat.running:
            self.beat.stop()
