"""The run's state store and the hand-over of its feeds: nothing is marked delivered that is
not in a finished feed, and a run that cannot write its feed or state says so and fails.

Order matters for "nothing lost, nothing twice": the spider marks sections synced in its own
`closed()` (before the feed exporter's handler); the feed storage leaves every feed complete
and synced under a temporary name and hands it here (`feed_ready`); on `feed_exporter_closed`
the marks are committed together with the list of feeds still to be moved, the feeds are
moved into place and the list is forgotten (delivery.py). A run that dies before the commit
rolls back; one that dies after it is finished by the next run before its first request.

A failed write (`fail`) stops the crawl at once; the run then commits nothing and leaves its
feed unfinished, so the next run delivers every article of it again, and the exit status says
what failed (runstatus.DELIVERY_FAILED).
"""

from __future__ import annotations

import logging
from typing import Any
from weakref import WeakKeyDictionary

from scrapy import signals
from scrapy.crawler import Crawler
from scrapy.utils.defer import deferred_from_coro
from twisted.python.failure import Failure

from newscrawl.config import Config, config_of
from newscrawl.delivery import (
    MovePending,
    ReadyFeed,
    discard_unfinished,
    hand_over,
    reconcile,
)
from newscrawl.extensions.failures import NOT_LOST, drop_reason
from newscrawl.redaction import redact
from newscrawl.request_meta import original_url
from newscrawl.revisions import encode, expiry
from newscrawl.runstatus import DELIVERY_FAILED_STAT, LOCKED, MOVE_PENDING_STAT
from newscrawl.state import MemoryStore, SeenStore, StoreCorrupt, StoreFailed, open_store
from newscrawl.state.base import LINK, EpochMismatch, StoreTooNew
from newscrawl.state.lock import LockHeld, RunLock
from newscrawl.state.naming import store_name
from newscrawl.urls import canonicalize_url

logger = logging.getLogger(__name__)
STARTUP_ERROR = "NEWSCRAWL_STARTUP_ERROR"  # why a crawl could not start (a setting: see above)
STARTUP_EXIT = "NEWSCRAWL_STARTUP_EXIT"  # and the exit status that says so (default 1)
_FALLBACK: WeakKeyDictionary[Crawler, SeenStore] = WeakKeyDictionary()


