"""Retries with exponential backoff, for transient failures only.

Scrapy's RetryMiddleware decides *what* is retried (RETRY_HTTP_CODES: 5xx gateway and server
errors, 408, 429; RETRY_EXCEPTIONS: timeouts, refused and reset connections); 404, 410 and
other permanent answers never are. This subclass only adds *when*: the n-th retry waits
NEWSCRAWL_RETRY_BACKOFF * 2**(n-1) seconds (or the server's Retry-After, if it sent one),
at most NEWSCRAWL_RETRY_BACKOFF_MAX, without blocking other downloads.
"""

from __future__ import annotations

from scrapy.crawler import Crawler
from scrapy.downloadermiddlewares.retry import RetryMiddleware
from scrapy.http import Request, Response
from scrapy.utils.defer import maybe_deferred_to_future
from twisted.internet import task


def backoff_delay(attempt: int, base: float, cap: float, retry_after: str | None = None) -> float:
    """Seconds to wait before retry number `attempt` (1 for the first retry)."""
    if retry_after and retry_after.strip().isdigit():
        return min(cap, float(retry_after.strip()))
    return float(min(cap, base * 2.0 ** max(0, attempt - 1)))


class BackoffRetryMiddleware(RetryMiddleware):
    def __init__(self, crawler: Crawler) -> None:
        super().__init__(crawler.settings)
        self.crawler = crawler
        self.base = crawler.settings.getfloat("NEWSCRAWL_RETRY_BACKOFF", 0.5)
        self.cap = crawler.settings.getfloat("NEWSCRAWL_RETRY_BACKOFF_MAX", 10.0)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> BackoffRetryMiddleware:
        return cls(crawler)

    async def process_response(  # type: ignore[override]
        self, request: Request, response: Response
    ) -> Request | Response:
        result = super().process_response(request, response)
        if isinstance(result, Request):
            header = response.headers.get("Retry-After")
            await self._wait(result, header.decode("latin-1") if header else None)
        return result

    async def process_exception(  # type: ignore[override]
        self, request: Request, exception: Exception
    ) -> Request | Response | None:
        result = super().process_exception(request, exception)
        if isinstance(result, Request):
            await self._wait(result, None)
        return result

    async def _wait(self, retry: Request, retry_after: str | None) -> None:
        from twisted.internet import reactor

        delay = backoff_delay(
            int(retry.meta.get("retry_times", 1)), self.base, self.cap, retry_after
        )
        if self.crawler.stats is not None:
            self.crawler.stats.inc_value("newscrawl/retry/backoff_ms", round(delay * 1000))
        if delay > 0:
            await maybe_deferred_to_future(task.deferLater(reactor, delay, lambda: None))
