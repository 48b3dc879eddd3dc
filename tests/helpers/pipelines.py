"""Run items through the project's real pipelines, in settings order."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

import pytest
from scrapy.exceptions import DropItem
from scrapy.utils.misc import load_object
from scrapy.utils.test import get_crawler

from newscrawl import settings as project_settings
from newscrawl.items import Article
from newscrawl.pipelines.prepared import Prepared

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"


class PipelineChain:
    """The ITEM_PIPELINES of settings.py, built on one crawler, applied in their order."""

    def __init__(self, settings: dict[str, Any] | None = None) -> None:
        chain = {"ITEM_PIPELINES": project_settings.ITEM_PIPELINES}
        self.crawler = get_crawler(settings_dict={**chain, **(settings or {})})
        order = sorted(project_settings.ITEM_PIPELINES.items(), key=lambda kv: kv[1])
        self.stages = [load_object(path).from_crawler(self.crawler) for path, _ in order]

    def run(self, item: Any) -> Article:
        """The Article the chain finishes; the last stage must emit exactly its record."""
        *stages, emit = self.stages
        for stage in stages:
            item = stage.process_item(item)
        article = item.item if isinstance(item, Prepared) else item
        assert isinstance(article, Article)
        assert emit.process_item(item) == article.to_record()
        return article

    def drop_reason(self, item: Any) -> str:
        with pytest.raises(DropItem) as caught:
            self.run(item)
        return str(caught.value).split(":", 1)[0]

    def stat(self, name: str) -> Any:
        return self.crawler.stats.get_value(name)


def expected_record(name: str) -> dict[str, Any]:
    """A hand-written expected line; the definitional fields follow from its body and url."""
    record: dict[str, Any] = json.loads((FIXTURES / "pages" / name).read_text("utf-8"))
    record["id"] = hashlib.sha256(record["url"].encode()).hexdigest()[:16]
    record["word_count"] = len(record["body"].split())
    record["content_hash"] = hashlib.sha256(record["body"].encode()).hexdigest()
    return record
