"""What `scrapy parse`, `scrapy fetch` and `scrapy shell` need to look at a site without
crawling it: a run that records nothing (no lock, a store in memory), no feed and no run
summary, and the address the user typed allowed even when it is a loopback one (the demo
site on 127.0.0.1). A spider that needs a `base_url` gets the typed URL's origin unless
`-a base_url=` is given.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from newscrawl.config import read_setting

# A look at one page has a run that records nothing, and no run summary.
_LOOK = {
    "newscrawl.extensions.run.Run": None,
    "newscrawl.extensions.run.InspectionRun": 100,
    "newscrawl.extensions.summary.RunSummary": None,
}


def origin(url: str) -> str | None:
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        return None
    return f"{parts.scheme}://{parts.netloc}/"


def inspection_settings(settings: Any, url: str | None) -> None:
    """Turn a command's settings (not yet frozen) into a look that records nothing."""
    settings.set("FEEDS", {}, priority="cmdline")
    settings.set("EXTENSIONS", _LOOK, priority="cmdline")
    host = urlsplit(url).hostname if url else None
    if host:
        allowed = [*read_setting(settings, "NEWSCRAWL_ALLOWED_PRIVATE_HOSTS"), host.lower()]
        settings.set("NEWSCRAWL_ALLOWED_PRIVATE_HOSTS", allowed, priority="cmdline")
