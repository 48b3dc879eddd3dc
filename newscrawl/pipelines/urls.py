"""Canonical URL, then drop a URL already emitted (whatever link or section led to it)."""

from __future__ import annotations

from typing import Any, ClassVar

from newscrawl.extraction.draft import ArticleDraft
from newscrawl.extraction.normalize import article_id
from newscrawl.extraction.steps import settle_url
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
    area: ClassVar[str] = "urls"
    namespace: ClassVar[str] = "url"

    def process_item(self, item: Any, spider: Any = None) -> Any:
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
