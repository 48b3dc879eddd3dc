"""Drop articles whose text was decoded wrongly (mojibake) instead of emitting them."""

from __future__ import annotations

from typing import Any, ClassVar

from newscrawl.extraction.garbled import garbled_reason
from newscrawl.items import Article
from newscrawl.pipelines.base import Events, PureStage
from newscrawl.pipelines.prepared import StageDrop


class GarbledTextPipeline(PureStage):
    area: ClassVar[str] = "quality"

    @classmethod
    def apply(cls, item: Any, events: Events) -> Any:
        if not isinstance(item, Article):
            return item
        captions = [text for image in item.images for text in (image.caption, image.credit)]
        texts = [item.title, item.lead, item.body, item.source, *item.authors, *item.tags]
        reason = garbled_reason([*texts, *captions])
        if reason is not None:
            events.count(reason)
            raise StageDrop("garbled_text", f"garbled text ({reason}) in {item.url}: dropped")
        return item
