"""Body tree to paragraphs; figures become images with caption and credit."""

from __future__ import annotations

from typing import Any, ClassVar

from newscrawl.extraction.chain import fill_body
from newscrawl.extraction.draft import ArticleDraft
from newscrawl.pipelines.base import Events, PureStage


class BodyTextPipeline(PureStage):
    area: ClassVar[str] = "text"

    @classmethod
    def apply(cls, item: Any, events: Events) -> Any:
        if isinstance(item, ArticleDraft):
            fill_body(item, cls.profile_for(item.site))
            events.count("paragraphs", len(item.paragraphs))
            events.count("images", len(item.images))
        return item
