"""How a host's robots.txt is read, and what is remembered of what it forbade.

Scrapy's RobotsTxtMiddleware fetches robots.txt once per host and parses whatever body comes
back, whatever the status; a download that fails (too large, timed out, refused) counts as
"allow everything". RFC 9309 asks otherwise; RobotsMiddleware, which takes its place, reads
it so:

- a 2xx body is read up to ROBOTS_MAX_BYTES (512 KiB; the RFC asks for at least 500 KiB) and
  parsed from what was read, cut at its last whole line: one over the cap is not thrown away;
- a 4xx other than 429 means there is no robots.txt: everything is allowed (its body, often an
  HTML error page, is not parsed); so does a redirect chain too long to follow;
- a 5xx or 429 after the retries, or a robots.txt that cannot be downloaded at all (timeout,
  refused, reset), means the site's rules are unknown: nothing of that host is fetched this
  run (complete disallow), counted as `newscrawl/robots/unreachable`, named in the summary's
  `robots` block and in the exit status.

An article a robots.txt that was read forbids is listed undelivered once; its URL is then
remembered with a digest of that robots.txt, and later runs pass it over quietly
(`newscrawl/robots/still_forbidden`) until the robots.txt changes.
"""

from __future__ import annotations

import hashlib
import logging
from dataclasses import dataclass
from typing import Any, cast
from urllib.parse import urlsplit
from weakref import WeakKeyDictionary

from scrapy import signals
from scrapy.crawler import Crawler
from scrapy.exceptions import IgnoreRequest, NotConfigured, StopDownload
from scrapy.http import Request
from scrapy.http.request import NO_CALLBACK
from scrapy.robotstxt import RobotParser
from scrapy.utils.defer import maybe_deferred_to_future
from scrapy.utils.misc import build_from_crawler, load_object
from twisted.internet.defer import Deferred

from newscrawl.failure_codes import exception_code
from newscrawl.runstatus import ROBOTS_UNREACHABLE_STAT
from newscrawl.state.base import SeenStore

logger = logging.getLogger(__name__)

ROBOTS_MAX_BYTES = 512 * 1024
ROBOTS_FILE = "newscrawl_robots_file"  # request meta: the request is a host's robots.txt
DISALLOW_ALL = b"User-agent: *\nDisallow: /\n"
CUT_STAT = "newscrawl/robots/cut"
STILL_FORBIDDEN_STAT = "newscrawl/robots/still_forbidden"
FORBIDDEN = "robots"  # state namespace: "<digest of the robots.txt> <article URL>"

READ, CUT, ABSENT, UNREACHABLE = "read", "cut", "absent", "unreachable"


@dataclass
class RobotsFile:
    """What became of one host's robots.txt."""

    status: str  # READ, CUT (read up to the cap), ABSENT (4xx) or UNREACHABLE
    detail: str  # "http_200", "http_404", "http_503", "TimeoutError", ...
    digest: str  # of the rules as parsed; "" when there are none
    bytes: int = 0

    def report(self) -> dict[str, Any]:
        return {"status": self.status, "detail": self.detail, "bytes": self.bytes}


def whole_lines(body: bytes, limit: int = ROBOTS_MAX_BYTES) -> bytes:
    """The first `limit` bytes of a robots.txt, cut back to its last whole line."""
    if len(body) <= limit:
        return body
    head = body[:limit]
    end = max(head.rfind(b"\n"), head.rfind(b"\r"))
    return head[: end + 1] if end >= 0 else b""


def verdict_for(status: int, body: bytes, stopped: bool) -> tuple[RobotsFile, bytes]:
    """What a robots.txt answer means (RFC 9309 §2.3.1), and the body the parser is to see."""
    detail = f"http_{status}"
    if 200 <= status < 300:
        rules = whole_lines(body)
        cut = stopped or len(rules) < len(body)
        digest = hashlib.sha256(rules).hexdigest()[:16]
        return RobotsFile(CUT if cut else READ, detail, digest, len(rules)), rules
    if 300 <= status < 500 and status != 429:  # a redirect left unfollowed (too many) too
        return RobotsFile(ABSENT, detail, ""), b""
    return RobotsFile(UNREACHABLE, detail, ""), DISALLOW_ALL


