"""Run a profile's `PageActions` on a rendered page: wait, click "load more", scroll.

Every loop is bounded by `max_rounds` and every wait by `timeout_ms`; a wait that runs out
ends the actions and the page is read as it is (a listing with fewer links, or an article
the validator then drops with a named reason) rather than failing the request.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

from playwright.async_api import TimeoutError as PlaywrightTimeout
from scrapy_playwright.page import PageMethod

from newscrawl.extraction.rendering import PageActions

if TYPE_CHECKING:
    from playwright.async_api import Page

logger = logging.getLogger(__name__)
ELEMENTS = "() => document.getElementsByTagName('*').length"
MORE_ELEMENTS = "n => document.getElementsByTagName('*').length > n"
HEIGHT = "() => document.body.scrollHeight"
TALLER = "h => document.body.scrollHeight > h"
TO_BOTTOM = "() => window.scrollTo(0, document.body.scrollHeight)"


def render_meta(actions: PageActions) -> dict[str, Any]:
    """Request meta that sends a request through the browser and runs `actions` there."""
    return {
        "playwright": True,
        "playwright_page_methods": [PageMethod(perform, actions)],
        # the context is made by the first rendered request: no service workers in it (their
        # fetches bypass page routing; the gate sees them anyway, this keeps them from running)
        "playwright_context_kwargs": {"service_workers": "block"},
    }


async def perform(page: Page, actions: PageActions) -> None:
    try:
        if actions.wait_for:
            await page.wait_for_selector(actions.wait_for, timeout=actions.timeout_ms)
        if actions.load_more:
            await _click_until_done(page, actions.load_more, actions)
        if actions.scroll:
            await _scroll_until_done(page, actions)
    except PlaywrightTimeout as exc:
        logger.warning("page actions on %s ran out of time: %s", page.url, exc.message)


async def _click_until_done(page: Page, selector: str, actions: PageActions) -> None:
    """Click until the button is gone or hidden, or a click adds nothing within the timeout."""
    button = page.locator(selector).first
    for _ in range(actions.max_rounds):
        if not await button.count() or not await button.is_visible():
            return
        before = await page.evaluate(ELEMENTS)
        try:
            await button.click(timeout=actions.timeout_ms)
            await page.wait_for_function(MORE_ELEMENTS, arg=before, timeout=actions.timeout_ms)
        except PlaywrightTimeout:
            return  # nothing new came (or the button never became clickable): done


async def _scroll_until_done(page: Page, actions: PageActions) -> None:
    """Scroll to the bottom until the page stops growing (one timeout at the end)."""
    for _ in range(actions.max_rounds):
        height = await page.evaluate(HEIGHT)
        await page.evaluate(TO_BOTTOM)
        try:
            await page.wait_for_function(TALLER, arg=height, timeout=actions.timeout_ms)
        except PlaywrightTimeout:
            return
