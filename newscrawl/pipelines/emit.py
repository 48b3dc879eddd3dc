"""The last stage: the feed gets the finished Article, whichever way the pure stages ran."""

from __future__ import annotations

from typing import Any, ClassVar

from newscrawl.pipelines.base import Stage
from newscrawl.pipelines.prepared import Prepared


class EmitPipeline(Stage):
    area: ClassVar[str] = "emit"

    def process_item(self, item: Any, spider: Any = None) -> Any:
        return item.item if isinstance(item, Prepared) else item
