"""Draft to Article: ISO dates, people vs outlet, id and content hash."""

from __future__ import annotations

from typing import Any, ClassVar

from newscrawl.extraction.draft import ArticleDraft
from newscrawl.extraction.normalize import IncompleteArticle, to_article
from newscrawl.pipelines.base import Events, PureStage
from newscrawl.pipelines.prepared import StageDrop


class NormalizePipeline(PureStage):
    area: ClassVar[str] = "normalize"

    @classmethod
    def apply(cls, item: Any, events: Events) -> Any:
        if not isinstance(item, ArticleDraft):
            return item
        try:
            article = to_article(item)
        except IncompleteArticle as exc:
            raise StageDrop(exc.reason) from None
        if article.published_at is None:
            events.count("no_published_date")
        for field, cut in item.cuts.items():  # a list over the page's limit (limits.py)
            events.count(f"cut/{field}", cut)
        return article
