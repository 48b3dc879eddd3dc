"""The switch for one's own servers: `-s NEWSCRAWL_POLITENESS=off`.

settings.py holds the polite defaults; off puts back full-speed fetching (Scrapy's
parallelism, no delay, no AutoThrottle) wherever the command line did not set a value itself.
A site profile's own rate (spider settings) gives way to the switch too.
"""

from __future__ import annotations

from typing import Any

from scrapy.settings import SETTINGS_PRIORITIES

from newscrawl.politeness.hosts import politeness_on

# What "off" means: the fetching of before politeness, for servers one runs oneself.
OFF_SETTINGS: dict[str, Any] = {
    "CONCURRENT_REQUESTS_PER_DOMAIN": 16,
    "DOWNLOAD_DELAY": 0.0,
    "AUTOTHROTTLE_ENABLED": False,
}


class PolitenessAddon:
    def update_settings(self, settings: Any) -> None:
        if politeness_on(settings):
            return
        below_cmdline = SETTINGS_PRIORITIES["spider"]
        for name, value in OFF_SETTINGS.items():
            if (settings.getpriority(name) or 0) <= below_cmdline:
                settings.set(name, value, priority="spider")
