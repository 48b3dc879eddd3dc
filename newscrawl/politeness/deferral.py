"""Requests to a host that asked for a longer wait than NEWSCRAWL_MAX_RETRY_AFTER are not
sent (nor retried): each is refused with IgnoreRequest("deferred_retry_after: …"), so its
article is listed undelivered with that reason and the next run fetches it."""

from __future__ import annotations

from scrapy import Request
from scrapy.crawler import Crawler
from scrapy.exceptions import IgnoreRequest, NotConfigured
from scrapy.http import Response
from scrapy.utils.httpobj import urlparse_cached

from newscrawl.config import config_of
from newscrawl.politeness.hosts import (
    DEFERRED_STAT,
    PAUSING_STATUSES,
    HostPoliteness,
)


class DeferralMiddleware:
    """Between RetryMiddleware and the downloader: a deferring answer is not retried."""

    def __init__(self, crawler: Crawler, politeness: HostPoliteness) -> None:
        self.crawler = crawler
        self.politeness = politeness

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> DeferralMiddleware:
        politeness = crawler.get_extension(HostPoliteness)
        if politeness is None or not config_of(crawler).politeness:
            raise NotConfigured
        return cls(crawler, politeness)

    def process_request(self, request: Request) -> None:
        self._refuse_if_deferred(request)

    def process_response(self, request: Request, response: Response) -> Response:
        if response.status in PAUSING_STATUSES:
            self._refuse_if_deferred(request)
        return response

    def _refuse_if_deferred(self, request: Request) -> None:
        key = request.meta.get("download_slot") or urlparse_cached(request).hostname or ""
        reason = self.politeness.deferral(str(key))
        if reason is not None:
            if self.crawler.stats is not None:
                self.crawler.stats.inc_value(DEFERRED_STAT)
            raise IgnoreRequest(reason)
