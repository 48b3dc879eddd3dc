"""Drop a story already emitted under another URL (exact hash of the normalised body)."""

from __future__ import annotations

from typing import Any, ClassVar

from newscrawl.items import Article
from newscrawl.pipelines.base import Stage, shared_store


class DuplicateContentPipeline(Stage):
    area: ClassVar[str] = "dedupe"

    def process_item(self, item: Any, spider: Any = None) -> Any:
        if isinstance(item, Article) and not shared_store(self.crawler).add(
            "content", item.content_hash
        ):
            raise self.drop("duplicate_content", item)
        return item
