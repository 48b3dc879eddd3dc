"""A section walk keeps the scheduler small: article requests do not pile up behind listings."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest
from scrapy import Request
from scrapy.core.scheduler import Scheduler
from scrapy.http import HtmlResponse
from scrapy.utils.test import get_crawler

from newscrawl import settings as project
from newscrawl.demo.site import DemoSite
from newscrawl.spiders.base import IncrementalSpider
from newscrawl.spiders.generic import GenericSpider
from newscrawl.spiders.sites import BnaGermanySpider

BASE = "http://127.0.0.1:9/"


def _walk(site: DemoSite, spider_class: type[IncrementalSpider]) -> tuple[int, set[str]]:
    """Crawl the site one request at a time through Scrapy's own scheduler (its default LIFO
    memory queues); returns the most requests ever waiting and the articles reached."""
    values = {k: getattr(project, k) for k in dir(project) if k.isupper()}
    values["NEWSCRAWL_STATE_DIR"] = "none"
    # one site, one download slot: the same order as the default downloader-aware queue,
    # which needs a running engine
    values["SCHEDULER_PRIORITY_QUEUE"] = "scrapy.pqueues.ScrapyPriorityQueue"
    crawler = get_crawler(spider_class, values)
    spider: Any = spider_class.from_crawler(crawler, base_url=BASE)
    crawler.spider = spider
    scheduler = Scheduler.from_crawler(crawler)
    scheduler.open(spider)

    async def starts() -> list[Request]:
        return [r async for r in spider.start()]

    for request in asyncio.run(starts()):
        scheduler.enqueue_request(request)
    peak, articles = 0, set()
    while (request := scheduler.next_request()) is not None:
        if request.callback == spider.parse_article:
            articles.add(request.url)
            continue
        status, _, body = site.render(request.url[len(BASE) - 1 :], BASE)
        if status != 200:  # e.g. a feed path the generic spider guesses
            continue
        response = HtmlResponse(request.url, body=body, request=request)
        found: Any = request.callback(response, **request.cb_kwargs)
        for follow in found:
            scheduler.enqueue_request(follow)
        peak = max(peak, len(scheduler))
    scheduler.close("finished")
    return peak, articles


@pytest.mark.parametrize("spider_class", [BnaGermanySpider, GenericSpider])
def test_waiting_requests_do_not_grow_with_the_site(spider_class: type[IncrementalSpider]) -> None:
    waiting = {}
    for size in (300, 1500):
        site = DemoSite(articles=size)
        waiting[size], articles = _walk(site, spider_class)
        listed = {m.path for m in site.index.metas if not m.path.startswith("/ticker/")}
        assert {url[len(BASE) - 1 :] for url in articles} >= listed
    # about two listing pages' articles per section wait (~70 requests), at any site size;
    # with one priority for all, the first section's whole listing went ahead of its
    # articles (330 waiting at 1,500 articles)
    assert waiting[1500] <= waiting[300] + 5
