"""The run of one site: one `Run` per crawler, the extension every other part reaches with
`run_of(crawler)` (Scrapy's `crawler.get_extension`) for what the run holds — its typed config,
the site's identity, the lock, the state store, the ledger of what it could not deliver, the
feeds it hands over and the failure that stops it. A crawl without a Run is a mistake, said
as one (`RunMissing`); never an in-memory stand-in that would remember nothing.

Nothing is marked delivered that is not in a finished feed, and a run that cannot write its
feed or state says so and fails. Order matters for "nothing lost, nothing twice": the spider
marks sections synced in its own `closed()` (before the feed exporter's handler); the feed
storage leaves every feed complete and synced under a temporary name and hands it here
(`feed_ready`); on `feed_exporter_closed` the marks are committed together with the list of
feeds still to be moved, the feeds are moved into place and the list is forgotten
(delivery.py). A run that dies before the commit rolls back; one that dies after it is
finished by the next run before its first request.

A failed write (`fail`) stops the crawl at once; the run then commits nothing and leaves its
feed unfinished, so the next run delivers every article of it again, and the exit status says
what failed (runstatus.DELIVERY_FAILED).

`scrapy parse`/`fetch`/`shell` look at pages without a crawl: their `InspectionRun` keeps a
store in memory on purpose, takes no lock and hands nothing over.
"""

from __future__ import annotations

import logging
from typing import Any

from scrapy import signals
from scrapy.crawler import Crawler
from scrapy.utils.defer import deferred_from_coro
from twisted.python.failure import Failure

from newscrawl.config import config_of, refuse_start
from newscrawl.delivery import (
    MovePending,
    ReadyFeed,
    discard_unfinished,
    hand_over,
    reconcile,
)
from newscrawl.extensions.failures import NOT_LOST, DeliveryLedger, drop_reason
from newscrawl.politeness.turns import HOST_TURNS, Turns
from newscrawl.request_meta import original_url
from newscrawl.revisions import encode, expiry
from newscrawl.runstatus import DELIVERY_FAILED_STAT, LOCKED, MOVE_PENDING_STAT
from newscrawl.state import MemoryStore, SeenStore, StoreCorrupt, StoreFailed, open_store
from newscrawl.state.base import LINK, EpochMismatch, StoreTooNew
from newscrawl.state.lock import LockHeld, RunLock
from newscrawl.state.naming import store_name
from newscrawl.urls import canonicalize_url

logger = logging.getLogger(__name__)


class RunMissing(RuntimeError):
    """A part of the crawl asked for the run, and the crawler has none."""


class Run:
    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        self.config = config_of(crawler)  # the crawl command checked it already
        spider = crawler.spider
        self.site = str(getattr(spider, "site", None) or getattr(spider, "name", "crawl"))
        self.address = str(getattr(spider, "base_url", "") or "")  # as the spider normalised it
        # The site's identity, computed once here: the lock and the store take the same name,
        # so two spellings of one base URL (with and without "/") can never run at once.
        self.identity = store_name(self.site, self.address)
        self.lock = self._lock(crawler)
        self.store: SeenStore = self._store(crawler)
        self.ledger = DeliveryLedger(crawler, self.store)
        # the turns of hosts other crawls fetch from too (middlewares/host_turns.py)
        self.host_turns: Turns = self._turns(crawler)
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
    def from_crawler(cls, crawler: Crawler) -> Run:
        return cls(crawler)

    def _store(self, crawler: Crawler) -> SeenStore:
        """The state store, with the command that rebuilds it named where it cannot be read."""
        spider = crawler.spider
        address = self.address
        try:
            store = self._open()
            reconcile(store)
            return store
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
            refuse_start(crawler.settings, why)
            raise

    def _open(self) -> SeenStore:
        """Redis when the crawl is distributed (NEWSCRAWL_REDIS_URL), else SQLite or memory."""
        config = self.config
        if config.redis_url is None:
            return open_store(config.state_dir, self.identity, config.state_cache_kib)
        from newscrawl.config import worker_id
        from newscrawl.distributed.shared import open_shared_store, shared_store_failed

        memory = config.state_dir / f"{self.identity}.redis-epoch" if config.state_dir else None
        store = open_shared_store(
            self.crawler,
            config.redis_url,
            self.identity,
            worker_id(self.crawler.settings),
            memory,
            config.redis_new_epoch,
        )
        self.crawler.signals.connect(self._shared_store_failed, signal=shared_store_failed)
        return store

    def _turns(self, crawler: Crawler) -> Turns:
        """The process's own, or for a distributed crawl the turns every worker takes in
        Redis (a turn left by a dead worker expires after the download timeout)."""
        if self.config.redis_url is None:
            return HOST_TURNS
        from newscrawl.distributed.shared import shared_store
        from newscrawl.distributed.turns import RedisHostTurns

        hold = crawler.settings.getfloat("DOWNLOAD_TIMEOUT") + 10
        return RedisHostTurns(shared_store(crawler).client, hold)

    def _shared_store_failed(self, what: str) -> None:
        self.fail(what)

    def _lock(self, crawler: Crawler) -> RunLock | None:
        """One run per site at a time (distributed workers run side by side on purpose)."""
        if self.config.state_dir is None or self.config.redis_url is not None:
            return None
        lock = RunLock(self.config.state_dir / f"{self.identity}.lock")
        try:
            lock.acquire()
        except LockHeld as held:
            refuse_start(crawler.settings, str(held), LOCKED)
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


def validators_of(response: Any) -> tuple[str | None, str | None]:
    """A response's `ETag` and `Last-Modified` (None each where it gave none)."""
    headers = getattr(response, "headers", None)
    if headers is None:
        return None, None
    etag, modified = headers.get("ETag"), headers.get("Last-Modified")
    return (etag.decode("latin-1") if etag else None), (
        modified.decode("latin-1") if modified else None
    )


class InspectionRun(Run):
    """The run of `scrapy parse`/`fetch`/`shell`: a look that records nothing (no lock, a
    store in memory, no feed)."""

    def _lock(self, crawler: Crawler) -> RunLock | None:
        return None

    def _open(self) -> SeenStore:
        return MemoryStore()


def run_of(crawler: Crawler) -> Run:
    """The crawler's Run; RunMissing when the crawl was built without one."""
    try:
        run = crawler.get_extension(Run)
    except RuntimeError as early:  # asked before the crawler built its extensions
        raise RunMissing(f"the run is not built yet: {early}") from early
    if run is None:
        raise RunMissing(
            "this crawl has no Run: EXTENSIONS must enable newscrawl.extensions.run.Run "
            "(settings.py does)"
        )
    return run
