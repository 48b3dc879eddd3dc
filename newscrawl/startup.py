"""What a run has switched off is not loaded either.

Scrapy imports every component its lists name, even one whose own setting keeps it off:
RemoteControl (off here: a control server has no place in a cron job) imports aiohttp's client
and server, 0.15 s of CPU at every run's start; the cookies middleware (off: news pages are
read without a session) imports tldextract and with it requests and urllib3, 0.05 s. Where
the switch is off, after every source of settings (the command line's included), the
component is taken out of Scrapy's base list; switched on, it stays and works as ever.
"""

from __future__ import annotations

from typing import Any

# (the setting that switches it on, the base list that names it, the component)
SWITCHED_COMPONENTS = (
    (
        "REMOTE_CONTROL_ENABLED",
        "EXTENSIONS_BASE",
        "scrapy.extensions.remote_control.RemoteControl",
    ),
    (
        "COOKIES_ENABLED",
        "DOWNLOADER_MIDDLEWARES_BASE",
        "scrapy.downloadermiddlewares.cookies.CookiesMiddleware",
    ),
)


class UnusedComponentsAddon:
    def update_settings(self, settings: Any) -> None:
        for switch, base, component in SWITCHED_COMPONENTS:
            if settings.getbool(switch):
                continue
            listed = settings.getdict(base)
            if listed.pop(component, None) is not None:
                settings.set(base, listed, priority=settings.getpriority(base) or "default")
