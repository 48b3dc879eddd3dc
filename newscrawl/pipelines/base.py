"""What every pipeline shares: stats named `newscrawl/<area>/<event>`, named drops."""

from __future__ import annotations

from typing import Any, ClassVar

from scrapy.crawler import Crawler
from scrapy.exceptions import DropItem

from newscrawl.extraction.profile import SiteProfile
from newscrawl.sites import all_profiles
from newscrawl.state import MemoryStore, SeenStore


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


def shared_store(crawler: Crawler) -> SeenStore:
    """One store per crawl, shared by every pipeline that checks for duplicates."""
    store: SeenStore | None = getattr(crawler, "_newscrawl_store", None)
    if store is None:
        store = MemoryStore()
        crawler._newscrawl_store = store  # type: ignore[attr-defined]
    return store
