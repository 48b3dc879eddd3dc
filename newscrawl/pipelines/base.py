"""What every pipeline shares: stats named `newscrawl/<area>/<event>`, named drops."""

from __future__ import annotations

import logging
from typing import Any, ClassVar

from scrapy.crawler import Crawler
from scrapy.exceptions import DropItem

from newscrawl.extensions.state import store_for
from newscrawl.extraction.profile import SiteProfile
from newscrawl.pipelines.prepared import Prepared, StageDrop
from newscrawl.sites import all_profiles
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
        url = getattr(item, "url", "?")  # a Prepared item carries the fetched URL too
        return DropItem(f"{reason}: {url}")

    @staticmethod
    def profile_for(site: str) -> SiteProfile | None:
        return all_profiles().get(site)


class Events:
    """What a pure stage counted on one item, kept until it can reach the crawler's stats."""

    def __init__(self) -> None:
        self.counted: list[tuple[str, int]] = []

    def count(self, event: str, value: int = 1) -> None:
        if value:
            self.counted.append((event, value))


class PureStage(Stage):
    """A stage that needs nothing but the item: `apply` may run here or in a worker process.

    On a `Prepared` item (the pure stages already ran in a worker) it replays what it did
    there: the same stats, the same drop.
    """

    @classmethod
    def apply(cls, item: Any, events: Events) -> Any:  # pragma: no cover - abstract
        raise NotImplementedError

    def process_item(self, item: Any, spider: Any = None) -> Any:
        if isinstance(item, Prepared):
            return self.replay(item)
        events = Events()
        try:
            item = self.apply(item, events)
        except StageDrop as drop:
            self._count_all(events.counted)
            raise self._dropped(drop.reason, drop.log, item) from None
        self._count_all(events.counted)
        return item

    def replay(self, prepared: Prepared) -> Prepared:
        name = type(self).__name__
        self._count_all([(e, v) for stage, e, v in prepared.events if stage == name])
        if prepared.drop is not None and prepared.drop[0] == name:
            raise self._dropped(prepared.drop[1], prepared.drop[2], prepared)
        return prepared

    def _count_all(self, events: list[tuple[str, int]]) -> None:
        for event, value in events:
            self.count(event, value)

    def _dropped(self, reason: str, log: str | None, item: Any) -> DropItem:
        if log:
            logger.warning(log)
        return self.drop(reason, item)


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
