"""Remove ads, then related-link widgets and page furniture, from the body tree in place."""

from __future__ import annotations

from typing import Any, ClassVar

from newscrawl.extraction.draft import ArticleDraft
from newscrawl.extraction.steps import remove_ads, remove_widgets
from newscrawl.pipelines.base import Stage


class StripAdsPipeline(Stage):
    area: ClassVar[str] = "strip"

    def process_item(self, item: Any, spider: Any = None) -> Any:
        if isinstance(item, ArticleDraft):
            self.count("ads_removed", remove_ads(item, self.profile_for(item.site)))
        return item


class StripRelatedLinksPipeline(Stage):
    area: ClassVar[str] = "strip"

    def process_item(self, item: Any, spider: Any = None) -> Any:
        if isinstance(item, ArticleDraft):
            self.count("widgets_removed", remove_widgets(item, self.profile_for(item.site)))
        return item
