"""Body tree to paragraphs; figures become images with caption and credit."""

from __future__ import annotations

from typing import Any, ClassVar

from newscrawl.extraction.draft import ArticleDraft
from newscrawl.extraction.steps import fill_body
from newscrawl.pipelines.base import Stage


class BodyTextPipeline(Stage):
    area: ClassVar[str] = "text"

    def process_item(self, item: Any, spider: Any = None) -> Any:
        if isinstance(item, ArticleDraft):
            fill_body(item, self.profile_for(item.site))
            self.count("paragraphs", len(item.paragraphs))
            self.count("images", len(item.images))
        return item
