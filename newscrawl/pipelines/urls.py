"""Drop an article whose URL was already emitted (whatever link or section led to it): the
URL is the canonical one the chain settled (`extraction.chain.settle_url`)."""

from __future__ import annotations

from typing import Any, ClassVar

from scrapy.crawler import Crawler

from newscrawl.extraction.chain import Finished
from newscrawl.pipelines.base import DuplicateStage


class DuplicateUrlPipeline(DuplicateStage):
    """The first stage that records anything: it is also where CLOSESPIDER_ITEMCOUNT is kept.

    Scrapy closes the spider once that many items were scraped, but every page already
    downloaded still runs through the pipelines (240 items for a limit of 10, measured). Past
    the limit an article is dropped here, before it is recorded, as `item_limit`: undelivered,
    so the next run delivers it.
    """

    area: ClassVar[str] = "urls"
    namespace: ClassVar[str] = "url"

    def __init__(self, crawler: Crawler) -> None:
        super().__init__(crawler)
        self.item_limit = crawler.settings.getint("CLOSESPIDER_ITEMCOUNT", 0)

    def process_item(self, item: Any, spider: Any = None) -> Any:
        if self.item_limit and self._scraped() >= self.item_limit:
            raise self.drop("item_limit", item)
        article = item.article if isinstance(item, Finished) else None
        if article is not None and not item.revises and not self.is_new(article.id, item):
            raise self.drop("duplicate_url", item)
        return item

    def _scraped(self) -> int:
        return int(self.stats.get_value("item_scraped_count", 0)) if self.stats is not None else 0
