"""Canonical URL, then drop a URL already emitted (whatever link or section led to it)."""

from __future__ import annotations

from typing import Any, ClassVar

from scrapy.crawler import Crawler

from newscrawl.extraction.chain import settle_url
from newscrawl.extraction.draft import ArticleDraft
from newscrawl.extraction.normalize import article_id
from newscrawl.items import Article
from newscrawl.pipelines.base import DuplicateStage, Events, PureStage
from newscrawl.pipelines.prepared import Prepared


class CanonicalUrlPipeline(PureStage):
    area: ClassVar[str] = "urls"

    @classmethod
    def apply(cls, item: Any, events: Events) -> Any:
        if isinstance(item, ArticleDraft):
            fetched = item.url
            if settle_url(item) != fetched:
                events.count("rewritten")
        return item


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
        if isinstance(item, Prepared):
            key = item.url_key
        elif isinstance(item, Article):
            key = item.id
        elif isinstance(item, ArticleDraft):
            key = article_id(item.canonical_url or item.url)
        else:
            return item
        if key is not None and not self.is_new(key):
            raise self.drop("duplicate_url", item)
        return item

    def _scraped(self) -> int:
        return int(self.stats.get_value("item_scraped_count", 0)) if self.stats is not None else 0
