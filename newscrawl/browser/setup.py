"""Switch a crawl to scrapy-playwright's download handler, with bounded browser resources and
every browser connection through the crawl's address gate (gate.py).

Only crawls that render pages call this (from the spider's `from_crawler`, before settings
are frozen); every other crawl keeps Scrapy's own handlers and never loads Playwright.
Requests without `meta["playwright"]` still take the plain HTTP path through this handler.
"""

from __future__ import annotations

import logging
from typing import Any

from scrapy import signals
from scrapy.crawler import Crawler

from newscrawl.browser.chromium import LAUNCH_ARGS, find_chromium
from newscrawl.browser.gate import BrowserGate
from newscrawl.config import config_of
from newscrawl.middlewares.addresses import AddressRule

logger = logging.getLogger(__name__)
HANDLER = "scrapy_playwright.handler.ScrapyPlaywrightDownloadHandler"
ABORT = "newscrawl.browser.blocking.should_abort"


def browser_settings(
    executable: str | None, max_pages: int, timeout_ms: int, proxy: str
) -> dict[str, Any]:
    """One browser, one context, at most `max_pages` pages open at once, every connection
    through `proxy` (loopback included: `<-loopback>` removes Chromium's implicit bypass)."""
    args = [*LAUNCH_ARGS, f"--proxy-server={proxy}", "--proxy-bypass-list=<-loopback>"]
    launch: dict[str, Any] = {"headless": True, "args": args}
    if executable is not None:
        launch["executable_path"] = executable
    return {
        "DOWNLOAD_HANDLERS": {"http": HANDLER, "https": HANDLER},
        "PLAYWRIGHT_BROWSER_TYPE": "chromium",
        "PLAYWRIGHT_LAUNCH_OPTIONS": launch,
        "PLAYWRIGHT_MAX_CONTEXTS": 1,
        "PLAYWRIGHT_MAX_PAGES_PER_CONTEXT": max_pages,
        "PLAYWRIGHT_ABORT_REQUEST": ABORT,
        "PLAYWRIGHT_DEFAULT_NAVIGATION_TIMEOUT": timeout_ms,
    }


def enable_browser(crawler: Crawler, site_url: str) -> tuple[str, BrowserGate]:
    """Configure rendering on (unfrozen) crawler settings; returns which Chromium is used and
    the gate its connections go through (the caller keeps it: signals hold it weakly).

    Raises BrowserUnavailable when there is none, so the crawl stops at start.
    """
    settings = crawler.settings
    config = config_of(crawler)
    executable = find_chromium(config.chromium)
    rule = AddressRule.from_config(config, site_url)

    def refused(target: str, reason: str) -> None:
        if crawler.stats is not None:
            crawler.stats.inc_value("newscrawl/blocked/browser")
            crawler.stats.inc_value("newscrawl/blocked/browser/" + reason.split(":", 1)[0])
        logger.warning("browser connection refused: %s (%s)", target, reason)

    gate = BrowserGate(rule, refused)
    values = browser_settings(
        executable,
        config.browser_pages,
        config.browser_timeout_ms,
        gate.url,
    )
    for name, value in values.items():
        settings.set(name, value, priority="spider")
    crawler.signals.connect(gate.start, signal=signals.engine_started)
    crawler.signals.connect(gate.close, signal=signals.engine_stopped)
    return executable or "Playwright's Chromium", gate
