"""Drop articles whose text was decoded wrongly (mojibake) instead of emitting them."""

from __future__ import annotations

import logging
from typing import Any, ClassVar

from newscrawl.extraction.garbled import garbled_reason
from newscrawl.items import Article
from newscrawl.pipelines.base import Stage

logger = logging.getLogger(__name__)


class GarbledTextPipeline(Stage):
    area: ClassVar[str] = "quality"

    def process_item(self, item: Any, spider: Any = None) -> Any:
        if not isinstance(item, Article):
            return item
        captions = [text for image in item.images for text in (image.caption, image.credit)]
        texts = [item.title, item.lead, item.body, item.source, *item.authors, *item.tags]
        reason = garbled_reason([*texts, *captions])
        if reason is not None:
            logger.warning("garbled text (%s) in %s: dropped", reason, item.url)
            self.count(reason)
            raise self.drop("garbled_text", item)
        return item
