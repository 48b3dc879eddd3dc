"""One story, one line: exact copies of the body, then near-copies (reposts, syndication)."""

from __future__ import annotations

import logging
from typing import Any, ClassVar

from scrapy.crawler import Crawler

from newscrawl.config import config_of
from newscrawl.extensions.run import run_of
from newscrawl.extraction.chain import Finished
from newscrawl.neardup import NearDuplicateIndex
from newscrawl.pipelines.base import DuplicateStage, RecordingStage

POLICIES = ("drop", "mark")
logger = logging.getLogger(__name__)


SAME_BODY_URLS = 3  # distinct URLs with one body in one run: not a repost any more


class DuplicateContentPipeline(DuplicateStage):
    """An exact copy of a body already delivered is dropped as `duplicate_content` (done with:
    the story is delivered). From the third URL with the same body in one run on it is
    `same_body` instead: one body served for many URLs is a page that is not the article (an
    error or maintenance page, a consent wall), so those URLs are not done with but listed
    undelivered and tried again next run; a warning names the body's first URL."""

    area: ClassVar[str] = "dedupe"
    namespace: ClassVar[str] = "content"

    def __init__(self, crawler: Crawler) -> None:
        super().__init__(crawler)
        self.repeats: dict[str, int] = {}  # content hash -> copies dropped this run

    def process_item(self, item: Any, spider: Any = None) -> Any:
        article = item.article if isinstance(item, Finished) else None
        if article is not None and not item.revises and not self.is_new(article.content_hash, item):
            copies = self.repeats[article.content_hash] = (
                self.repeats.get(article.content_hash, 0) + 1
            )
            if copies + 1 < SAME_BODY_URLS:
                raise self.drop("duplicate_content", item)
            if copies + 1 == SAME_BODY_URLS:
                logger.warning(
                    "%d pages of this run have one body (%r, e.g. %s): not the articles? "
                    "listed undelivered, tried again next run",
                    SAME_BODY_URLS,
                    article.title[:60],
                    article.url,
                )
            raise self.drop("same_body", item)
        return item


class NearDuplicatePipeline(RecordingStage):
    """`drop` (default): later copies are dropped; `mark`: emitted with `duplicate_of`."""

    area: ClassVar[str] = "dedupe"

    def __init__(self, crawler: Crawler) -> None:
        super().__init__(crawler)
        config = config_of(crawler)  # checked there: a policy of POLICIES, a threshold in (0, 1]
        self.policy = config.near_duplicate_policy
        self.threshold = config.near_duplicate_threshold
        self.index: NearDuplicateIndex | None = None

    def process_item(self, item: Any, spider: Any = None) -> Any:
        article = item.article if isinstance(item, Finished) else None
        if article is None or item.revises:  # a revision is its own story, not a copy of it
            return item
        if self.index is None:
            self.index = NearDuplicateIndex(run_of(self.crawler).store, self.threshold)
        match = self.index.observe(article.id, article.body, item.signature, item.band_keys)
        if match is None:
            self.note(item, item)  # indexed: taken back if it is not delivered after all
            return item
        if self.policy == "drop":
            raise self.drop("near_duplicate", item)
        self.count("near_duplicate_marked")
        article.duplicate_of = match.original
        return item

    def take_back(self, record: Any) -> None:
        article = record.article
        if self.index is not None and article is not None:
            self.index.forget(article.id, article.body, record.signature, record.band_keys)
