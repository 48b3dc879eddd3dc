"""Each host's pace: the floor under its downloader slot's delay, its Retry-After pauses, and
what the run summary reports about it.

Scrapy paces a host through its downloader slot: a delay between request starts
(DOWNLOAD_DELAY, randomised by DOWNLOAD_DELAY_JITTER), an in-flight limit, and AutoThrottle,
which raises the delay when the server slows down and lowers it back to DOWNLOAD_DELAY. This
extension keeps each slot's delay at or above the host's floor — the default delay, raised
by robots.txt (`Crawl-delay`, `Request-rate`) up to NEWSCRAWL_MAX_CRAWL_DELAY — whatever the
jitter, and pauses a host that answered 429 or 503 with a `Retry-After` for as long as it
asked. A host asking for longer than NEWSCRAWL_MAX_RETRY_AFTER is left for the next run: its
remaining pages are refused (deferral.py) and listed undelivered, and the run's exit
status says incomplete.

It works on the slot's `delay`, `jitter` and `lastseen` (the time of the last request start),
the attributes AutoThrottle works on. Its handlers run after AutoThrottle's (extensions
connect in order, AutoThrottle is one of Scrapy's base extensions), so the floor is applied
after every adjustment and before the slot picks its next request.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from time import monotonic
from typing import Any

from scrapy import Request, signals
from scrapy.crawler import Crawler
from scrapy.http import Response
from scrapy.settings import SETTINGS_PRIORITIES

from newscrawl.config import config_of, read_setting
from newscrawl.politeness.rules import (
    AUTOTHROTTLE,
    DEFAULT,
    MAX_JITTER,
    OFF,
    PROFILE,
    RETRY_AFTER,
    ROBOTS,
    Floor,
    host_floor,
    retry_after_seconds,
    slot_delay_for,
)
from newscrawl.runstatus import DEFERRED_STAT

logger = logging.getLogger(__name__)
__all__ = ["DEFERRED_STAT", "HostPoliteness", "politeness_on"]

ENQUEUED_AT = "newscrawl_enqueued_at"  # request meta: when it joined its host's queue
PAUSING_STATUSES = (429, 503)


def politeness_on(settings: Any) -> bool:
    """NEWSCRAWL_POLITENESS of settings not yet frozen (the add-on that sets the pace)."""
    return bool(read_setting(settings, "NEWSCRAWL_POLITENESS"))


@dataclass
class HostPace:
    """What one host got from us during the run."""

    floor: Floor
    robots: float | None = None  # what robots.txt asked for (before the cap)
    requests: int = 0
    waited: float = 0.0  # wall-clock seconds with a request of the host held back
    waited_until: float = 0.0  # monotonic: the end of the waiting counted so far
    paused_until: float = 0.0  # monotonic: no request start before this
    pauses: int = 0
    paused_seconds: float = 0.0
    deferred: float | None = None  # a Retry-After past the cap: the rest waits for next run
    delay: float = 0.0  # the slot's delay last seen
    source: str = DEFAULT


class HostPoliteness:
    def __init__(self, crawler: Crawler) -> None:
        settings = crawler.settings
        self.crawler = crawler
        config = config_of(crawler)
        self.on = config.politeness
        self.default_delay = settings.getfloat("DOWNLOAD_DELAY")
        spider_set = settings.getpriority("DOWNLOAD_DELAY") == SETTINGS_PRIORITIES["spider"]
        self.default_source = PROFILE if spider_set else DEFAULT
        self.max_crawl_delay = config.max_crawl_delay
        self.max_retry_after = config.max_retry_after
        self.hosts: dict[str, HostPace] = {}
        self.slots: dict[str, Any] = {}  # the downloader's slots, once the engine runs
        crawler.signals.connect(self.engine_started, signal=signals.engine_started)
        crawler.signals.connect(self.request_reached, signal=signals.request_reached_downloader)
        crawler.signals.connect(self.response_downloaded, signal=signals.response_downloaded)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> HostPoliteness:
        return cls(crawler)

    def engine_started(self) -> None:
        if self.crawler.engine is not None:
            self.slots = self.crawler.engine.downloader.slots
        if not self.on:
            logger.warning(
                "politeness is off (NEWSCRAWL_POLITENESS=off): parallel requests, no delay, "
                "robots.txt Crawl-delay and Retry-After pauses ignored; only for your own servers"
            )

    # -- what hosts ask for -------------------------------------------------------------

    def host(self, key: str) -> HostPace:
        pace = self.hosts.get(key)
        if pace is None:
            floor = Floor(self.default_delay, self.default_source if self.on else OFF)
            pace = self.hosts[key] = HostPace(floor=floor, delay=floor.seconds, source=floor.source)
        return pace

    def robots_delay(self, host: str, delay: float | None) -> None:
        """robots.txt of `host` asks for `delay` seconds between requests (None: nothing)."""
        pace = self.host(host)
        pace.robots = delay
        if not self.on or delay is None:
            return
        if delay > self.max_crawl_delay:
            logger.warning(
                "robots.txt of %s asks for %gs between requests; capped at "
                "NEWSCRAWL_MAX_CRAWL_DELAY=%gs",
                host,
                delay,
                self.max_crawl_delay,
            )
        pace.floor = host_floor(
            self.default_delay, self.default_source, delay, self.max_crawl_delay
        )
        if pace.floor.source == ROBOTS:
            logger.info("%s: %gs between requests (robots.txt)", host, pace.floor.seconds)
        self._apply(host)

    def deferral(self, host: str) -> str | None:
        """Why requests to `host` wait for the next run, or None when they may go on."""
        pace = self.hosts.get(host)
        if pace is None or pace.deferred is None:
            return None
        return (
            f"deferred_retry_after: {host} asked to wait {pace.deferred:g}s (Retry-After), "
            f"over NEWSCRAWL_MAX_RETRY_AFTER={self.max_retry_after:g}s; left for the next run"
        )

    # -- signals ------------------------------------------------------------------------

    def request_reached(self, request: Request, spider: Any = None) -> None:
        key = _slot_key(request)
        self.host(key).requests += 1
        request.meta[ENQUEUED_AT] = monotonic()
        self._apply(key)

    def response_downloaded(self, response: Response, request: Request, spider: Any = None) -> None:
        key = _slot_key(request)
        pace = self.host(key)
        now = monotonic()
        enqueued = request.meta.get(ENQUEUED_AT)
        latency = request.meta.get("download_latency")
        if isinstance(enqueued, float) and isinstance(latency, float):
            # held back from joining the queue to the start of its transfer (the slot starts
            # requests in order, so these intervals arrive nearly sorted: count each second once)
            started = now - latency
            pace.waited += max(0.0, started - max(enqueued, pace.waited_until))
            pace.waited_until = max(pace.waited_until, started)
        if self.on and response.status in PAUSING_STATUSES:
            wait = retry_after_seconds(response.headers.get("Retry-After"))
            if wait is not None:
                self._pause(key, pace, wait, now)
        self._apply(key)

    def _pause(self, key: str, pace: HostPace, wait: float, now: float) -> None:
        if wait > self.max_retry_after:
            if pace.deferred is None:
                logger.warning(
                    "%s asked to wait %gs (Retry-After), over NEWSCRAWL_MAX_RETRY_AFTER=%gs: "
                    "its remaining pages are left for the next run",
                    key,
                    wait,
                    self.max_retry_after,
                )
            pace.deferred = max(wait, pace.deferred or 0.0)
            wait = self.max_retry_after  # and ask nothing of it meanwhile
        until = now + wait
        if until > pace.paused_until:
            pace.paused_seconds += until - max(now, pace.paused_until)
            pace.paused_until = until
        pace.pauses += 1
        logger.info("%s paused for %gs (Retry-After)", key, wait)

    # -- the slot -----------------------------------------------------------------------

    def _apply(self, key: str) -> None:
        """Hold the slot of `key` to the host's floor and pause, and note what is in force."""
        slot = self.slots.get(key)
        if slot is None:
            return
        pace = self.host(key)
        if self.on:
            jitter = slot_jitter(slot)
            if jitter > MAX_JITTER:
                slot.jitter = jitter = MAX_JITTER
            wanted = slot_delay_for(pace.floor.seconds, jitter)
            autothrottled = slot.delay > wanted + 1e-9
            slot.delay = max(float(slot.delay), wanted)
            pace.source = AUTOTHROTTLE if autothrottled else pace.floor.source
            if pace.paused_until > monotonic():
                slot.delay = max(float(slot.delay), 0.001)  # a zero delay skips the wait
                shortest = slot.delay * (1 - jitter)
                slot.lastseen = max(float(slot.lastseen), pace.paused_until - shortest)
                pace.source = RETRY_AFTER
        pace.delay = float(slot.delay)

    # -- the summary --------------------------------------------------------------------

    def report(self) -> dict[str, Any]:
        """Per host: requests, the delay in force and its source, the time spent waiting."""
        hosts = {}
        for key in sorted(self.hosts):
            pace = self.hosts[key]
            hosts[key] = {
                "requests": pace.requests,
                "delay_seconds": round(pace.delay, 3),
                "delay_source": pace.source,
                "robots_delay_seconds": pace.robots,
                "retry_after_pauses": pace.pauses,
                "retry_after_paused_seconds": round(pace.paused_seconds, 3),
                "deferred_retry_after_seconds": pace.deferred,
                "waited_seconds": round(pace.waited, 3),
            }
        return {
            "politeness": "on" if self.on else "off",
            "max_crawl_delay_seconds": self.max_crawl_delay,
            "max_retry_after_seconds": self.max_retry_after,
            "hosts": hosts,
        }


def slot_jitter(slot: Any) -> float:
    """The slot's random variation of its delay: `jitter` (Scrapy 2.19, DOWNLOAD_DELAY_JITTER)
    or, before it, `randomize_delay` (RANDOMIZE_DOWNLOAD_DELAY: ±50 %)."""
    jitter = getattr(slot, "jitter", None)
    if jitter is None:
        return 0.5 if getattr(slot, "randomize_delay", False) else 0.0
    return float(jitter)


def _slot_key(request: Request) -> str:
    return str(request.meta.get("download_slot", ""))
