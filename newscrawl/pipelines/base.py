"""What every pipeline shares: stats named `newscrawl/<area>/<event>`, named drops."""

from __future__ import annotations

from typing import Any, ClassVar

from scrapy.crawler import Crawler
from scrapy.exceptions import DropItem

from newscrawl.extensions.state import store_for
from newscrawl.extraction.profile import SiteProfile
from newscrawl.sites import all_profiles
from newscrawl.state import MemoryStore


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
        url = getattr(item, "url", "?")
        return DropItem(f"{reason}: {url}")

    def profile_for(self, site: str) -> SiteProfile | None:
        return all_profiles().get(site)


class DuplicateStage(Stage):
    """Drops what an earlier item (this run or, through the state store, an earlier run) had.

    With `-a reemit=true` only this run's items count, so a rerun emits everything again.
    """

    namespace: ClassVar[str] = "key"

    def __init__(self, crawler: Crawler) -> None:
        super().__init__(crawler)
        self.this_run = MemoryStore()

    def is_new(self, key: str) -> bool:
        first_ever = store_for(self.crawler).add(self.namespace, key)
        first_this_run = self.this_run.add(self.namespace, key)
        options = getattr(getattr(self.crawler, "spider", None), "options", None)
        return first_this_run if getattr(options, "reemit", False) else first_ever
