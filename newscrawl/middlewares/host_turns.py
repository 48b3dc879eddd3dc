"""One pace for a host that several crawls fetch from at once.

Each crawl paces a host through its own downloader's slot (delay, in-flight limit,
AutoThrottle; politeness/hosts.py). Several crawls on one host would each take that full
share: two entries of a sites file on one host (two ports of one machine) in a many-sites
run, or the workers of a distributed crawl — three workers, three times the rate. This
middleware, last before the downloader, makes a request to such a host wait for the host's
turn: fewer requests in flight than the crawl's per-host limit, and the crawl's floor for the
host (its delay, raised by robots.txt's Crawl-delay) since the last start by any of them.
A Retry-After one crawl is given holds for all. The turns are the run's (`Run.host_turns`):
the process's own for a many-sites run (politeness/turns.py), Redis's for a distributed
crawl (distributed/turns.py), where a worker that dies holding a turn gives it back by
expiry. A host only one crawl of a process fetches from is left to its slot, at no cost.
"""

from __future__ import annotations

from scrapy import Request, Spider, signals
from scrapy.crawler import Crawler
from scrapy.http import Response
from scrapy.utils.httpobj import urlparse_cached

from newscrawl.config import config_of
from newscrawl.extensions.run import run_of
from newscrawl.politeness.hosts import PAUSING_STATUSES, HostPoliteness
from newscrawl.politeness.rules import retry_after_seconds

TURN = "newscrawl_host_turn"  # request meta: the token of the turn it holds
WAITS_STAT = "newscrawl/politeness/shared_host_waits"


class SharedHostMiddleware:
    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        config = config_of(crawler)
        self.on = config.politeness
        self.max_retry_after = config.max_retry_after
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
            hosts = frozenset(getattr(spider, "hosts", ()) or ())
            run_of(self.crawler).host_turns.join(id(self), hosts)

    def spider_closed(self, spider: Spider) -> None:
        run_of(self.crawler).host_turns.leave(id(self))

    async def process_request(self, request: Request, spider: Spider | None = None) -> None:
        host = (urlparse_cached(request).hostname or "").lower()
        turns = run_of(self.crawler).host_turns
        if not self.on or not turns.shared(host):
            return
        delay = self.politeness.host(host).floor.seconds if self.politeness else 0.0
        token, waited = await turns.turn(host, delay, self.limit)
        request.meta[TURN] = token
        if waited and self.crawler.stats is not None:
            self.crawler.stats.inc_value(WAITS_STAT)

    def process_response(
        self, request: Request, response: Response, spider: Spider | None = None
    ) -> Response:
        if self._done(request) and response.status in PAUSING_STATUSES:
            wait = retry_after_seconds(response.headers.get("Retry-After"))
            if wait is not None:  # the crawl's own slot pauses as hosts.py says; all do here
                host = (urlparse_cached(request).hostname or "").lower()
                run_of(self.crawler).host_turns.pause(host, min(wait, self.max_retry_after))
        return response

    def process_exception(
        self, request: Request, exception: Exception, spider: Spider | None = None
    ) -> None:
        self._done(request)

    def _done(self, request: Request) -> bool:
        token = request.meta.pop(TURN, None)
        if token is None:
            return False
        run_of(self.crawler).host_turns.done(str(token))
        return True
