"""DOWNLOAD_MAXSIZE for responses that do not announce their length.

Scrapy refuses a response whose Content-Length is over DOWNLOAD_MAXSIZE with a message that
names the cap (reported as `too_large`), but one streamed without a length is cancelled
mid-body as a bare DownloadCancelledError: counted as an error, reported as a failure. This
counts the bytes of such responses only and stops them at the same cap with `TooLarge`, a
refusal like the announced case (`too_large`, not an error).
"""

from __future__ import annotations

from typing import Any
from weakref import WeakKeyDictionary

from scrapy import signals
from scrapy.crawler import Crawler
from scrapy.exceptions import StopDownload
from scrapy.http import Request


class TooLarge(StopDownload):
    """The body passed DOWNLOAD_MAXSIZE without a Content-Length to announce it."""


class StreamedSizeCap:
    def __init__(self, crawler: Crawler) -> None:
        self.maxsize = crawler.settings.getint("DOWNLOAD_MAXSIZE")
        self.unsized: WeakKeyDictionary[Request, int] = WeakKeyDictionary()
        crawler.signals.connect(self.headers_received, signal=signals.headers_received)
        crawler.signals.connect(self.bytes_received, signal=signals.bytes_received)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> StreamedSizeCap:
        return cls(crawler)

    def headers_received(self, headers: Any, body_length: Any, request: Request, **_: Any) -> None:
        if self._cap(request) and not isinstance(body_length, int):
            self.unsized[request] = 0  # no length announced: count what arrives

    def bytes_received(self, data: bytes, request: Request, **_: Any) -> None:
        received = self.unsized.get(request)
        if received is None:
            return
        received += len(data)
        cap = self._cap(request)
        if cap and received > cap:
            del self.unsized[request]
            raise TooLarge(fail=True)
        self.unsized[request] = received

    def _cap(self, request: Request) -> int:
        return int(request.meta.get("download_maxsize", self.maxsize) or 0)
