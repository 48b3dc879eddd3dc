"""One story, one line: exact copies of the body, then near-copies (reposts, syndication)."""

from __future__ import annotations

from typing import Any, ClassVar

from scrapy.crawler import Crawler

from newscrawl.extensions.state import store_for
from newscrawl.items import Article
from newscrawl.neardup import DEFAULT_THRESHOLD, NearDuplicateIndex
from newscrawl.pipelines.base import DuplicateStage, Stage
from newscrawl.pipelines.prepared import Prepared

POLICIES = ("drop", "mark")


class DuplicateContentPipeline(DuplicateStage):
    area: ClassVar[str] = "dedupe"
    namespace: ClassVar[str] = "content"

    def process_item(self, item: Any, spider: Any = None) -> Any:
        article = item.item if isinstance(item, Prepared) else item
        if isinstance(article, Article) and not self.is_new(article.content_hash):
            raise self.drop("duplicate_content", item)
        return item


class NearDuplicatePipeline(Stage):
    """`drop` (default): later copies are dropped; `mark`: emitted with `duplicate_of`."""

    area: ClassVar[str] = "dedupe"

    def __init__(self, crawler: Crawler) -> None:
        super().__init__(crawler)
        self.policy = crawler.settings.get("NEWSCRAWL_NEAR_DUPLICATE_POLICY", "drop")
        if self.policy not in POLICIES:
            raise ValueError(
                f"NEWSCRAWL_NEAR_DUPLICATE_POLICY must be one of {POLICIES}, not {self.policy!r}"
            )
        self.threshold = crawler.settings.getfloat(
            "NEWSCRAWL_NEAR_DUPLICATE_THRESHOLD", DEFAULT_THRESHOLD
        )
        self.index: NearDuplicateIndex | None = None

    def process_item(self, item: Any, spider: Any = None) -> Any:
        article = item.item if isinstance(item, Prepared) else item
        if not isinstance(article, Article):
            return item
        if self.index is None:
            self.index = NearDuplicateIndex(store_for(self.crawler), self.threshold)
        if isinstance(item, Prepared):
            match = self.index.observe(article.id, article.body, item.signature, item.band_keys)
        else:
            match = self.index.observe(article.id, article.body)
        if match is None:
            return item
        if self.policy == "drop":
            raise self.drop("near_duplicate", item)
        self.count("near_duplicate_marked")
        article.duplicate_of = match.original
        return item
