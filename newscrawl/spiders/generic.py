"""A site without a profile: `scrapy crawl generic -a url=https://some-news-site/`.

Navigation only. From the home page it finds the section fronts in the menus, the feeds the
page declares (else a few common feed paths) and the sitemaps robots.txt names (else
/sitemap.xml); it walks each section's pagination up to NEWSCRAWL_GENERIC_MAX_PAGES pages and
fetches the links shaped like stories. Extraction (`generic_article_draft`) drops a fetched
page that turns out not to be an article. Incremental like the profile spider.
"""

from __future__ import annotations

import re
from collections.abc import AsyncIterator, Iterator
from datetime import UTC, datetime
from functools import cached_property
from typing import Any, Self
from urllib.parse import urljoin, urlsplit

import scrapy
from lxml.html import HtmlElement
from scrapy.crawler import Crawler
from scrapy.http import Response, TextResponse
from twisted.python.failure import Failure

from newscrawl.extensions.failures import FEED, LISTING, NEWS_SITEMAP, PAGE_KIND, SITEMAP, SOURCE
from newscrawl.extensions.state import STARTUP_ERROR
from newscrawl.extraction import NotAnArticle, extract_article
from newscrawl.extraction.dates import parse_date
from newscrawl.extraction.document import Document, UnparseablePage
from newscrawl.navigation.discovery import (
    MAX_XML_BYTES,
    FeedLinks,
    feed_links,
    read_feed,
    sitemaps_in_robots,
)
from newscrawl.navigation.links import (
    NO_STORY_SHAPE,
    headline_links,
    next_page,
    not_a_story_because,
    page_links,
    section_links,
)
from newscrawl.runstatus import REJECTED_STAT
from newscrawl.spiders.base import (
    LISTING_PAGE,
    BaseUrlError,
    CredentialsInUrl,
    IncrementalSpider,
    check_base_url,
    declared_encoding,
    fetched_page,
    listing_page,
    page_rank,
)
from newscrawl.spiders.guards import PagingGuard
from newscrawl.spiders.options import CrawlOptions, SpiderArgumentError
from newscrawl.urls import canonicalize_url, page_path, same_site

HOME = "home"  # the home page is walked like a section under this name
FEED_PATHS = ("feed/", "rss.xml", "feed.xml")  # tried when the home page declares no feed
MAX_SITEMAPS = 10  # sitemaps read per run, however named (robots.txt, an index, the default)
REJECTED_EXAMPLES = 5
# Where sitemaps usually are when robots.txt names none: the common name, Yoast's index and
# WordPress's own (since 5.5); each tried only when the one before is not there.
DEFAULT_SITEMAPS = ("/sitemap.xml", "/sitemap_index.xml", "/wp-sitemap.xml")
SITEMAPS_LEFT = "newscrawl_sitemaps_left"  # request meta
# Sitemaps of a split set that list no stories (WordPress core, Yoast, Rank Math names)
_LISTS_NO_STORIES = re.compile(
    r"(taxonom|categor|tag|author|user|page-sitemap|-pages?-|attachment|product)", re.IGNORECASE
)
MAX_FEED_ENTRIES = 1000  # entries read of one feed or sitemap (or sitemaps of one index)


def check_site_url(value: str | None, spider_name: str) -> str:
    if not value:
        raise BaseUrlError(
            f"spider {spider_name!r} needs the site's address: scrapy crawl {spider_name} "
            "-a url=https://example.org/"
        )
    try:
        return check_base_url(value, spider_name)
    except CredentialsInUrl as refused:
        raise CredentialsInUrl(str(refused).replace("base_url", "url", 1)) from None
    except BaseUrlError:
        raise BaseUrlError(
            f"url {value!r} is not an http(s) URL with a host, e.g. https://example.org/"
        ) from None


def site_slug(host: str) -> str:
    """`www.example.org` -> `example_org`, `127.0.0.1` -> `127_0_0_1`: the feed's `site`."""
    slug = re.sub(r"[^a-z0-9]+", "_", host.lower().removeprefix("www.")).strip("_")
    return slug or "site"


