"""Decide a run's exit status from its stats: the truth a scheduler (cron, systemd) acts on.

Pure: a stats mapping in, a Verdict out; the crawl command exits with it and the run summary
records it, so both always agree.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

OK = 0
FAILED = 1  # bootstrap or usage error (Scrapy's own code for these)
INTERRUPTED = 3  # closed before finishing: signal, error, CloseSpider
NO_SECTION_REACHABLE = 4
TOO_MANY_ERRORS = 5
NO_ARTICLES = 6
DELIVERY_FAILED = 7  # a feed or the state store could not be written: nothing was delivered
SUMMARY_FAILED = 8  # delivered, but the run summary (what was not delivered) is not written
DRIFTED = 9  # delivered, but the site's figures drifted from its last runs (health.py)
LOCKED = 75  # EX_TEMPFAIL: another run of the same site holds the lock; try later
# A many-sites run exits with its worst site's status: what lost data first, then what could
# not run at all, then what ran short, then what was only left for later.
SEVERITY = (
    DELIVERY_FAILED,
    FAILED,
    INTERRUPTED,
    TOO_MANY_ERRORS,
    NO_SECTION_REACHABLE,
    NO_ARTICLES,
    SUMMARY_FAILED,
    DRIFTED,
    LOCKED,
    OK,
)


DELIVERY_FAILED_STAT = "newscrawl/delivery/failed"  # its value: what could not be written
SUMMARY_FAILED_STAT = "newscrawl/summary/failed"  # its value: the summary and the cause
MOVE_PENDING_STAT = "newscrawl/delivery/move_pending"  # committed, the rename left to the next run
# Pages left for the next run because their host asked for a longer pause than the cap
# (politeness/hosts.py): the run is incomplete.
DEFERRED_STAT = "newscrawl/politeness/deferred"
DRIFTS_STAT = "newscrawl/health/drifts"  # how many of the run's figures drifted (health.py)
ROBOTS_UNREACHABLE_STAT = "newscrawl/robots/unreachable"
# A few links of the listings not taken as stories, with the reason (the generic spider)
REJECTED_STAT = "newscrawl/links/rejected_examples"  # hosts whose robots.txt was unreadable


@dataclass(frozen=True)
class Verdict:
    code: int
    reason: str


# Refusals the crawler decides on purpose (forbidden address, robots.txt, size cap, redirect
# limit, off-site): reported per article in the summary, never counted as errors.
POLICY_EXCEPTIONS = ("scrapy.exceptions.IgnoreRequest", "newscrawl.extensions.sizecap.TooLarge")


def error_count(stats: Mapping[str, Any]) -> int:
    """Failed download attempts (not refusals), pages that still answered 5xx after their
    retries, and callback errors. A 4xx on a single page (an article deleted: 404, 410) is
    the site's content, not a failing crawl: listed as undelivered, not counted here."""
    exceptions = int(stats.get("downloader/exception_count", 0)) - sum(
        int(stats.get(f"downloader/exception_type_count/{name}", 0)) for name in POLICY_EXCEPTIONS
    )
    ignored = int(stats.get("httperror/response_ignored_count", 0)) - _sum(
        stats, "httperror/response_ignored_status_count/4"
    )
    server_errors = _sum(stats, "newscrawl/undelivered/http_5")
    item_errors = int(stats.get("newscrawl/errors/item", 0))
    return exceptions + ignored + server_errors + callback_errors(stats) + item_errors


def callback_errors(stats: Mapping[str, Any]) -> int:
    """Scrapy counts each callback exception twice: in `spider_exceptions/count` and under its
    type (`spider_exceptions/ValueError`); the total is the count."""
    if "spider_exceptions/count" in stats:
        return int(stats["spider_exceptions/count"])
    return _sum(stats, "spider_exceptions/")


def _sum(stats: Mapping[str, Any], prefix: str) -> int:
    return sum(int(v) for k, v in stats.items() if k.startswith(prefix))


