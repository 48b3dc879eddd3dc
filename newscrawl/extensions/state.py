"""Open the site's state store for the crawl and commit it only once the feed is in place.

Commit order matters for "nothing lost, nothing twice": the spider marks sections synced in
its own `closed()` (called before the feed exporter's handler), the feed exporter moves the
feed into place, and only then, on `feed_exporter_closed`, does this commit. A run that dies
before that rolls back, and the next run emits its articles again.
"""

from __future__ import annotations

import logging
from typing import Any
from weakref import WeakKeyDictionary

from scrapy import signals
from scrapy.crawler import Crawler

from newscrawl.config import load_config
from newscrawl.state import MemoryStore, SeenStore, open_store
from newscrawl.state.naming import state_dir, store_name

logger = logging.getLogger(__name__)
_FALLBACK: WeakKeyDictionary[Crawler, SeenStore] = WeakKeyDictionary()


class CrawlState:
    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        self.config = load_config(crawler.settings)  # the crawl command checked it already
        spider = crawler.spider
        site = str(getattr(spider, "site", None) or getattr(spider, "name", "crawl"))
        address = getattr(spider, "base_url", "") or ""
        self.store: SeenStore = _open(crawler, store_name(site, address))
        self.committed = False
        crawler.signals.connect(self.feed_exporter_closed, signal=signals.feed_exporter_closed)
        crawler.signals.connect(self.engine_stopped, signal=signals.engine_stopped)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> CrawlState:
        return cls(crawler)

    def feed_exporter_closed(self) -> None:
        if self.crawler.stats and self.crawler.stats.get_value("newscrawl/redis/lost"):
            logger.error("state not committed: Redis was lost; a restart will redo this work")
            return
        self.store.commit()
        self.committed = True

    def engine_stopped(self) -> None:
        if not self.committed and not self.crawler.settings.getdict("FEEDS"):
            self.store.commit()  # no feed to wait for: what was emitted went elsewhere
        self.store.close()


def _open(crawler: Crawler, name: str) -> SeenStore:
    """Redis when the crawl is distributed (NEWSCRAWL_REDIS_URL), else SQLite or memory."""
    from newscrawl.distributed.naming import redis_url, worker_id

    url = redis_url(crawler.settings)
    if url is None:
        return open_store(state_dir(crawler.settings.get("NEWSCRAWL_STATE_DIR")), name)
    from newscrawl.state.redis import RedisStore, connect

    spider = getattr(crawler.spider, "name", "crawl")
    frontier = [
        crawler.settings.get(setting, "") % {"spider": spider}
        for setting in ("SCHEDULER_QUEUE_KEY", "SCHEDULER_DUPEFILTER_KEY")
    ]
    return RedisStore(connect(url), name, worker_id(crawler.settings), frontier)


def store_for(crawler: Crawler) -> SeenStore:
    """The crawl's store; a throwaway in-memory one when the extension is not enabled."""
    manager: Any = getattr(crawler, "extensions", None)
    for extension in getattr(manager, "middlewares", ()):
        if isinstance(extension, CrawlState):
            return extension.store
    if crawler not in _FALLBACK:
        _FALLBACK[crawler] = MemoryStore()
    return _FALLBACK[crawler]
