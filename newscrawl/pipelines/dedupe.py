"""Drop a story already emitted under another URL (exact hash of the normalised body)."""

from __future__ import annotations

from typing import Any, ClassVar

from newscrawl.items import Article
from newscrawl.pipelines.base import DuplicateStage


class DuplicateContentPipeline(DuplicateStage):
    area: ClassVar[str] = "dedupe"
    namespace: ClassVar[str] = "content"

    def process_item(self, item: Any, spider: Any = None) -> Any:
        if isinstance(item, Article) and not self.is_new(item.content_hash):
            raise self.drop("duplicate_content", item)
        return item
