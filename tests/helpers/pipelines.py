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

from helpers.run import with_run
from newscrawl import settings as project_settings
from newscrawl.extraction.chain import Finished
from newscrawl.extraction.fetched import FetchedPage
from newscrawl.items import Article
from newscrawl.sites import all_profiles

SITES = Path(__file__).resolve().parents[1] / "sites"  # <slug>/<case>/{page.html, expected.json}
BNA_CASE = SITES / "bna_germany" / "stadtrat-radwege"
BNA_PAGE = BNA_CASE / "page.html"


class PipelineChain:
    """The ITEM_PIPELINES of settings.py, built on one crawler, applied in their order."""

    def __init__(self, settings: dict[str, Any] | None = None) -> None:
        chain = {"ITEM_PIPELINES": project_settings.ITEM_PIPELINES}
        self.crawler = get_crawler(settings_dict={**chain, **(settings or {})})
        self.store = with_run(self.crawler).store  # the run's (in memory)
        order = sorted(project_settings.ITEM_PIPELINES.items(), key=lambda kv: kv[1])
        self.stages = [load_object(path).from_crawler(self.crawler) for path, _ in order]

    def run(self, item: FetchedPage | Finished | Article) -> Article:
        """The Article the chain finishes; the last stage must emit exactly its record.

        A FetchedPage goes through every stage; a Finished (from a worker) is settled by the
        first stage as the crawl settles it; an Article (finished by other means) goes
        straight to the stateful stages."""
        extract, *stateful, emit = self.stages
        if isinstance(item, Article):
            item = Finished(item.url, item)
        elif isinstance(item, Finished):
            item = extract.settle(item)
        else:
            item = extract.process_item(item)
        for stage in stateful:
            item = stage.process_item(item)
        assert isinstance(item, Finished) and item.article is not None
        assert emit.process_item(item) == item.article.to_record()
        return item.article

    def drop_reason(self, item: Any) -> str:
        with pytest.raises(DropItem) as caught:
            self.run(item)
        return str(caught.value).split(":", 1)[0]

    def stat(self, name: str) -> Any:
        return self.crawler.stats.get_value(name)


def fetched(
    url: str, html: str | bytes, site: str = "bna_germany", section: str | None = None
) -> FetchedPage:
    """A fetched page as a spider hands it on (UTF-8 bytes for a str)."""
    body = html.encode("utf-8") if isinstance(html, str) else html
    return FetchedPage(url, body, site, section, generic=site not in all_profiles())


def expected_record(case: Path = BNA_CASE) -> dict[str, Any]:
    """A case's hand-written expected line (`expected.json` without the case's own keys);
    the definitional fields follow from its body and url."""
    record: dict[str, Any] = json.loads((case / "expected.json").read_text("utf-8"))
    for key in CASE_KEYS:
        record.pop(key, None)
    record["id"] = hashlib.sha256(record["url"].encode()).hexdigest()[:16]
    record["word_count"] = len(record["body"].split())
    record["content_hash"] = hashlib.sha256(record["body"].encode()).hexdigest()
    return record


# keys of a case's expected.json that describe the case, not the line
CASE_KEYS = ("fetched_url", "listing_section", "profile", "why")
