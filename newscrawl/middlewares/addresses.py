"""No request to private, loopback, link-local or other internal addresses (SSRF guard).

A link or redirect on a hostile page can point at `http://169.254.169.254/` (cloud metadata),
a router on `10.0.0.1` or a service on `localhost`. This middleware runs first in the
downloader, on every request (redirects and retries included), and refuses any whose host is
such an address or resolves to one, so no connection is ever opened. The site's own host and
port are exempt (a site served on 127.0.0.1 can still be crawled), as are the hosts listed in
NEWSCRAWL_ALLOWED_PRIVATE_HOSTS. Names are resolved through the reactor's resolver, whose
cache the downloader then uses, so the address checked is the address connected to.
"""

from __future__ import annotations

import ipaddress
import logging
from typing import Any
from urllib.parse import urljoin, urlsplit

from scrapy import signals
from scrapy.crawler import Crawler
from scrapy.exceptions import IgnoreRequest
from scrapy.http import Request, Response
from scrapy.utils.defer import maybe_deferred_to_future

from newscrawl.config import Config, config_of
from newscrawl.extensions.run import run_of
from newscrawl.request_meta import PAGE_KIND, TAKEN, original_url

logger = logging.getLogger(__name__)

ALLOWED_SCHEMES = frozenset({"http", "https"})
DEFAULT_PORTS = {"http": 80, "https": 443}


_NAT64 = ipaddress.ip_network("64:ff9b::/96")  # RFC 6052: the IPv4 address in the last 32 bits
_INTERNAL_V6 = (
    ipaddress.ip_network("64:ff9b:1::/48"),  # RFC 8215 local-use NAT64
    ipaddress.ip_network("fec0::/10"),  # deprecated site-local
)


def is_internal_address(address: str) -> bool:
    """True for every address that is not globally routable (RFC 6890 special purpose).

    An IPv6 address that carries an IPv4 address (mapped, translated, compatible, NAT64,
    6to4, Teredo) is judged by that IPv4 address: `64:ff9b::a9fe:a9fe` reaches 169.254.169.254
    through a NAT64 gateway although the IPv6 form itself counts as global."""
    try:
        ip = ipaddress.ip_address(address.strip("[]").split("%", 1)[0])
    except ValueError:
        return False
    if isinstance(ip, ipaddress.IPv6Address):
        if any(ip in network for network in _INTERNAL_V6):
            return True
        embedded = embedded_ipv4(ip)
        if embedded is not None:
            ip = embedded
    return not ip.is_global or ip.is_multicast


def embedded_ipv4(ip: ipaddress.IPv6Address) -> ipaddress.IPv4Address | None:
    """The IPv4 address an IPv6 address stands for, if it is one of the embedding forms."""
    if ip.ipv4_mapped is not None:  # ::ffff:a.b.c.d
        return ip.ipv4_mapped
    if ip.sixtofour is not None:  # 2002:aabb:ccdd::/48
        return ip.sixtofour
    if ip.teredo is not None:  # 2001::/32: (server, client)
        return ip.teredo[1]
    value = int(ip)
    high = value >> 32
    low = ipaddress.IPv4Address(value & 0xFFFFFFFF)
    if ip in _NAT64 or high == 0xFFFF0000:  # NAT64; SIIT ::ffff:0:a.b.c.d
        return low
    if high == 0 and value > 1:  # deprecated IPv4-compatible ::a.b.c.d (not :: or ::1)
        return low
    return None


def is_ip_literal(host: str) -> bool:
    try:
        ipaddress.ip_address(host.strip("[]").split("%", 1)[0])
    except ValueError:
        return False
    return True


def origin(url: str) -> tuple[str, int] | None:
    """(host, port) of a URL, the port defaulted from the scheme; None if there is no host."""
    parts = urlsplit(url)
    try:
        port = parts.port or DEFAULT_PORTS.get(parts.scheme, 0)
    except ValueError:
        return None
    return (parts.hostname, port) if parts.hostname else None


