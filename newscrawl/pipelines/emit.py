"""The last stage: the feed gets the finished article as a plain dict, whichever way the pure
stages ran.

A dict, not the Article dataclass: the exporter then reads it directly instead of going
through itemadapter's dataclass path (measured as ~1 ms of crawler CPU per article, more than
all of newscrawl's own work left in the crawler process).
"""

from __future__ import annotations

from typing import Any, ClassVar

from newscrawl.items import Article
from newscrawl.pipelines.base import Stage
from newscrawl.pipelines.prepared import Prepared


class EmitPipeline(Stage):
    area: ClassVar[str] = "emit"

    def process_item(self, item: Any, spider: Any = None) -> Any:
        article = item.item if isinstance(item, Prepared) else item
        return article.to_record() if isinstance(article, Article) else article
