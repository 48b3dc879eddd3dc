"""A small JSON file next to each feed, for monitoring: what the run did and how it ended."""

from __future__ import annotations

import json
import logging
from pathlib import Path
from typing import Any

from scrapy import signals
from scrapy.crawler import Crawler
from scrapy.extensions.feedexport import FeedExporter
from scrapy.spiders import Spider

from newscrawl.atomic_file import write_text_atomically
from newscrawl.delivery import local_feed_path
from newscrawl.extensions.failures import SOURCES_STAT
from newscrawl.extensions.health import HealthWatch
from newscrawl.extensions.run import run_of
from newscrawl.politeness.hosts import HostPoliteness
from newscrawl.politeness.robots_fetch import robots_files
from newscrawl.runstatus import DELIVERY_FAILED_STAT, SUMMARY_FAILED_STAT, decide, error_count

logger = logging.getLogger(__name__)


def summarize(stats: dict[str, Any], max_error_rate: float, shared: bool = False) -> dict[str, Any]:
    verdict = decide(stats, max_error_rate, shared)
    prefix = "newscrawl/dropped/"
    return {
        "finish_reason": stats.get("finish_reason"),
        "delivery_failed": stats.get(DELIVERY_FAILED_STAT),
        "exit_code": verdict.code,
        "status": verdict.reason,
        "items_emitted": int(stats.get("item_scraped_count", 0)),
        "near_duplicates_marked": int(stats.get("newscrawl/dedupe/near_duplicate_marked", 0)),
        "dropped": {k[len(prefix) :]: v for k, v in sorted(stats.items()) if k.startswith(prefix)},
        # feeds and sitemaps read, and what their budgets left unread
        "discovery": {
            "feeds_and_sitemaps_read": int(stats.get("newscrawl/pages/feed", 0)),
            "sitemaps_over_cap": int(stats.get("newscrawl/discovery/sitemaps_over_cap", 0)),
            "cut_at_budget": int(stats.get("newscrawl/discovery/cut_at_budget", 0)),
        },
        # the delivered articles by where their links were found: listing, sitemap,
        # news_sitemap, feed (they add up to items_emitted)
        "sources": {
            k[len(SOURCES_STAT) :]: int(v)
            for k, v in sorted(stats.items())
            if k.startswith(SOURCES_STAT)
        },
        "pages": {
            "requests": int(stats.get("downloader/request_count", 0)),
            "listing": int(stats.get("newscrawl/pages/listing", 0)),
            "article": int(stats.get("newscrawl/pages/article", 0)),
            # feeds, sitemaps and listing fronts the server said were unchanged (304)
            "not_modified": int(stats.get("newscrawl/pages/not_modified", 0)),
            "known_skipped": int(stats.get("newscrawl/incremental/known_skipped", 0)),
        },
        # story links to other hosts, not crawled (another name for the site in base_url?)
        "other_host_article_links": int(stats.get("newscrawl/links/other_host_articles", 0)),
        "errors": {"total": error_count(stats), **_errors_by_type(stats)},
        "duration_seconds": stats.get("elapsed_time_seconds"),
        "started_at": _iso(stats.get("start_time")),
        "finished_at": _iso(stats.get("finish_time")),
    }


def _errors_by_type(stats: dict[str, Any]) -> dict[str, int]:
    prefixes = ("downloader/exception_type_count/", "spider_exceptions/")
    found = {
        k.split("/", 2)[-1]: int(v)
        for k, v in stats.items()
        if k.startswith(prefixes) and k != "spider_exceptions/count"  # a total, not a type
    }
    for key, value in stats.items():
        if key.startswith("downloader/response_status_count/") and int(key[-3:]) >= 400:
            found[f"http_{key[-3:]}"] = int(value)
    return found


def _iso(value: Any) -> str | None:
    return value.isoformat() if hasattr(value, "isoformat") else None


class RunSummary:
    """Written once the feeds are handed over (or, without feeds, when the spider closes), so
    its exit status is the one the crawl ends with, a failed hand-over included."""

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        self.closed: tuple[Spider, str] | None = None
        self.written: dict[str, Any] | None = None  # the summary, for a many-sites run's
        crawler.signals.connect(self.spider_closed, signal=signals.spider_closed)
        crawler.signals.connect(self.feed_exporter_closed, signal=signals.feed_exporter_closed)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> RunSummary:
        return cls(crawler)

    def spider_closed(self, spider: Spider, reason: str) -> None:
        self.closed = (spider, reason)
        if not self.crawler.settings.getdict("FEEDS"):
            self.write(spider, reason)

    def feed_exporter_closed(self) -> None:
        if self.closed is not None:
            self.write(*self.closed)

    def write(self, spider: Spider, reason: str) -> None:
        stats = self.crawler.stats.get_stats() if self.crawler.stats else {}
        stats = {**stats, "finish_reason": stats.get("finish_reason", reason)}
        run = run_of(self.crawler)
        config = run.config
        summary = summarize(stats, config.max_error_rate, config.redis_url is not None)
        summary["spider"] = spider.name
        summary["undelivered"] = run.ledger.undelivered()
        summary["failed_listings"] = run.ledger.failed_listings()
        politeness = self.crawler.get_extension(HostPoliteness)
        if politeness is not None:
            summary["politeness"] = politeness.report()
        robots = robots_files(self.crawler)
        if robots is not None:
            summary["robots"] = robots.report()
        health = self.crawler.get_extension(HealthWatch)
        if health is not None:
            summary["health"] = health.report()
        self.written = summary
        text = json.dumps(summary, indent=2, default=str) + "\n"
        for path in self._summary_paths(spider):
            try:
                write_text_atomically(path, text)
            except OSError as exc:
                why = f"{path}: {exc.strerror or exc}"
                logger.error("run summary not written to %s", why)
                if self.crawler.stats is not None:
                    self.crawler.stats.set_value(SUMMARY_FAILED_STAT, why)
                continue
            logger.info("run summary written to %s", path)

    def _summary_paths(self, spider: Spider) -> list[Path]:
        """`FEED.summary.json` beside every file feed of the run."""
        paths = []
        exporter = self.crawler.get_extension(FeedExporter)
        for slot in exporter.slots if exporter is not None else ():
            path = local_feed_path(slot.uri)  # None: stdout:, s3://, … no file
            if path is not None:
                paths.append(Path(path).with_suffix(".summary.json"))
        return paths
