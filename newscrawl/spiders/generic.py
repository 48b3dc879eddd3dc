"""A site without a profile: `scrapy crawl generic -a url=https://some-news-site/`.

Navigation only. From the home page it finds the section fronts in the menus, the feeds the
page declares (else a few common feed paths) and the sitemaps robots.txt names (else
/sitemap.xml); it walks each section's pagination up to NEWSCRAWL_GENERIC_MAX_PAGES pages and
fetches the links shaped like stories. Extraction (`generic_article_draft`) drops a fetched
page that turns out not to be an article. Incremental like the profile spider.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from datetime import UTC, datetime
from functools import cached_property
from typing import Any, Self
from urllib.parse import urljoin, urlsplit

import scrapy
from lxml.html import HtmlElement
from scrapy.crawler import Crawler
from scrapy.http import Response, TextResponse

from newscrawl.config import config_of, refuse_start
from newscrawl.extraction import NotAnArticle, extract_article
from newscrawl.extraction.document import Document, UnparseablePage
from newscrawl.navigation.discovery import (
    FeedLinks,
    feed_links,
)
from newscrawl.navigation.links import (
    HEADLINE_OUTWEIGHS,
    NO_STORY_SHAPE,
    headline_links,
    next_page,
    not_a_story_because,
    page_links,
    section_links,
)
from newscrawl.request_meta import LISTING, LISTING_PAGE, PAGE_KIND, SOURCE
from newscrawl.runstatus import REJECTED_STAT
from newscrawl.spiders.base import (
    BaseUrlError,
    CredentialsInUrl,
    check_base_url,
    declared_encoding,
    fetched_page,
    listing_page,
    page_rank,
)
from newscrawl.spiders.discovery import DiscoveringSpider
from newscrawl.spiders.guards import PagingGuard
from newscrawl.spiders.options import CrawlOptions, SpiderArgumentError
from newscrawl.urls import absolute_url, page_path, same_site, site_slug

HOME = "home"  # the home page is walked like a section under this name
FEED_PATHS = ("feed/", "rss.xml", "feed.xml")  # tried when the home page declares no feed
REJECTED_EXAMPLES = 5


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


class GenericSpider(DiscoveringSpider):
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
        self.site = self.options.site or site_slug(host)
        self.hosts = frozenset({host})
        self.chosen = self._chosen_sections()
        self.allowed_domains = [host]
        now = datetime.now(UTC)
        self.run_stamp = now.strftime("%Y-%m-%dT%H-%M-%S-") + f"{now.microsecond // 1000:03d}Z"
        self.walked: set[str] = set()
        self.rejected: dict[str, str] = {}  # a few on-site links not taken as stories, and why

    def closed(self, reason: str) -> None:
        """Sections walked to their end are synced (as for a profiled site); the feeds and
        sitemaps read completely keep their validators; a few links not taken as stories
        are kept for the verdict of a crawl that found none."""
        super().closed(reason)
        self.settle_validators(reason)
        if self.rejected and self.crawler.stats is not None:
            examples = "; ".join(f"{url} ({why})" for url, why in self.rejected.items())
            self.crawler.stats.set_value(REJECTED_STAT, examples)

    @classmethod
    def from_crawler(cls, crawler: Crawler, *args: Any, **kwargs: Any) -> Self:
        try:
            return super().from_crawler(crawler, *args, **kwargs)
        except (BaseUrlError, SpiderArgumentError) as exc:
            refuse_start(crawler.settings, str(exc))
            raise

    @cached_property
    def paging_guard(self) -> PagingGuard:
        config = config_of(self.crawler)
        return PagingGuard(
            max_pages=config.generic_max_pages,
            max_growing=config.max_growing_pages,
        )

    async def start(self) -> AsyncIterator[scrapy.Request]:
        yield self._request(self.base_url, self.parse_home, "listing")
        for request in self.discovery_requests():
            yield request

    def parse_home(self, response: Response) -> Iterator[scrapy.Request]:
        root = self._tree(response)
        if root is None:
            return
        feeds = feed_links(root, response.url)
        for feed in feeds or [urljoin(self.base_url, path) for path in FEED_PATHS]:
            yield self._discovery_request(feed, self.parse_feed, conditional=True)
        sections = self.chosen or section_links(root, response.url, self.hosts)
        self.logger.info("generic: %d sections, %d declared feeds", len(sections), len(feeds))
        for url in sections:
            yield self._request(url, self.parse_listing, "listing", section=section_name(url))
        if not self.chosen:  # `-a sections=` names every listing to walk
            yield from self._walk_listing(response, root, HOME)

    def _chosen_sections(self) -> list[str]:
        """The listing pages `-a sections=` names (paths under the site's address)."""
        chosen = []
        for path in self.options.sections:
            url = absolute_url(self.base_url, path.lstrip("/"))
            if url is None or not same_site(url, self.hosts) or "://" in path:
                raise SpiderArgumentError(
                    f"-a sections: {path!r} is not a path under {self.base_url}"
                )
            chosen.append(url)
        return chosen

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
            if why is None or (why in HEADLINE_OUTWEIGHS and url in headlines):
                stories.append(url)
            elif len(self.rejected) < REJECTED_EXAMPLES and why == NO_STORY_SHAPE:
                self.rejected[url] = why
        links = self._bounded(stories, response.url)
        self.count("links/articles", len(links))
        self.count_listing(section, len(links))
        wanted = self._wanted(links)
        page = listing_page(response)
        where = None if section == HOME else section
        yield from self._article_requests(wanted, where, page_rank(page))
        for request in self._article_requests(self._rechecks(links), where, page_rank(page)):
            yield self.recheck_request(request)
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

    def _stories_of(self, links: list[str], found: FeedLinks) -> list[str]:
        """On-site entries; of a plain sitemap (every page of the site), those that may be
        stories by their address."""
        links = [u for u in links if same_site(u, self.hosts)]
        if found.plain_sitemap:
            links = [u for u in links if not_a_story_because(u) in (None, NO_STORY_SHAPE)]
        return links

    def _entry_requests(self, urls: list[str], source: str) -> Iterator[scrapy.Request]:
        return self._article_requests(urls, None, source=source)

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
