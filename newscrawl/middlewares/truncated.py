"""An HTML page whose bytes end before the document is closed, in the middle of text or of a
tag, is fetched once more.

A server whose Content-Length is shorter than its page, or a connection cut by a proxy,
hands over a response that looks whole to HTTP. One more attempt often gets the whole page;
if it is still cut, extraction decides: cut inside the article, it is refused as `truncated`
(listed undelivered, tried again next run); cut after it (in the comments), it is delivered.
"""

from __future__ import annotations

from scrapy import Request
from scrapy.crawler import Crawler
from scrapy.downloadermiddlewares.retry import get_retry_request
from scrapy.http import HtmlResponse, Response

from newscrawl.extraction.truncation import looks_cut


class TruncatedRetryMiddleware:
    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> TruncatedRetryMiddleware:
        return cls(crawler)

    def process_response(self, request: Request, response: Response) -> Request | Response:
        if response.status != 200 or not isinstance(response, HtmlResponse):
            return response
        spider = self.crawler.spider
        if spider is None or request.meta.get("newscrawl_truncated_retried"):
            return response
        if not looks_cut(response.body):
            return response
        retry = get_retry_request(request, spider=spider, reason="truncated", max_retry_times=1)
        if retry is None:
            return response
        retry.meta["newscrawl_truncated_retried"] = True
        return retry
