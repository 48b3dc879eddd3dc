"""`scrapy crawl` for cron: one run per site at a time, and an exit status that tells the truth.

Exit statuses (also in the README): 0 success; 1 bad usage or start-up failure; 3 the run did
not finish (signal, error); 4 no section reachable; 5 error rate above
NEWSCRAWL_MAX_ERROR_RATE; 6 no article links at all; 75 another run of this site holds the lock.
"""

from __future__ import annotations

import argparse
import logging
import sys

from scrapy.commands.crawl import Command as ScrapyCrawl
from scrapy.crawler import Crawler
from scrapy.settings import Settings
from scrapy.spiders import Spider

from newscrawl.browser.chromium import BrowserUnavailable
from newscrawl.config import ConfigError
from newscrawl.distributed.naming import redis_url
from newscrawl.extensions.state import STARTUP_ERROR
from newscrawl.preflight import preflight
from newscrawl.runstatus import FAILED, LOCKED, decide
from newscrawl.spiders.section import BaseUrlError
from newscrawl.state import StoreFailed
from newscrawl.state.lock import LockHeld, RunLock
from newscrawl.state.naming import state_dir, store_name

logger = logging.getLogger("newscrawl")
# Refusals at start whose message the command's last line gives (STARTUP_ERROR): a traceback
# would only bury it.
_REFUSALS = (BaseUrlError, BrowserUnavailable, ConfigError, StoreFailed)


def _hide_refusal_tracebacks(record: logging.LogRecord) -> bool:
    error = record.exc_info[1] if record.exc_info else None
    return not isinstance(error, _REFUSALS)


class Command(ScrapyCrawl):
    crawler: Crawler | None = None

    def _create_crawler(self, spname: type[Spider] | str) -> Crawler:
        self.crawler = super()._create_crawler(spname)
        return self.crawler

    def run(self, args: list[str], opts: argparse.Namespace) -> None:
        logging.getLogger("asyncio").addFilter(_hide_refusal_tracebacks)
        try:
            preflight(self._settings())
        except ConfigError as wrong:
            logger.error("newscrawl: exit %d: %s", FAILED, wrong)
            self.exitcode = FAILED
            return
        lock = self._lock_for(args, opts)
        if lock is not None:
            try:
                lock.acquire()
            except LockHeld as held:
                print(f"newscrawl: exit {LOCKED}: {held}", file=sys.stderr)
                self.exitcode = LOCKED
                return
            if lock.previous_holder:
                logger.info(
                    "lock taken over from a finished or dead run (%s)", lock.previous_holder
                )
        try:
            super().run(args, opts)
        finally:
            if lock is not None:
                lock.release()
        self.exitcode = self._verdict()

    def _lock_for(self, args: list[str], opts: argparse.Namespace) -> RunLock | None:
        directory = state_dir(self._settings().get("NEWSCRAWL_STATE_DIR"))
        if directory is None or len(args) != 1 or redis_url(self._settings()):
            return None  # workers of a distributed crawl run side by side on purpose
        base_url = str(opts.spargs.get("base_url") or opts.spargs.get("url") or "")
        return RunLock(directory / f"{store_name(args[0], base_url)}.lock")

    def _settings(self) -> Settings:
        assert self.settings is not None
        return self.settings

    def _verdict(self) -> int:
        assert self.crawler_process is not None
        if self.crawler_process.bootstrap_failed:
            why = self.crawler.settings.get(STARTUP_ERROR) if self.crawler else None
            logger.error(
                "newscrawl: exit %d: the crawl could not start%s", FAILED, f": {why}" if why else ""
            )
            return FAILED
        crawler = self.crawler
        stats = crawler.stats.get_stats() if crawler and crawler.stats else {}
        settings = self._settings()
        shared = redis_url(settings) is not None
        verdict = decide(stats, settings.getfloat("NEWSCRAWL_MAX_ERROR_RATE"), shared)
        log = logger.info if verdict.code == 0 else logger.error
        log("newscrawl: exit %d: %s", verdict.code, verdict.reason)
        return verdict.code
