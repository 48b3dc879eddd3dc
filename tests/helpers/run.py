"""A test crawler with a run, as a crawl gives it one: built as Scrapy builds extensions and
reached the same way (`run_of`). It is the run that records nothing (`InspectionRun`: no
lock, its store in memory), so a unit test never touches output/state."""

from __future__ import annotations

from typing import Any

from scrapy.crawler import Crawler
from scrapy.extension import ExtensionManager

from newscrawl.extensions.run import InspectionRun, Run


def with_run(crawler: Crawler, spider: Any = None) -> Run:
    """Give `crawler` (from get_crawler, not crawling) its Run; the spider first, when given,
    since the run takes the site's identity from it."""
    if spider is not None:
        crawler.spider = spider
    run = InspectionRun.from_crawler(crawler)
    crawler.extensions = ExtensionManager(run, crawler=crawler)
    return run