class GenericSpider(IncrementalSpider):
    name = "generic"

    # `scrapy shell` builds its spider without arguments: the URL's origin (commands/shell.py)
    default_base_url: str | None = None

    def __init__(
        self, *args: Any, url: str | None = None, base_url: str | None = None, **kwargs: Any
    ) -> None:
        self.options = CrawlOptions.from_arguments(kwargs, own=("url", "base_url"))
        super().__init__(*args, **kwargs)
        self.base_url = check_site_url(url or base_url or self.default_base_url, self.name)
        host = (urlsplit(self.base_url).hostname or "").lower().removeprefix("www.")
        self.site = site_slug(host)
        self.hosts = frozenset({host})
        self.allowed_domains = [host]
        now = datetime.now(UTC)
        self.run_stamp = now.strftime("%Y-%m-%dT%H-%M-%S-") + f"{now.microsecond // 1000:03d}Z"
        self.walked: set[str] = set()
        self.sitemaps_read = 0
        self.rejected: dict[str, str] = {}  # a few on-site links not taken as stories, and why

    def closed(self, reason: str) -> None:
        """A few links not taken as stories, for the verdict of a crawl that found none."""
        if self.rejected and self.crawler.stats is not None:
            examples = "; ".join(f"{url} ({why})" for url, why in self.rejected.items())
            self.crawler.stats.set_value(REJECTED_STAT, examples)

    @classmethod
    def from_crawler(cls, crawler: Crawler, *args: Any, **kwargs: Any) -> Self:
        try:
            return super().from_crawler(crawler, *args, **kwargs)
        except (BaseUrlError, SpiderArgumentError) as exc:
            crawler.settings.set(STARTUP_ERROR, str(exc), priority="cmdline")
            raise

    @cached_property
    def paging_guard(self) -> PagingGuard:
        settings = self.crawler.settings
        return PagingGuard(
            max_pages=settings.getint("NEWSCRAWL_GENERIC_MAX_PAGES", 50),
            max_growing=settings.getint("NEWSCRAWL_MAX_GROWING_PAGES", 3),
        )

    async def start(self) -> AsyncIterator[scrapy.Request]:
        yield self._request(self.base_url, self.parse_home, "listing")
        robots = self._request(
            urljoin(self.base_url, "/robots.txt"), self.parse_robots, "discovery"
        )
        robots.errback = self.robots_failed
        yield robots

    def parse_home(self, response: Response) -> Iterator[scrapy.Request]:
        root = self._tree(response)
        if root is None:
            return
        feeds = feed_links(root, response.url)
        for feed in feeds or [urljoin(self.base_url, path) for path in FEED_PATHS]:
            yield self._request(feed, self.parse_feed, "discovery")
        sections = section_links(root, response.url, self.hosts)
        self.logger.info("generic: %d sections, %d declared feeds", len(sections), len(feeds))
        for url in sections:
            yield self._request(url, self.parse_listing, "listing", section=section_name(url))
        yield from self._walk_listing(response, root, HOME)

    def parse_listing(self, response: Response, section: str) -> Iterator[scrapy.Request]:
        root = self._tree(response)
        if root is not None:
            yield from self._walk_listing(response, root, section)

    def _walk_listing(
        self, response: Response, root: HtmlElement, section: str
    ) -> Iterator[scrapy.Request]:
        self.count("pages/listing")
        seen = page_links(root, response.url, self.hosts)
        self.count("links/seen", len(seen))
        headlines = headline_links(root, response.url, self.hosts)
        stories = []
        for url in seen:
            why = not_a_story_because(url)
            if why is None or (why == NO_STORY_SHAPE and url in headlines):
                stories.append(url)
            elif len(self.rejected) < REJECTED_EXAMPLES and why == NO_STORY_SHAPE:
                self.rejected[url] = why
        links = self._bounded(stories, response.url)
        self.count("links/articles", len(links))
        wanted = self._wanted(links)
        page = listing_page(response)
        yield from self._article_requests(
            wanted, None if section == HOME else section, page_rank(page)
        )
        following = next_page(root, response.url, self.hosts)
        if not following or self._stop_paging(section, links, wanted):
            self.walked.add(section)
            return
        if not self._trapped(section, response.url, links, following):
            request = self._request(
                following, self.parse_listing, "listing", section, page_rank(page)
            )
            request.meta[LISTING_PAGE] = page + 1
            yield request

    def parse_robots(self, response: Response) -> Iterator[scrapy.Request]:
        text = response.text if isinstance(response, TextResponse) else ""
        named = sitemaps_in_robots(text)
        if named:
            yield from self._sitemap_requests(named)
        else:
            yield from self._default_sitemap(DEFAULT_SITEMAPS)

    def robots_failed(self, failure: Failure) -> Iterator[scrapy.Request]:
        """No robots.txt (or none readable): the sitemap may still be at its usual place."""
        self.discovery_failed(failure)
        yield from self._default_sitemap(DEFAULT_SITEMAPS)

    def _default_sitemap(self, paths: tuple[str, ...]) -> Iterator[scrapy.Request]:
        """The first of the usual sitemap addresses; the next one only if it is not there."""
        if not paths:
            return
        for request in self._sitemap_requests([urljoin(self.base_url, paths[0])]):
            request.errback = self.default_sitemap_failed
            request.meta[SITEMAPS_LEFT] = paths[1:]
            yield request

    def default_sitemap_failed(self, failure: Failure) -> Iterator[scrapy.Request]:
        self.discovery_failed(failure)
        request = getattr(failure, "request", None)
        left = request.meta.get(SITEMAPS_LEFT, ()) if request is not None else ()
        yield from self._default_sitemap(tuple(left))

    def parse_feed(self, response: Response) -> Iterator[scrapy.Request]:
        """An RSS/Atom feed, a (news) sitemap or a sitemap index."""
        found = read_feed(response.body, MAX_FEED_ENTRIES)
        yield from self._sitemap_requests(found.sitemaps)
        entries = [u for u in found.entries[:MAX_FEED_ENTRIES] if not self._dated_before(u, found)]
        links = [canonicalize_url(u) for u in entries]
        links = [u for u in links if same_site(u, self.hosts)]
        if found.plain_sitemap:  # every page of the site: those that may be stories
            links = [u for u in links if not_a_story_because(u) in (None, NO_STORY_SHAPE)]
        self.count("pages/feed")
        if found.cut:  # past MAX_FEED_ENTRIES or MAX_XML_BYTES: the rest is not read
            self.count("discovery/cut_at_budget")
            self.logger.warning(
                "%s holds more than one read takes (%d entries, %d MB): the rest is not read",
                response.url,
                MAX_FEED_ENTRIES,
                MAX_XML_BYTES // 2**20,
            )
        self.count("links/articles", len(links))
        source = FEED if found.kind in ("rss", "RDF", "feed") else SITEMAP
        source = NEWS_SITEMAP if found.news else source
        yield from self._article_requests(self._wanted(links), None, source=source)

    def _dated_before(self, entry: str, found: FeedLinks) -> bool:
        """The feed or sitemap dates the entry before the run's `-a since=`: not fetched."""
        since, written = self.options.since, found.dates.get(entry)
        moment = parse_date(written) if since and written else None
        if moment is None or since is None or moment.date() >= since:
            return False
        self.count("incremental/older_than_since")
        return True

    def _sitemap_requests(self, urls: list[str]) -> Iterator[scrapy.Request]:
        """Sitemaps named by robots.txt or by an index, all against one cap per run; those
        an index names for taxonomies, authors or static pages are not stories' and are
        passed over."""
        urls = [u for u in urls if not _LISTS_NO_STORIES.search(urlsplit(u).path)]
        taken = urls[: max(0, MAX_SITEMAPS - self.sitemaps_read)]
        self.sitemaps_read += len(taken)
        if len(taken) < len(urls):
            self.count("discovery/sitemaps_over_cap", len(urls) - len(taken))
        for sitemap in taken:
            yield self._request(sitemap, self.parse_feed, "discovery")

    def parse(self, response: Response, **kwargs: Any) -> Iterator[Any]:
        """The default callback, for `scrapy parse` and the shell: an article page gives the
        record the feed would hold (extraction only: no duplicate checks, nothing recorded);
        a page refused as an article is read as a listing (its article and next-page
        requests), and the refusal is said."""
        if isinstance(response, TextResponse):
            try:
                yield extract_article(response.body, response.url).to_record()
                return
            except NotAnArticle as refused:
                self.logger.warning("%s refused as %s: %s", response.url, refused.reason, refused)
        yield from self.parse_listing(response, section_name(response.url))

    def parse_article(self, response: Response, section: str | None) -> Iterator[Any]:
        fetched = self._fetched_article(response)
        if fetched is None:
            return
        yield fetched_page(fetched, self.site, section, generic=True, limits=self.page_limits)

    def discovery_failed(self, failure: Failure) -> None:
        """A feed or sitemap that is not there (a guessed path): expected, not an error."""
        self.count("generic/discovery_missing")
        self.logger.debug("discovery: %s", failure.value)

    def _article_requests(
        self, urls: list[str], section: str | None, priority: int = 0, source: str = LISTING
    ) -> Iterator[scrapy.Request]:
        for url in urls:
            request = self._request(url, self.parse_article, "article", section, priority)
            request.meta[SOURCE] = source
            yield request

    def _request(
        self, url: str, callback: Any, kind: str, section: str | None = None, priority: int = 0
    ) -> scrapy.Request:
        discovery = kind == "discovery"
        return scrapy.Request(
            url,
            callback=callback,
            errback=self.discovery_failed if discovery else self.request_failed,
            cb_kwargs={} if discovery or callback == self.parse_home else {"section": section},
            meta={PAGE_KIND: kind},
            priority=priority,
        )

    def _tree(self, response: Response) -> HtmlElement | None:
        if not isinstance(response, TextResponse):
            return None
        try:
            return Document.parse(response.body, declared_encoding(response)).root
        except UnparseablePage:
            self.count("dropped/unparseable_page")
            return None


def section_name(url: str) -> str:
    """A section front's state key and fallback slug: the last segment of its path."""
    segments = [s for s in page_path(url).split("/") if s]
    return segments[-1].lower() if segments else HOME