class AddressRule:
    """Which (scheme, host, port) a crawl may contact: the one rule for Scrapy's downloader
    and for the browser's proxy (browser/gate.py). The site's own host *and port* are exempt,
    and NEWSCRAWL_ALLOWED_PRIVATE_HOSTS; everything else must be an http(s) URL whose host is
    not, and does not resolve to, an internal address."""

    def __init__(self, site_url: str, allowed_hosts: frozenset[str], enabled: bool = True) -> None:
        self.site = origin(site_url) if site_url else None
        self.allowed_hosts = allowed_hosts
        self.enabled = enabled

    @classmethod
    def from_config(cls, config: Config, site_url: str) -> AddressRule:
        """NEWSCRAWL_BLOCK_PRIVATE_ADDRESSES and NEWSCRAWL_ALLOWED_PRIVATE_HOSTS for `site_url`."""
        allowed = frozenset(h.lower() for h in config.allowed_private_hosts)
        return cls(site_url, allowed, config.block_private_addresses)

    def exempt(self, host: str, port: int) -> bool:
        return (host, port) == self.site or host in self.allowed_hosts

    def refusal(self, scheme: str, host: str | None, port: int) -> str | None:
        """Why this origin is refused without resolving a name (scheme, IP literal,
        localhost); None when it may be contacted or its name must be resolved first."""
        if not self.enabled:
            return None
        if scheme not in ALLOWED_SCHEMES:
            return f"forbidden_scheme: {scheme}"
        if not host:  # fail closed: e.g. w3lib < 2.5 writes http://[::1]/ as http://::1/
            return "forbidden_address: no host"
        if self.exempt(host, port):
            return None
        if host == "localhost" or host.endswith(".localhost"):
            return f"forbidden_address: {host}"
        if is_ip_literal(host) and is_internal_address(host):
            return f"forbidden_address: {host}"
        return None

    def url_refusal(self, url: str) -> str | None:
        where = origin(url)
        host, port = where if where is not None else (None, 0)
        return self.refusal(urlsplit(url).scheme, host, port)

    def needs_resolving(self, host: str, port: int) -> bool:
        """A name (not a literal, not exempt) whose addresses must be checked before use."""
        return self.enabled and not self.exempt(host, port) and not is_ip_literal(host)

    def address_refusal(self, host: str, address: str) -> str | None:
        if is_internal_address(address):
            return f"forbidden_address: {host} ({address})"
        return None


class ForbiddenAddressMiddleware:
    """Raise IgnoreRequest("forbidden_address: …") before any internal address is contacted."""

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        self._rule: AddressRule | None = None

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> ForbiddenAddressMiddleware:
        middleware = cls(crawler)
        crawler.signals.connect(middleware.request_scheduled, signal=signals.request_scheduled)
        return middleware

    @property
    def rule(self) -> AddressRule:
        """Built on first use: the spider (and its base_url) exists by then."""
        if self._rule is None:
            site = str(getattr(self.crawler.spider, "base_url", "") or "")
            self._rule = AddressRule.from_config(config_of(self.crawler), site)
        return self._rule

    def request_scheduled(self, request: Request, spider: Any = None) -> None:
        """Refuse literal addresses already when scheduled: a redirect to one is dropped there
        by the off-site filter, which would otherwise leave no trace of the lost article. (A
        request a distributed worker took from the shared queue was checked when queued.)"""
        if request.meta.get(TAKEN):
            return
        reason = self.rule.url_refusal(request.url)
        if reason is not None:
            self._refuse(request, reason)

    async def process_request(self, request: Request) -> None:
        reason = self.rule.url_refusal(request.url)
        if reason is not None:
            self._refuse(request, reason)
        where = origin(request.url)
        if where is None or not self.rule.needs_resolving(*where):
            return None
        address = await self._resolve(where[0])
        if address is not None:
            refused = self.rule.address_refusal(where[0], address)
            if refused is not None:
                self._refuse(request, refused)
        return None

    def process_response(self, request: Request, response: Response) -> Response:
        """A redirect to another scheme (`file:`, `ftp:`, `javascript:`): Scrapy does not follow
        it and hands the 3xx on, which would list the article as `http_302`; it is a refusal
        like any other forbidden target."""
        found = response.headers.get(b"Location") if 300 <= response.status < 400 else None
        if found:
            location = found.decode("latin-1").strip()
            try:
                scheme = urlsplit(urljoin(request.url, location)).scheme
            except ValueError:
                return response
            if scheme and scheme not in ALLOWED_SCHEMES:
                self._refuse(request, f"forbidden_scheme: {scheme} (redirect)")
        return response

    async def _resolve(self, host: str) -> str | None:
        """One address of `host` as the downloader will see it; None if it does not resolve."""
        from twisted.internet import reactor

        resolver: Any = reactor
        try:
            return str(await maybe_deferred_to_future(resolver.resolve(host)))
        except Exception:  # the download itself will report the DNS failure
            return None

    def _refuse(self, request: Request, reason: str) -> None:
        stats = self.crawler.stats
        if stats is not None:
            stats.inc_value("newscrawl/blocked/" + reason.split(":", 1)[0])
        logger.warning("refused %s: %s", request.url, reason)
        if request.meta.get(PAGE_KIND) == "article":
            code = reason.split(":", 1)[0]
            detail = f"{request.url}: {reason}"
            run_of(self.crawler).ledger.record(original_url(request), code, detail, override=True)
        raise IgnoreRequest(reason)
