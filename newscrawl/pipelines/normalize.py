"""Draft to Article: ISO dates, people vs outlet, id and content hash."""

from __future__ import annotations

from typing import Any, ClassVar

from newscrawl.extraction.draft import ArticleDraft
from newscrawl.extraction.normalize import IncompleteArticle, to_article
from newscrawl.pipelines.base import Stage


class NormalizePipeline(Stage):
    area: ClassVar[str] = "normalize"

    def process_item(self, item: Any, spider: Any = None) -> Any:
        if not isinstance(item, ArticleDraft):
            return item
        try:
            article = to_article(item)
        except IncompleteArticle as exc:
            raise self.drop(exc.reason, item) from None
        if article.published_at is None:
            self.count("no_published_date")
        return article
