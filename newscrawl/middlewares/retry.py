"""Retries with exponential backoff, for transient failures only.

Scrapy's RetryMiddleware decides *what* is retried (RETRY_HTTP_CODES: 5xx gateway and server
errors, 408, 429; RETRY_EXCEPTIONS: timeouts, refused and reset connections); 404, 410 and
other permanent answers never are. This subclass only adds *when*: the n-th retry waits
NEWSCRAWL_RETRY_BACKOFF * 2**(n-1) seconds (or the server's Retry-After, if it sent one),
at most NEWSCRAWL_RETRY_BACKOFF_MAX, without blocking other downloads.

With politeness on, a Retry-After pauses the whole host (newscrawl/politeness/hosts.py) and
the retried request simply waits its turn in the host's queue: no second wait here.
"""

from __future__ import annotations

from scrapy.crawler import Crawler
from scrapy.downloadermiddlewares.retry import RetryMiddleware
from scrapy.http import Request, Response
from scrapy.utils.defer import maybe_deferred_to_future
from twisted.internet import task

from newscrawl.config import config_of
from newscrawl.politeness.rules import retry_after_seconds


def backoff_delay(attempt: int, base: float, cap: float, retry_after: str | None = None) -> float:
    """Seconds to wait before retry number `attempt` (1 for the first retry)."""
    return _backoff(attempt, base, cap, retry_after_seconds(retry_after))


def _backoff(attempt: int, base: float, cap: float, asked: float | None) -> float:
    if asked is not None:
        return min(cap, asked)
    return float(min(cap, base * 2.0 ** max(0, attempt - 1)))


class BackoffRetryMiddleware(RetryMiddleware):
    def __init__(self, crawler: Crawler) -> None:
        super().__init__(crawler.settings)
        self.crawler = crawler
        config = config_of(crawler)
        self.base = config.retry_backoff
        self.cap = config.retry_backoff_max
        self.host_pauses = config.politeness

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> BackoffRetryMiddleware:
        return cls(crawler)

    async def process_response(  # type: ignore[override]
        self, request: Request, response: Response
    ) -> Request | Response:
        result = super().process_response(request, response)
        if isinstance(result, Request):
            asked = retry_after_seconds(response.headers.get("Retry-After"))
            if self.host_pauses and asked is not None:
                return result  # the host is paused: the retry waits its turn in the slot
            await self._wait(result, asked)
        return result

    async def process_exception(  # type: ignore[override]
        self, request: Request, exception: Exception
    ) -> Request | Response | None:
        result = super().process_exception(request, exception)
        if isinstance(result, Request):
            await self._wait(result, None)
        return result

    async def _wait(self, retry: Request, asked: float | None) -> None:
        """`asked`: the seconds the server's Retry-After asked for, if it sent one."""
        from twisted.internet import reactor

        delay = _backoff(int(retry.meta.get("retry_times", 1)), self.base, self.cap, asked)
        if self.crawler.stats is not None:
            self.crawler.stats.inc_value("newscrawl/retry/backoff_ms", round(delay * 1000))
        if delay > 0:
            await maybe_deferred_to_future(task.deferLater(reactor, delay, lambda: None))
