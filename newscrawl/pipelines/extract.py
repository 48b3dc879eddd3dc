"""First stage: a fetched page becomes a `Finished` (its article or the reason it is refused)
through the chain's pure stages (`extraction.chain.finish`), here or in an extraction worker.

With NEWSCRAWL_EXTRACT_PROCESSES > 0 (default: one per spare core) the page goes to a worker
process (`newscrawl.workers`); the crawler's own core is left to Scrapy, which measured as
the limit of a one-process crawl. Either way this stage counts what the chain counted and
drops what it refused, so stats, drop reasons and output are the same.
"""

from __future__ import annotations

import logging
from datetime import date
from typing import Any, ClassVar

from scrapy.crawler import Crawler
from scrapy.utils.reactor import is_asyncio_reactor_installed

from newscrawl.config import config_of
from newscrawl.extensions.failures import OLDER_THAN_SINCE
from newscrawl.extraction.chain import Finished, finish, too_slow_message
from newscrawl.extraction.fetched import FetchedPage
from newscrawl.pipelines.base import Stage
from newscrawl.similarity import banding_for
from newscrawl.workers.pool import (
    SHARED_POOLS,
    ExtractionPool,
    TooSlow,
    WorkerLost,
    extract_processes,
    profile_of,
)

logger = logging.getLogger(__name__)


class ExtractPipeline(Stage):
    area: ClassVar[str] = "extract"

    def __init__(self, crawler: Crawler) -> None:
        super().__init__(crawler)
        config = config_of(crawler)
        self.processes = extract_processes(config.extract_processes)
        self.threshold = config.near_duplicate_threshold
        self.banding = banding_for(self.threshold)
        self.pool: ExtractionPool | None = None
        self.offload = False  # between the crawl's open and close, with workers to use

    def open_spider(self, spider: Any = None) -> None:
        if not self.processes:
            return
        if not is_asyncio_reactor_installed():
            logger.warning("extraction workers need the asyncio reactor: extracting here")
            return
        self.offload = True

    def close_spider(self, spider: Any = None) -> None:
        self.offload = False  # a page after the close is extracted here, by no new worker
        if self.pool is not None:
            SHARED_POOLS.give_back(self.pool)
            self.pool = None

    def process_item(self, item: Any, spider: Any = None) -> Any:
        if not isinstance(item, FetchedPage):
            return item
        if self.pool is None and self.offload:
            # the workers start with the first page to extract, not with the crawl: an
            # hourly run that finds nothing new since the last starts none (each costs about
            # a second of CPU to start and 100 MB while it runs)
            self.pool = SHARED_POOLS.take(self.processes, self.threshold)
        if self.pool is not None:
            return self._offloaded(item, self.pool)
        return self.settle(finish(item, profile_of(item), self.banding))

    async def _offloaded(self, page: FetchedPage, pool: ExtractionPool) -> Finished:
        try:
            done: Finished = await pool.submit(page, page.limits.budget_seconds)
        except TooSlow:
            logger.warning(too_slow_message(page))
            raise self.drop("too_slow", page) from None
        except WorkerLost as exc:
            logger.error("%s; extracting %s in the crawler process", exc, page.url)
            self.count("worker_lost")
            return self.settle(finish(page, profile_of(page), self.banding))  # nothing is lost
        self.count("offloaded")
        return self.settle(done)

    def settle(self, done: Finished) -> Finished:
        """Count what the chain counted; drop the page it refused under the chain's reason."""
        if self.stats is not None:
            for area, event, value in done.counts:
                self.stats.inc_value(f"newscrawl/{area}/{event}", value)
        if done.refused is not None:
            if done.refused.message:
                logger.warning(done.refused.message)
            raise self.drop(done.refused.reason, done)
        if done.article is not None and self._older_than_since(done.article.published_at):
            raise self.drop(OLDER_THAN_SINCE, done)
        return done

    def _older_than_since(self, published: str | None) -> bool:
        """Published (on its own calendar day) before the run's `-a since=`: a link whose URL
        names no date cannot be skipped before it is fetched, but is not emitted."""
        options = getattr(getattr(self.crawler, "spider", None), "options", None)
        since = getattr(options, "since", None)
        return bool(since and published and date.fromisoformat(published[:10]) < since)
