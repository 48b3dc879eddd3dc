"""What every pipeline shares: stats named `newscrawl/<area>/<event>`, named drops."""

from __future__ import annotations

import logging
from typing import Any, ClassVar

from scrapy import signals
from scrapy.crawler import Crawler
from scrapy.exceptions import DropItem

from newscrawl.extensions.failures import NOT_LOST, drop_reason
from newscrawl.extensions.run import run_of
from newscrawl.extraction.chain import Finished
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


class RecordingStage(Stage):
    """A stage that records an article in the state store and takes the record back when the
    article is not delivered after all: a later stage raised (`item_error`) or dropped it for
    a reason that leaves it undelivered (`item_dropped`, not a duplicate). Otherwise the next
    run would drop it as a duplicate of an article that no feed holds.

    What an item recorded waits under its fetched URL (the page's `response.url`, which all
    three item signals carry) until the item is delivered, dropped or failed.
    """

    def __init__(self, crawler: Crawler) -> None:
        super().__init__(crawler)
        self.recorded: dict[str, list[Any]] = {}
        crawler.signals.connect(self._delivered, signal=signals.item_scraped)
        crawler.signals.connect(self._dropped, signal=signals.item_dropped)
        crawler.signals.connect(self._failed, signal=signals.item_error)

    def note(self, item: Finished, record: Any) -> None:
        self.recorded.setdefault(item.url, []).append(record)

    def take_back(self, record: Any) -> None:
        raise NotImplementedError

    def _delivered(self, item: Any, response: Any, spider: Any = None) -> None:
        self.recorded.pop(getattr(response, "url", ""), None)

    def _dropped(self, item: Any, response: Any, exception: Exception, spider: Any = None) -> None:
        records = self.recorded.pop(getattr(response, "url", ""), ())
        if drop_reason(exception) not in NOT_LOST:
            self._undo(records)

    def _failed(self, item: Any, response: Any, spider: Any, failure: Any) -> None:
        self._undo(self.recorded.pop(getattr(response, "url", ""), ()))

    def _undo(self, records: Any) -> None:
        for record in records:
            self.take_back(record)
            self.count("taken_back")


class DuplicateStage(RecordingStage):
    """Drops what an earlier item (this run or, through the state store, an earlier run) had.

    With `-a reemit=true` only this run's items count, so a rerun emits everything again.
    """

    namespace: ClassVar[str] = "key"

    def __init__(self, crawler: Crawler) -> None:
        super().__init__(crawler)
        self.this_run = RunSet()  # on disk: RAM does not grow with the articles seen

    def close_spider(self, spider: Any = None) -> None:
        self.this_run.close()

    def is_new(self, key: str, item: Finished) -> bool:
        first_ever = run_of(self.crawler).store.add(self.namespace, key)
        options = getattr(getattr(self.crawler, "spider", None), "options", None)
        reemit = bool(getattr(options, "reemit", False))
        # only a reemitting run needs its own record
        new = self.this_run.add(key) if reemit else first_ever
        if first_ever or new:
            self.note(item, (key, first_ever, new))
        return new

    def take_back(self, record: Any) -> None:
        key, first_ever, new = record
        if first_ever:
            run_of(self.crawler).store.discard(self.namespace, key)
        if new:
            self.this_run.discard(key)
