"""Decide a run's exit status from its stats: the truth a scheduler (cron, systemd) acts on.

Pure: a stats mapping in, a Verdict out; the crawl command exits with it and the run summary
records it, so both always agree.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

OK = 0
FAILED = 1  # bootstrap or usage error (Scrapy's own code for these)
INTERRUPTED = 3  # closed before finishing: signal, error, CloseSpider
NO_SECTION_REACHABLE = 4
TOO_MANY_ERRORS = 5
NO_ARTICLES = 6
LOCKED = 75  # EX_TEMPFAIL: another run of the same site holds the lock; try later


@dataclass(frozen=True)
class Verdict:
    code: int
    reason: str


def error_count(stats: Mapping[str, Any]) -> int:
    keys = ("downloader/exception_count", "httperror/response_ignored_count")
    spider_errors = sum(v for k, v in stats.items() if k.startswith("spider_exceptions/"))
    return sum(int(stats.get(k, 0)) for k in keys) + int(spider_errors)


def decide(stats: Mapping[str, Any], max_error_rate: float, shared: bool = False) -> Verdict:
    """`shared`: one worker of a distributed crawl, whose peers may have done the listings."""
    reason = stats.get("finish_reason")
    if reason != "finished":
        return Verdict(INTERRUPTED, f"run did not finish (finish reason: {reason})")
    if not stats.get("newscrawl/pages/listing") and not shared:
        return Verdict(NO_SECTION_REACHABLE, "no section page could be fetched")
    requests = int(stats.get("downloader/request_count", 0))
    errors = error_count(stats)
    if requests and errors / requests > max_error_rate:
        rate = f"{errors}/{requests} requests failed"
        return Verdict(TOO_MANY_ERRORS, f"{rate}, above NEWSCRAWL_MAX_ERROR_RATE={max_error_rate}")
    if not stats.get("newscrawl/links/articles") and not shared:
        return Verdict(NO_ARTICLES, "the section pages linked to no articles")
    emitted = int(stats.get("item_scraped_count", 0))
    return Verdict(OK, f"finished: {emitted} articles emitted")