class CrawlState:
    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        self.config = config_of(crawler)  # the crawl command checked it already
        spider = crawler.spider
        site = str(getattr(spider, "site", None) or getattr(spider, "name", "crawl"))
        address = getattr(spider, "base_url", "") or ""  # as the spider normalised it
        # The site's identity, computed once here: the lock and the store take the same name,
        # so two spellings of one base URL (with and without "/") can never run at once.
        self.identity = store_name(site, address)
        self.lock = self._lock(crawler)
        try:
            self.store: SeenStore = _open(crawler, self.config, self.identity)
            reconcile(self.store)
        except StoreFailed as exc:
            why = str(exc)
            if isinstance(exc, StoreCorrupt | StoreTooNew | EpochMismatch):
                why += (
                    ": rebuild the state from the finished feeds with "
                    f"`scrapy rebuildstate {getattr(spider, 'name', '<spider>')}"
                    f"{f' -a base_url={address}' if address else ''}`"
                    + (
                        " (same NEWSCRAWL_REDIS_URL), or start afresh on purpose with -s "
                        "NEWSCRAWL_REDIS_NEW_EPOCH=true (every article is emitted again)"
                        if isinstance(exc, EpochMismatch)
                        else " (it moves the damaged file aside)"
                    )
                )
            # read by the crawl command for its last line (settings are not frozen yet)
            crawler.settings.set(STARTUP_ERROR, why, priority="cmdline")
            raise
        self.ready: list[ReadyFeed] = []
        self.failure: str | None = None
        self.committed = False
        crawler.signals.connect(self.feed_exporter_closed, signal=signals.feed_exporter_closed)
        crawler.signals.connect(self.engine_stopped, signal=signals.engine_stopped)
        crawler.signals.connect(self.item_error, signal=signals.item_error)
        crawler.signals.connect(self.spider_error, signal=signals.spider_error)
        crawler.signals.connect(self.item_scraped, signal=signals.item_scraped)
        crawler.signals.connect(self.item_dropped, signal=signals.item_dropped)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> CrawlState:
        return cls(crawler)

    def _lock(self, crawler: Crawler) -> RunLock | None:
        """One run per site at a time (distributed workers run side by side on purpose)."""
        if self.config.state_dir is None or self.config.redis_url is not None:
            return None
        lock = RunLock(self.config.state_dir / f"{self.identity}.lock")
        try:
            lock.acquire()
        except LockHeld as held:
            crawler.settings.set(STARTUP_ERROR, str(held), priority="cmdline")
            crawler.settings.set(STARTUP_EXIT, LOCKED, priority="cmdline")
            raise
        if lock.previous_holder:
            logger.info("lock taken over from a finished or dead run (%s)", lock.previous_holder)
        return lock

    def feed_ready(self, feed: ReadyFeed) -> None:
        """A feed storage finished writing `feed.source`; it is moved into place at hand-over."""
        self.ready.append(feed)

    def fail(self, what: str) -> None:
        """A feed or the state could not be written: stop now, deliver nothing of this run."""
        if self.failure is not None:
            return
        self.failure = what
        if self.crawler.stats is not None:
            self.crawler.stats.set_value(DELIVERY_FAILED_STAT, what)
        logger.error(
            "%s; stopping the crawl: nothing this run fetched is marked delivered, the next run "
            "delivers it",
            what,
        )
        engine = getattr(self.crawler, "engine", None)
        if engine is not None and getattr(engine, "spider", None) is not None:
            deferred_from_coro(engine.close_spider_async(reason="delivery_failed"))

    def item_scraped(self, item: Any, response: Any, spider: Any = None) -> None:
        """Delivered: its link is known from now on, and its version is kept for diffing a
        later change (both committed with the feed)."""
        self._known(response)
        days = self.config.revision_days
        if days > 0 and isinstance(item, dict) and isinstance(item.get("id"), str):
            etag, modified = validators_of(response)
            self.store.remember_version(item["id"], encode(item, etag, modified), expiry(days))

    def item_dropped(
        self, item: Any, response: Any, exception: Exception, spider: Any = None
    ) -> None:
        """A duplicate or a page that is no story is done with; any other drop (a refusal, a
        page that is not what it should be) leaves the link unknown, to be tried next run."""
        if drop_reason(exception) in NOT_LOST:
            self._known(response)

    def _known(self, response: Any) -> None:
        request = getattr(response, "request", None)
        if request is not None:
            self.store.add(LINK, canonicalize_url(original_url(request)))

    def item_error(self, item: Any, response: Any, spider: Any, failure: Failure) -> None:
        self._store_error(failure)

    def spider_error(self, failure: Failure, response: Any, spider: Any) -> None:
        self._store_error(failure)

    def _store_error(self, failure: Failure) -> None:
        if isinstance(failure.value, StoreFailed):
            self.fail(str(failure.value))

    def feed_exporter_closed(self) -> None:
        if self.crawler.stats and self.crawler.stats.get_value("newscrawl/redis/lost"):
            logger.error("state not committed: Redis was lost; a restart will redo this work")
            return
        if self.failure is not None:
            keep = self.config.keep_failed_feeds
            for feed in self.ready:
                if keep:
                    logger.error("feed left unfinished at %s (%s)", feed.source, self.failure)
                else:
                    discard_unfinished(feed.source)
            return
        try:
            hand_over(self.store, self.ready)
        except MovePending as pending:  # delivered: only the rename is left for the next run
            self.committed = True
            logger.error("%s", pending)
            if self.crawler.stats is not None:
                self.crawler.stats.set_value(MOVE_PENDING_STAT, str(pending))
            return
        except Exception as exc:
            self.fail(f"the hand-over of the feeds failed: {exc}")
            return
        self.committed = True

    def engine_stopped(self) -> None:
        if not self.committed and self.failure is None and not self._has_feeds():
            self.store.commit()  # no feed to wait for: what was emitted went elsewhere
        self.store.close()
        if self.lock is not None:
            self.lock.release()

    def _has_feeds(self) -> bool:
        return bool(self.crawler.settings.getdict("FEEDS"))


def _open(crawler: Crawler, config: Config, name: str) -> SeenStore:
    """Redis when the crawl is distributed (NEWSCRAWL_REDIS_URL), else SQLite or memory."""
    from newscrawl.config import redis_url, worker_id

    url = redis_url(crawler.settings)
    if url is None:
        return open_store(config.state_dir, name)
    from newscrawl.state.redis import RedisStore, connect

    spider = getattr(crawler.spider, "name", "crawl")
    frontier = [
        crawler.settings.get(setting, "") % {"spider": spider}
        for setting in ("SCHEDULER_QUEUE_KEY", "SCHEDULER_DUPEFILTER_KEY")
    ]
    store = RedisStore(connect(url), name, worker_id(crawler.settings), frontier)
    refuse_evicting(store, url)
    store.watch_evictions()
    if store.volatile():
        logger.warning(
            "Redis at %s keeps its data in memory only (no AOF, no RDB): a restart loses every "
            "mark of every run; run it with `appendonly yes` (README: Distributed crawls)",
            redact(url),
        )
    memory = config.state_dir / f"{name}.redis-epoch" if config.state_dir else None
    store.settle_epoch(memory, fresh=config.redis_new_epoch)
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


def validators_of(response: Any) -> tuple[str | None, str | None]:
    """A response's `ETag` and `Last-Modified` (None each where it gave none)."""
    headers = getattr(response, "headers", None)
    if headers is None:
        return None, None
    etag, modified = headers.get("ETag"), headers.get("Last-Modified")
    return (etag.decode("latin-1") if etag else None), (
        modified.decode("latin-1") if modified else None
    )


def state_of(crawler: Crawler | None) -> CrawlState | None:
    """The crawl's CrawlState extension, if it is enabled."""
    manager: Any = getattr(crawler, "extensions", None)
    for extension in getattr(manager, "middlewares", ()):
        if isinstance(extension, CrawlState):
            return extension
    return None


def store_for(crawler: Crawler) -> SeenStore:
    """The crawl's store; a throwaway in-memory one when the extension is not enabled."""
    state = state_of(crawler)
    if state is not None:
        return state.store
    if crawler not in _FALLBACK:
        _FALLBACK[crawler] = MemoryStore()
    return _FALLBACK[crawler]