def decide(stats: Mapping[str, Any], max_error_rate: float, shared: bool = False) -> Verdict:
    """`shared`: one worker of a distributed crawl, whose peers may have done the listings."""
    failed = stats.get(DELIVERY_FAILED_STAT)
    if failed:
        return Verdict(DELIVERY_FAILED, f"nothing delivered: {failed}")
    pending = stats.get(MOVE_PENDING_STAT)
    if pending:
        return Verdict(INTERRUPTED, f"delivered, not yet in place: {pending}")
    summary = stats.get(SUMMARY_FAILED_STAT)
    if summary:
        return Verdict(
            SUMMARY_FAILED,
            f"the feed is delivered, but the run summary could not be written ({summary}): its "
            "list of undelivered articles is lost; those are not marked, the next run tries them",
        )
    reason = stats.get("finish_reason")
    if reason != "finished":
        return Verdict(INTERRUPTED, f"run did not finish (finish reason: {reason})")
    deferred = int(stats.get(DEFERRED_STAT, 0))
    if deferred:
        return Verdict(
            INTERRUPTED,
            f"incomplete: {deferred} requests left for the next run (a host's Retry-After "
            "was over NEWSCRAWL_MAX_RETRY_AFTER)",
        )
    unreadable = int(stats.get(ROBOTS_UNREACHABLE_STAT, 0))
    # a listing front the server said is unchanged (304) was reached, and linked to stories
    # a finished run delivered (spiders/revalidation.py keeps validators only then)
    unchanged = stats.get("newscrawl/pages/listing_unchanged")
    if not stats.get("newscrawl/pages/listing") and not unchanged and not shared:
        why = " (robots.txt could not be read: complete disallow)" if unreadable else ""
        return Verdict(NO_SECTION_REACHABLE, f"no section page could be fetched{why}")
    if unreadable:
        return Verdict(
            INTERRUPTED,
            f"incomplete: the robots.txt of {unreadable} host(s) could not be read, nothing of "
            "theirs was fetched (see `robots` in the summary); the next run tries again",
        )
    requests = int(stats.get("downloader/request_count", 0))
    errors = error_count(stats)
    if requests and errors / requests > max_error_rate:
        rate = f"{errors}/{requests} requests failed"
        return Verdict(TOO_MANY_ERRORS, f"{rate}, above NEWSCRAWL_MAX_ERROR_RATE={max_error_rate}")
    if not stats.get("newscrawl/links/articles") and not unchanged and not shared:
        return Verdict(NO_ARTICLES, f"the section pages linked to no articles{_why_none(stats)}")
    emitted = int(stats.get("item_scraped_count", 0))
    refused = _refused_as_no_story(stats)
    fetched = int(stats.get("newscrawl/pages/article", 0))
    if not emitted and fetched >= ALL_REFUSED_MIN and sum(refused.values()) >= fetched:
        kinds = ", ".join(f"{code} {count}" for code, count in refused.most_common(4))
        return Verdict(
            NO_ARTICLES,
            f"every page fetched as a story was refused ({kinds}): the site's pages are not "
            "read as articles",
        )
    drifts = int(stats.get(DRIFTS_STAT, 0))
    if drifts:
        return Verdict(
            DRIFTED,
            f"finished: {emitted} articles emitted, but {drifts} of the site's figures drifted "
            "from its last runs (see `health` in the summary): did the site change?",
        )
    return Verdict(OK, f"finished: {emitted} articles emitted")


# A run that fetched this many story pages and emitted none because each was refused as no
# story (not as a duplicate) is not a success, however orderly it ended.
ALL_REFUSED_MIN = 3
_DUPLICATES = ("duplicate_url", "duplicate_content", "near_duplicate", "older_than_since")


def _refused_as_no_story(stats: Mapping[str, Any]) -> Counter[str]:
    prefix = "newscrawl/dropped/"
    return Counter(
        {
            key[len(prefix) :]: int(value)
            for key, value in stats.items()
            if key.startswith(prefix) and key[len(prefix) :] not in _DUPLICATES
        }
    )


def _why_none(stats: Mapping[str, Any]) -> str:
    """What the listings held instead: how many links, and a few not taken, with why."""
    seen = stats.get("newscrawl/links/seen")
    if seen is None:
        return ""
    pages = int(stats.get("newscrawl/pages/listing", 0))
    examples = stats.get(REJECTED_STAT)
    shown = f"; not taken, e.g.: {examples}" if examples else ""
    return f" ({seen} on-site links seen on {pages} listing pages{shown})"


def worst(codes: Iterable[int]) -> int:
    """The most severe of the sites' exit statuses (OK for none); an unknown code counts as
    FAILED's rank."""
    rank = {code: n for n, code in enumerate(SEVERITY)}
    found = list(codes)
    if not found:
        return OK
    return min(found, key=lambda code: rank.get(code, rank[FAILED]))
