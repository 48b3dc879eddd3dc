"""First stage: a fetched page becomes an ArticleDraft, here or in an extraction worker.

With NEWSCRAWL_EXTRACT_PROCESSES > 0 (default: one per spare core) the page goes to a worker
process that runs this and every later pure stage there (see prepared.py); the crawler's own
core is left to Scrapy, which measured as the limit of a one-process crawl.
"""

from __future__ import annotations

import logging
import time
from typing import Any, ClassVar

from scrapy.crawler import Crawler
from scrapy.utils.reactor import is_asyncio_reactor_installed

from newscrawl.extraction.document import PageTooDeep, UnparseablePage
from newscrawl.extraction.fetched import FetchedPage, draft_from_page
from newscrawl.extraction.provenance import PROFILE
from newscrawl.extraction.refusal import NotAnArticle
from newscrawl.pipelines.base import Events, PureStage
from newscrawl.pipelines.offload import ExtractionPool, TooSlow, WorkerLost, extract_processes
from newscrawl.pipelines.prepared import Prepared, StageDrop

logger = logging.getLogger(__name__)


class ExtractPipeline(PureStage):
    area: ClassVar[str] = "extract"

    def __init__(self, crawler: Crawler) -> None:
        super().__init__(crawler)
        self.processes = extract_processes(crawler.settings.get("NEWSCRAWL_EXTRACT_PROCESSES"))
        self.pool: ExtractionPool | None = None

    @classmethod
    def apply(cls, item: Any, events: Events) -> Any:
        if not isinstance(item, FetchedPage):
            return item
        started = time.monotonic()
        try:
            draft = draft_from_page(item, None if item.generic else cls.profile_for(item.site))
        except NotAnArticle as exc:
            events.count(f"not_article/{exc.detail}")
            raise StageDrop("not_article", None) from None
        except PageTooDeep as exc:
            raise StageDrop("too_deep", f"page too deep, refused: {item.url}: {exc}") from None
        except UnparseablePage as exc:
            raise StageDrop("unparseable_page", f"unparseable page {item.url}: {exc}") from None
        # In the crawler process nothing can stop a parse in C: the budget is checked after it
        # (the page is still refused); in a worker, the pool's watchdog stops it in time.
        if time.monotonic() - started > item.limits.budget_seconds:
            raise StageDrop("too_slow", _too_slow(item))
        if not item.generic and not _site_article(draft):
            events.count("not_site_article")
            raise StageDrop(
                "not_site_article",
                f"{item.url} has neither the title nor the body of the site's article pages "
                "(a maintenance, error or interstitial page?): not delivered, retried next run",
            )
        return draft

    def open_spider(self, spider: Any = None) -> None:
        if not self.processes:
            return
        if not is_asyncio_reactor_installed():
            logger.warning("extraction workers need the asyncio reactor: extracting here")
            return
        self.pool = ExtractionPool(self.processes, self.crawler.settings)

    def close_spider(self, spider: Any = None) -> None:
        if self.pool is not None:
            self.pool.close()
            self.pool = None

    def process_item(self, item: Any, spider: Any = None) -> Any:
        if isinstance(item, FetchedPage) and self.pool is not None:
            return self._offloaded(item, self.pool)
        return super().process_item(item)

    async def _offloaded(self, page: FetchedPage, pool: ExtractionPool) -> Any:
        try:
            prepared: Prepared = await pool.submit(page, page.limits.budget_seconds)
        except TooSlow:
            logger.warning(_too_slow(page))
            raise self.drop("too_slow", page) from None
        except WorkerLost as exc:
            logger.error("%s; extracting %s in the crawler process", exc, page.url)
            self.count("worker_lost")
            return super().process_item(page)  # nothing is lost
        self.count("offloaded")
        return self.replay(prepared)


def _too_slow(page: FetchedPage) -> str:
    return (
        f"extraction of {page.url} took over {page.limits.budget_seconds:g} s "
        "(NEWSCRAWL_PAGE_BUDGET): refused as too_slow"
    )


def _site_article(draft: Any) -> bool:
    """Does the page carry the profile's own marks of an article (its title or its body)?

    A 200 page that is not the article (a maintenance or error page from a cache or CMS) has
    neither; the generic fallback would make an article of it, its URL and body would be
    recorded, and the real article never fetched again. A profile whose selectors find one of
    the two still has its other fields filled in by the fallback.
    """
    methods = draft.provenance
    return bool(methods.get("title") == PROFILE or methods.get("body") == PROFILE)
