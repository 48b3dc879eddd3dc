"""Which requests a rendered page may not make: images, fonts, media and other hosts.

Set as PLAYWRIGHT_ABORT_REQUEST, so scrapy-playwright's route handler aborts them; the page
still gets its HTML, scripts, styles and its own site's JSON. Cuts rendering time and memory
and keeps ads and analytics from running (or hanging on an unreachable network). This is an
economy, not the guard: routing never sees redirect hops or WebSockets; every connection
Chromium opens goes through the gate (gate.py), which enforces the address rule.
"""

from __future__ import annotations

from typing import TYPE_CHECKING
from urllib.parse import urlsplit

if TYPE_CHECKING:
    from playwright.async_api import Request

BLOCKED_TYPES = frozenset({"image", "font", "media"})


def should_abort(request: Request) -> bool:
    if request.resource_type in BLOCKED_TYPES:
        return True
    if request.is_navigation_request():
        return False
    try:
        page_url = request.frame.url
    except Exception:  # a worker's request has no frame: not the page's own business
        return True
    return urlsplit(request.url).hostname != urlsplit(page_url).hostname
