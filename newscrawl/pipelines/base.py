"""What every pipeline shares: stats named `newscrawl/<area>/<event>`, named drops."""

from __future__ import annotations

import logging
from typing import Any, ClassVar

from scrapy.crawler import Crawler
from scrapy.exceptions import DropItem

from newscrawl.extensions.state import store_for
from newscrawl.state.runset import RunSet

logger = logging.getLogger(__name__)


class Stage:
    """Base for the thin pipelines: `area` names the stat family."""

    area: ClassVar[str] = "pipeline"

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        self.stats = crawler.stats

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Any:
        return cls(crawler)

    def count(self, event: str, value: int = 1) -> None:
        if self.stats is not None and value:
            self.stats.inc_value(f"newscrawl/{self.area}/{event}", value)

    def drop(self, reason: str, item: Any) -> DropItem:
        """Count the drop under its reason and return the exception to raise."""
        if self.stats is not None:
            self.stats.inc_value(f"newscrawl/dropped/{reason}")
        url = getattr(item, "url", "?")  # a Finished carries the fetched URL
        return DropItem(f"{reason}: {url}")


class DuplicateStage(Stage):
    """Drops what an earlier item (this run or, through the state store, an earlier run) had.

    With `-a reemit=true` only this run's items count, so a rerun emits everything again.
    """

    namespace: ClassVar[str] = "key"

    def __init__(self, crawler: Crawler) -> None:
        super().__init__(crawler)
        self.this_run = RunSet()  # on disk: RAM does not grow with the articles seen

    def close_spider(self, spider: Any = None) -> None:
        self.this_run.close()

    def is_new(self, key: str) -> bool:
        first_ever = store_for(self.crawler).add(self.namespace, key)
        options = getattr(getattr(self.crawler, "spider", None), "options", None)
        if not getattr(options, "reemit", False):
            return first_ever
        return self.this_run.add(key)  # only a reemitting run needs its own record