class RobotsFiles:
    """Extension: the state of every host's robots.txt this run, for the downloader middleware
    that reads them, the ledger that reports what they forbid, and the summary."""

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        self.hosts: dict[str, RobotsFile] = {}
        self.received: WeakKeyDictionary[Request, int] = WeakKeyDictionary()
        crawler.signals.connect(self.bytes_received, signal=signals.bytes_received)

    def judge(self, url: str, code: str, kind: str, store: SeenStore) -> str | None:
        """An article robots.txt refused: its reason (`robots_txt`, `robots_unreachable`), or
        None when it was listed before under the same robots.txt (the run's ledger asks)."""
        if code != "robots_txt" or kind != "article":
            return code
        return self.forbidden_code(url, store)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> RobotsFiles:
        return cls(crawler)

    def bytes_received(self, data: bytes, request: Request, **_: Any) -> None:
        """Stop a robots.txt at the cap and keep what arrived (`fail=False`)."""
        if not request.meta.get(ROBOTS_FILE):
            return
        received = self.received.get(request, 0) + len(data)
        self.received[request] = received
        if received > ROBOTS_MAX_BYTES:
            del self.received[request]
            raise StopDownload(fail=False)

    def settled(self, url: str, robots: RobotsFile) -> None:
        netloc = urlsplit(url).netloc
        self.hosts[netloc] = robots
        stats = self.crawler.stats
        if robots.status == UNREACHABLE:
            if stats is not None:
                stats.inc_value(ROBOTS_UNREACHABLE_STAT)
            logger.error(
                "robots.txt of %s could not be read (%s): nothing of that host is fetched this "
                "run (RFC 9309: an unreachable robots.txt means complete disallow)",
                netloc,
                robots.detail,
            )
        elif robots.status == CUT:
            if stats is not None:
                stats.inc_value(CUT_STAT)
            logger.warning(
                "robots.txt of %s is over %d bytes: its first %d bytes are obeyed",
                netloc,
                ROBOTS_MAX_BYTES,
                robots.bytes,
            )

    def forbidden_code(self, url: str, store: SeenStore) -> str | None:
        """The undelivered reason of an article robots.txt refused, or None when it was listed
        before under the same robots.txt (then it is only counted)."""
        robots = self.hosts.get(urlsplit(url).netloc)
        if robots is None or robots.status == UNREACHABLE:
            return "robots_unreachable" if robots is not None else "robots_txt"
        key = f"{robots.digest} {url}"
        if (FORBIDDEN, key) in store:
            if self.crawler.stats is not None:
                self.crawler.stats.inc_value(STILL_FORBIDDEN_STAT)
            return None
        store.add(FORBIDDEN, key)
        return "robots_txt"

    def report(self) -> dict[str, Any]:
        return {host: self.hosts[host].report() for host in sorted(self.hosts)}


def robots_files(crawler: Crawler | None) -> RobotsFiles | None:
    if crawler is None:
        return None
    found: Any = crawler.get_extension(RobotsFiles)
    return found if isinstance(found, RobotsFiles) else None


class RobotsMiddleware:
    """Downloader middleware in place of Scrapy's RobotsTxtMiddleware (ROBOTSTXT_OBEY): each
    host's robots.txt fetched once, read as the module docstring says, and every request of
    that host checked against it.

    Scrapy's own answers every request that waits while robots.txt downloads but the first
    with "no parser" (its waiters share one Deferred, whose result the first one's future
    takes), so on a fresh host all those requests went out unchecked.
    """

    def __init__(self, crawler: Crawler, files: RobotsFiles) -> None:
        if not crawler.settings.getbool("ROBOTSTXT_OBEY"):
            raise NotConfigured
        self.crawler = crawler
        self.files = files
        self.parser_class = load_object(crawler.settings.get("ROBOTSTXT_PARSER"))
        self.user_agent = str(
            crawler.settings.get("ROBOTSTXT_USER_AGENT") or crawler.settings.get("USER_AGENT")
        )
        self.parsers: dict[str, RobotParser | None] = {}
        self.waiting: dict[str, list[Deferred[None]]] = {}

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> RobotsMiddleware:
        files = robots_files(crawler)
        if files is None:
            raise NotConfigured("the RobotsFiles extension is off")
        return cls(crawler, files)

    async def process_request(self, request: Request) -> None:
        if request.meta.get("dont_obey_robotstxt") or request.meta.get(ROBOTS_FILE):
            return
        parts = urlsplit(request.url)
        if parts.scheme not in ("http", "https"):
            return
        parser = await self._parser(parts.scheme, parts.netloc)
        if parser is None or parser.allowed(request.url, self.user_agent):
            return
        if self.crawler.stats is not None:
            self.crawler.stats.inc_value("robotstxt/forbidden")
        logger.debug("Forbidden by robots.txt: %s", request)
        raise IgnoreRequest("Forbidden by robots.txt")

    async def _parser(self, scheme: str, netloc: str) -> RobotParser | None:
        if netloc in self.parsers:
            return self.parsers[netloc]
        if netloc in self.waiting:  # being fetched: wait on a Deferred of one's own
            waiter: Deferred[None] = Deferred()
            self.waiting[netloc].append(waiter)
            await maybe_deferred_to_future(waiter)
            return self.parsers[netloc]
        self.waiting[netloc] = []
        try:
            self.parsers[netloc] = await self._fetch(f"{scheme}://{netloc}/robots.txt")
        finally:
            self.parsers.setdefault(netloc, None)
            for waiter in self.waiting.pop(netloc):
                waiter.callback(None)
        return self.parsers[netloc]

    async def _fetch(self, url: str) -> RobotParser | None:
        request = Request(
            url,
            priority=1000,
            meta={
                "dont_obey_robotstxt": True,
                ROBOTS_FILE: True,
                "download_maxsize": 0,  # RobotsFiles stops it at its own cap
                "download_warnsize": 0,
            },
            callback=NO_CALLBACK,
        )
        engine: Any = self.crawler.engine
        try:
            response = await engine.download_async(request)
        except IgnoreRequest:
            return None  # a refused host (address, deferral): its pages are refused as well
        except Exception as exc:  # timed out, refused, reset, too many redirects ...
            robots, body = RobotsFile(UNREACHABLE, exception_code(exc), ""), DISALLOW_ALL
        else:
            stopped = "download_stopped" in (response.flags or [])
            robots, body = verdict_for(response.status, response.body, stopped)
        self.files.settled(url, robots)
        return cast(RobotParser, build_from_crawler(self.parser_class, self.crawler, body))
