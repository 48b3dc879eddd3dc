"""robots.txt rules, parsed once per host for RobotsMiddleware (robots_fetch.py; ROBOTSTXT_PARSER).

Scrapy's Protego parser answers only "allowed?"; this one, built on the same Protego, also
hands the host's `Crawl-delay` / `Request-rate` for our user agent to HostPoliteness, the
first time Scrapy asks it about a URL of that host (before that URL is requested).
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from protego import Protego
from scrapy.crawler import Crawler
from scrapy.robotstxt import RobotParser, decode_robotstxt

from newscrawl.politeness.rules import robots_delay


class CrawlDelayRobotParser(RobotParser):
    def __init__(self, robotstxt_body: bytes, crawler: Crawler | None) -> None:
        self.crawler = crawler
        spider = crawler.spider if crawler is not None else None
        self.rules = Protego.parse(decode_robotstxt(robotstxt_body, spider))
        self.reported: set[str] = set()

    @classmethod
    def from_crawler(cls, crawler: Crawler, robotstxt_body: bytes) -> CrawlDelayRobotParser:
        return cls(robotstxt_body, crawler)

    def delay(self, user_agent: str) -> float | None:
        """The gap between requests this robots.txt asks of `user_agent`, or None."""
        crawl_delay = self.rules.crawl_delay(user_agent)
        rate = self.rules.request_rate(user_agent)
        return robots_delay(
            crawl_delay, (int(rate.requests), int(rate.seconds)) if rate is not None else None
        )

    def allowed(self, url: str | bytes, user_agent: str | bytes) -> bool:
        text = url.decode("utf-8", "replace") if isinstance(url, bytes) else url
        agent = (
            user_agent.decode("utf-8", "replace") if isinstance(user_agent, bytes) else user_agent
        )
        host = (urlsplit(text).hostname or "").lower()
        if host not in self.reported:
            self.reported.add(host)
            self._report(host, self.delay(agent))
        return bool(self.rules.can_fetch(text, agent))

    def _report(self, host: str, delay: float | None) -> None:
        if self.crawler is None:
            return
        from newscrawl.politeness.hosts import HostPoliteness

        politeness: Any = self.crawler.get_extension(HostPoliteness)
        if politeness is not None:
            politeness.robots_delay(host, delay)
