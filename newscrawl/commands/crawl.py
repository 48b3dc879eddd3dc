"""`scrapy crawl` for cron: one run per site at a time, and an exit status that tells the truth.

Exit statuses (also in the README): 0 success; 1 bad usage or start-up failure; 3 the run did
not finish (signal, error); 4 no section reachable; 5 error rate above
NEWSCRAWL_MAX_ERROR_RATE; 6 no article links at all; 7 a feed or the state could not be
written (nothing delivered); 8 delivered, but the run summary could not be written; 75
another run of this site holds the lock (taken by the run's state, extensions/run.py, under
the same name as its store).
"""

from __future__ import annotations

import argparse
import logging

from scrapy.commands.crawl import Command as ScrapyCrawl
from scrapy.crawler import Crawler
from scrapy.settings import Settings
from scrapy.spiders import Spider
from scrapy.utils.conf import feed_process_params_from_cli

from newscrawl.browser.chromium import BrowserUnavailable
from newscrawl.commands.many_sites import (
    SITES_SPIDER,
    SitesUsageError,
    plan,
    run_sites,
    verdicts,
    write_combined_summary,
)
from newscrawl.config import (
    ConfigError,
    check_log_level,
    read_setting,
    redis_url,
    startup_refusal,
)
from newscrawl.feeds import SHARED_FILE
from newscrawl.preflight import preflight
from newscrawl.redaction import hide_passwords_in_logs
from newscrawl.runstatus import FAILED, LOCKED, decide
from newscrawl.spiders.base import BaseUrlError
from newscrawl.spiders.options import SpiderArgumentError
from newscrawl.state import StoreFailed
from newscrawl.state.lock import LockHeld

logger = logging.getLogger("newscrawl")
# Refusals at start whose message the command's last line gives (config.refuse_start): a
# traceback would only bury it.
_REFUSALS = (
    BaseUrlError,
    BrowserUnavailable,
    ConfigError,
    LockHeld,
    StoreFailed,
    SpiderArgumentError,
)


def _hide_refusal_tracebacks(record: logging.LogRecord) -> bool:
    error = record.exc_info[1] if record.exc_info else None
    return not isinstance(error, _REFUSALS)


class Command(ScrapyCrawl):
    crawler: Crawler | None = None

    def long_desc(self) -> str:
        return (
            "Run a spider as an incremental, locked crawl (README: Crawling). "
            "`scrapy crawl sites -a sites=FILE` crawls every site of a TOML sites file side "
            "by side, each into its own feed (README: Many sites in one run).\n\n"
            "Spider arguments: -a base_url=URL (profiled sites; the generic spider takes "
            "-a url=URL), -a full=true (walk and fetch everything again), -a reemit=true "
            "(emit everything again; implies full), -a since=DATE|Nd (skip older articles), "
            "-a js=true (render needs_js pages in Chromium), -a recheck=48h (fetch recent "
            "known stories again), -a site=NAME (the feed folder, state and lock), "
            "-a sections=a,b (only these listings). Unknown names are refused.\n\n"
            "-o/-O FILE write the articles there instead of the default feed. SIGTERM/SIGINT "
            "close the run gracefully: what was emitted becomes a finished feed (exit 3).\n\n"
            "Exit status: 0 success; 1 could not start (usage, settings, directories, damaged "
            "state); 3 did not finish; 4 no section reachable; 5 too many errors; 6 no article "
            "links; 7 a feed or the state could not be written, nothing delivered; 8 delivered, "
            "but the run summary could not be written; 75 another "
            "run of this site is going."
        )

    def _create_crawler(self, spname: type[Spider] | str) -> Crawler:
        self.crawler = super()._create_crawler(spname)
        return self.crawler

    def process_options(self, args: list[str], opts: argparse.Namespace) -> None:
        """`-o`/`-O` name where the articles go: instead of the default feed, not beside it
        (Scrapy merges them with FEEDS, and every run wrote two copies)."""
        super().process_options(args, opts)
        self.early_error: ConfigError | None = None
        try:  # Scrapy configures logging with it before `run`: a wrong one is a traceback there
            check_log_level(self._settings())
        except ConfigError as wrong:
            self.early_error = wrong
            self._settings().set("LOG_LEVEL", "INFO", priority="cmdline")
        if opts.output or opts.overwrite_output:
            settings = self._settings()
            bare = settings.copy()
            bare.set("FEEDS", {}, priority="cmdline")
            only = feed_process_params_from_cli(
                bare, opts.output, overwrite_output=opts.overwrite_output
            )
            for options in only.values():  # `-o FILE`: other runs may append to it too
                if not options.get("overwrite"):
                    options[SHARED_FILE] = True
            settings.set("FEEDS", only, priority="cmdline")

    def run(self, args: list[str], opts: argparse.Namespace) -> None:
        logging.getLogger("asyncio").addFilter(_hide_refusal_tracebacks)
        hide_passwords_in_logs()  # before Scrapy logs the overridden settings
        try:
            if getattr(self, "early_error", None) is not None:
                raise self.early_error  # type: ignore[misc]
            preflight(self._settings())
        except ConfigError as wrong:
            logger.error("newscrawl: exit %d: %s", FAILED, wrong)
            self.exitcode = FAILED
            return
        if args == [SITES_SPIDER]:
            self.exitcode = self._run_sites(opts)
            return
        super().run(args, opts)
        self.exitcode = self._verdict()

    def _run_sites(self, opts: argparse.Namespace) -> int:
        """`scrapy crawl sites -a sites=FILE`: each site its own crawl, side by side."""
        assert self.crawler_process is not None
        try:
            crawls = plan(self._settings(), opts.spargs, self.crawler_process.spider_loader)
        except SitesUsageError as wrong:
            logger.error("newscrawl: exit %d: %s", FAILED, wrong)
            return FAILED
        run_sites(self.crawler_process, crawls, opts.spargs)
        code, rows = verdicts(crawls, self._settings())
        for row in rows:
            log = logger.info if row["exit_code"] == 0 else logger.error
            log("newscrawl: site %s: exit %d: %s", row["name"], row["exit_code"], row["status"])
        path = write_combined_summary(self._settings(), opts.spargs["sites"], code, rows)
        if path is not None:
            logger.info("combined summary written to %s", path)
        troubled = sum(row["exit_code"] != 0 for row in rows)
        log = logger.info if code == 0 else logger.error
        log(
            "newscrawl: exit %d: %d sites, %d in trouble",
            code,
            len(rows),
            troubled,
        )
        return code

    def _settings(self) -> Settings:
        assert self.settings is not None
        return self.settings

    def _verdict(self) -> int:
        assert self.crawler_process is not None
        if self.crawler_process.bootstrap_failed:
            settings = self.crawler.settings if self.crawler else self._settings()
            why, code = startup_refusal(settings, FAILED)
            if code == LOCKED:  # not a failure: the run before is still going
                logger.error("newscrawl: exit %d: %s", code, why)
            else:
                logger.error(
                    "newscrawl: exit %d: the crawl could not start%s",
                    code,
                    f": {why}" if why else "",
                )
            return code
        crawler = self.crawler
        stats = crawler.stats.get_stats() if crawler and crawler.stats else {}
        settings = self._settings()
        shared = redis_url(settings) is not None
        verdict = decide(stats, read_setting(settings, "NEWSCRAWL_MAX_ERROR_RATE"), shared)
        log = logger.info if verdict.code == 0 else logger.error
        log("newscrawl: exit %d: %s", verdict.code, verdict.reason)
        return verdict.code
