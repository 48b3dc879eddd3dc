"""Every article the run set out to deliver and could not, with the reason: nothing is lost
silently. The run summary lists them under `undelivered`.

Fed by the spider's errback (download errors, HTTP errors, refused requests), by the
scheduler (a redirect that leads back to a URL already requested: a loop), by item drops that
lose an article (not the duplicate drops: the story was delivered once) and by callback errors.
Each reason is also counted as `newscrawl/undelivered/<code>`.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any
from urllib.parse import urlsplit

from scrapy import signals
from scrapy.crawler import Crawler
from scrapy.exceptions import IgnoreRequest
from scrapy.http import Request, Response
from scrapy.spidermiddlewares.httperror import HttpError
from twisted.python.failure import Failure

from newscrawl.extensions.sizecap import TooLarge
from newscrawl.failure_codes import exception_code
from newscrawl.politeness.robots_fetch import robots_files
from newscrawl.request_meta import LISTING, PAGE_KIND, SOURCE, TAKEN, original_url
from newscrawl.state import SeenStore

logger = logging.getLogger(__name__)

SOURCES_STAT = "newscrawl/sources/"
ITEM_ERRORS = "newscrawl/errors/item"  # exceptions raised by an item pipeline stage
NOT_LOST = ("duplicate_url", "duplicate_content", "near_duplicate", "not_article")
# An article the run was asked to skip (`-a since=`, by its own date): neither lost nor known,
# so a later run without the option still emits it.
OLDER_THAN_SINCE = "older_than_since"
# Pages refused on purpose for what they would cost (extraction/limits.py): reported under
# their own name, not as `dropped_<reason>`.
REFUSED = ("too_deep", "too_slow", "truncated")
_IGNORED = (
    ("forbidden_", None),
    ("deferred_retry_after", None),
    ("robots.txt", "robots_txt"),
    ("max redirections", "too_many_redirects"),
    ("DOWNLOAD_MAXSIZE", "too_large"),
    ("offsite", "offsite"),
)


def failure_code(failure: Failure) -> str:
    """A short, stable reason code for a failed request."""
    error = failure.value
    if isinstance(error, TooLarge):
        return "too_large"
    if isinstance(error, HttpError) and error.response is not None:
        return f"http_{error.response.status}"
    if isinstance(error, IgnoreRequest):
        text = str(error)
        for needle, code in _IGNORED:
            if needle in text:
                return code or text.split(":", 1)[0]
        return "ignored"
    return exception_code(error)


def drop_reason(exception: Exception) -> str:
    """The reason a stage gave for dropping an item (its DropItem reads "reason: url")."""
    return str(exception).split(":", 1)[0].strip()


class DeliveryLedger:
    """The run's list of what it could not deliver (held by the Run, extensions/run.py)."""

    def __init__(self, crawler: Crawler, store: SeenStore) -> None:
        self.crawler = crawler
        self.store = store
        self.lost: dict[str, dict[str, str]] = {}
        self.listings: dict[str, dict[str, str]] = {}
        # Who knows better about a failure's reason: (url, code, kind) -> the code to list,
        # or None when it is not to be listed (robots_fetch.RobotsFiles registers one).
        self.judges: list[Callable[[str, str, str], str | None]] = []
        crawler.signals.connect(self.request_dropped, signal=signals.request_dropped)
        crawler.signals.connect(self.request_scheduled, signal=signals.request_scheduled)
        crawler.signals.connect(self.item_dropped, signal=signals.item_dropped)
        crawler.signals.connect(self.spider_error, signal=signals.spider_error)
        crawler.signals.connect(self.item_error, signal=signals.item_error)
        crawler.signals.connect(self.item_scraped, signal=signals.item_scraped)
        crawler.signals.connect(self.engine_started, signal=signals.engine_started)

    def engine_started(self) -> None:
        """robots.txt knows better why an article it forbids was not fetched (and whether it
        was listed before under the same robots.txt): it judges those refusals."""
        robots = robots_files(self.crawler)
        if robots is not None:
            store = self.store
            self.judges.append(lambda url, code, kind: robots.judge(url, code, kind, store))

    def record(
        self, url: str, code: str, detail: str = "", kind: str = "article", override: bool = False
    ) -> None:
        """First reason wins, unless `override` (a refusal knows better than "off-site")."""
        book = self.lost if kind == "article" else self.listings
        if url in book and not override:
            return
        book[url] = {"url": url, "reason": code, "detail": detail[:300]}
        if self.crawler.stats is not None:
            self.crawler.stats.inc_value(f"newscrawl/undelivered/{code}")
        logger.warning("%s not delivered: %s (%s) %s", kind, url, code, detail[:200])

    def record_failure(self, failure: Failure) -> None:
        request: Request | None = getattr(failure, "request", None)
        if request is None:
            return
        kind = str(request.meta.get(PAGE_KIND, "other"))
        code: str | None = failure_code(failure)
        url = original_url(request)
        for judge in self.judges:
            code = judge(url, code, kind) if code is not None else None
        if code is not None:
            self.record(url, code, str(failure.value), kind)

    def request_dropped(self, request: Request, spider: Any = None) -> None:
        """The scheduler refused a redirect target it had already seen: a redirect loop."""
        chain = request.meta.get("redirect_urls")
        if chain and request.meta.get(PAGE_KIND) == "article":
            detail = " -> ".join([*chain, request.url])
            self.record(original_url(request), "redirect_loop", detail)

    def request_scheduled(self, request: Request, spider: Any = None) -> None:
        """A redirect off the site is dropped by Scrapy's off-site filter without an errback.
        (A request a distributed worker took from the shared queue was seen by whoever queued
        it.)"""
        if request.meta.get(TAKEN):
            return
        chain = request.meta.get("redirect_urls")
        domains = getattr(spider, "allowed_domains", None)
        if not chain or not domains or request.meta.get(PAGE_KIND) != "article":
            return
        if not _on_domains(request.url, domains):
            self.record(original_url(request), "offsite_redirect", f"redirected to {request.url}")

    def item_dropped(
        self, item: Any, response: Response | None, exception: Exception, spider: Any = None
    ) -> None:
        code = drop_reason(exception)
        if code in NOT_LOST or code == OLDER_THAN_SINCE:
            return
        request = getattr(response, "request", None)
        url = original_url(request) if request is not None else str(getattr(item, "url", "?"))
        self.record(url, code if code in REFUSED else f"dropped_{code}", str(exception))

    def item_scraped(self, item: Any, response: Response | None, spider: Any = None) -> None:
        """Delivered (counted per discovery source); after all, if it was listed lost before
        (e.g. by a later attempt)."""
        request = getattr(response, "request", None)
        if self.crawler.stats is not None:
            source = request.meta.get(SOURCE, LISTING) if request is not None else LISTING
            self.crawler.stats.inc_value(SOURCES_STAT + str(source))
        if request is not None and self.lost.pop(original_url(request), None) is not None:
            logger.info("delivered after all: %s", original_url(request))

    def item_error(
        self, item: Any, response: Response | None, spider: Any, failure: Failure
    ) -> None:
        """A stage raised: the article is neither delivered nor known, and it is an error."""
        if self.crawler.stats is not None:
            self.crawler.stats.inc_value(ITEM_ERRORS)
        request = getattr(response, "request", None)
        url = original_url(request) if request is not None else str(getattr(item, "url", "?"))
        self.record(url, f"error_{type(failure.value).__name__}", str(failure.value))

    def spider_error(self, failure: Failure, response: Response, spider: Any = None) -> None:
        request = response.request
        if request is not None and request.meta.get(PAGE_KIND) == "article":
            self.record(original_url(request), f"error_{type(failure.value).__name__}")

    def undelivered(self) -> list[dict[str, str]]:
        return [self.lost[url] for url in sorted(self.lost)]

    def failed_listings(self) -> list[dict[str, str]]:
        return [self.listings[url] for url in sorted(self.listings)]


def _on_domains(url: str, domains: list[str]) -> bool:
    host = (urlsplit(url).hostname or "").lower()
    return any(host == d.lower() or host.endswith("." + d.lower()) for d in domains)
