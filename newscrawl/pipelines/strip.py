"""Remove ads, then related-link widgets and page furniture, from the body tree in place."""

from __future__ import annotations

from typing import Any, ClassVar

from newscrawl.extraction.chain import remove_ads, remove_widgets
from newscrawl.extraction.draft import ArticleDraft
from newscrawl.pipelines.base import Events, PureStage


class StripAdsPipeline(PureStage):
    area: ClassVar[str] = "strip"

    @classmethod
    def apply(cls, item: Any, events: Events) -> Any:
        if isinstance(item, ArticleDraft):
            events.count("ads_removed", remove_ads(item, cls.profile_for(item.site)))
        return item


class StripRelatedLinksPipeline(PureStage):
    area: ClassVar[str] = "strip"

    @classmethod
    def apply(cls, item: Any, events: Events) -> Any:
        if isinstance(item, ArticleDraft):
            events.count("widgets_removed", remove_widgets(item, cls.profile_for(item.site)))
        return item
