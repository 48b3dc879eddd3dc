"""One pace for a host that several crawls of one process fetch from.

A many-sites run crawls each site with its own Scrapy crawler, so each has its own
downloader, whose slots pace a host (delay, in-flight limit, AutoThrottle; hosts.py). Two
entries of a sites file on one host — two ports of one machine, two sites of one publisher
under one name — would then each take their full share: twice the rate, twice the requests in
flight. `HostTurns` (turns.py) holds, for the whole process, when each such host may next
be asked and how many requests to it are in flight; `SharedHostMiddleware` (last before the
downloader) makes a request to a shared host wait for its turn. A host only one crawl
fetches from is left to its downloader slot alone, at no cost.

Turns are taken with the floor the asking crawl holds for the host (its delay, raised by
robots.txt's Crawl-delay) and its in-flight limit; a Retry-After pause one crawl was given
holds for all (hosts.py tells `HOST_TURNS.pause`).
"""

from __future__ import annotations

import logging

from scrapy import Request, Spider, signals
from scrapy.crawler import Crawler
from scrapy.http import Response
from scrapy.utils.httpobj import urlparse_cached

from newscrawl.config import config_of
from newscrawl.politeness.hosts import HostPoliteness
from newscrawl.politeness.turns import HOST_TURNS, HostTurns

logger = logging.getLogger(__name__)
TURN = "newscrawl_shared_turn"  # request meta: the shared host it holds a turn of


class SharedHostMiddleware:
    """Downloader middleware, last before the downloader: a request to a host that another
    crawl of this process also fetches from waits for that host's turn."""

    def __init__(self, crawler: Crawler, turns: HostTurns = HOST_TURNS) -> None:
        self.crawler = crawler
        self.turns = turns
        self.on = config_of(crawler).politeness
        self.limit = max(1, crawler.settings.getint("CONCURRENT_REQUESTS_PER_DOMAIN"))
        self.politeness: HostPoliteness | None = None
        crawler.signals.connect(self.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(self.spider_closed, signal=signals.spider_closed)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> SharedHostMiddleware:
        return cls(crawler)

    def spider_opened(self, spider: Spider) -> None:
        self.politeness = self.crawler.get_extension(HostPoliteness)
        if self.on:
            self.turns.join(id(self), frozenset(getattr(spider, "hosts", ()) or ()))

    def spider_closed(self, spider: Spider) -> None:
        self.turns.leave(id(self))

    async def process_request(self, request: Request, spider: Spider | None = None) -> None:
        host = (urlparse_cached(request).hostname or "").lower()
        if not self.on or not self.turns.shared(host):
            return
        delay = self.politeness.host(host).floor.seconds if self.politeness else 0.0
        waited = await self.turns.turn(host, delay, self.limit)
        request.meta[TURN] = host
        if waited and self.crawler.stats is not None:
            self.crawler.stats.inc_value("newscrawl/politeness/shared_host_waits")

    def process_response(
        self, request: Request, response: Response, spider: Spider | None = None
    ) -> Response:
        self._done(request)
        return response

    def process_exception(
        self, request: Request, exception: Exception, spider: Spider | None = None
    ) -> None:
        self._done(request)

    def _done(self, request: Request) -> None:
        host = request.meta.pop(TURN, None)
        if host is not None:
            self.turns.done(str(host))
