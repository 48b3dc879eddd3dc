"""Switch a crawl to scrapy-playwright's download handler, with bounded browser resources.

Only crawls that render pages call this (from the spider's `from_crawler`, before settings
are frozen); every other crawl keeps Scrapy's own handlers and never loads Playwright.
Requests without `meta["playwright"]` still take the plain HTTP path through this handler.
"""

from __future__ import annotations

from typing import Any

from newscrawl.browser.chromium import LAUNCH_ARGS, find_chromium

HANDLER = "scrapy_playwright.handler.ScrapyPlaywrightDownloadHandler"
ABORT = "newscrawl.browser.blocking.should_abort"


def browser_settings(executable: str | None, max_pages: int, timeout_ms: int) -> dict[str, Any]:
    """One browser, one context, at most `max_pages` pages open at once."""
    launch: dict[str, Any] = {"headless": True, "args": list(LAUNCH_ARGS)}
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


def enable_browser(settings: Any) -> str:
    """Configure rendering on (unfrozen) crawler settings; returns which Chromium is used.

    Raises BrowserUnavailable when there is none, so the crawl stops at start.
    """
    executable = find_chromium(str(settings.get("NEWSCRAWL_CHROMIUM") or ""))
    values = browser_settings(
        executable,
        settings.getint("NEWSCRAWL_BROWSER_PAGES", 4),
        settings.getint("NEWSCRAWL_BROWSER_TIMEOUT_MS", 30_000),
    )
    for name, value in values.items():
        settings.set(name, value, priority="spider")
    return executable or "Playwright's Chromium"
