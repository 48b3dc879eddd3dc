"""One spider class for every profiled site: sections, their pagination, their articles.

Incremental by default: an article link seen in an earlier run is not fetched again, and once
a section has been walked to its end by a finished run, paging stops at the first listing
page that holds only known articles (`-a full=true` walks and fetches everything again).
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from datetime import UTC, datetime
from typing import Any, ClassVar
from urllib.parse import urljoin, urlsplit

import scrapy
from scrapy.http import Response, TextResponse

from newscrawl.extensions.state import store_for
from newscrawl.extraction import extract_draft
from newscrawl.extraction.document import UnparseablePage
from newscrawl.extraction.profile import SiteProfile
from newscrawl.extraction.selectors import compile_selector
from newscrawl.extraction.urls import absolute_url, canonicalize_url, date_in_url, same_site
from newscrawl.spiders.options import CrawlOptions

LINK = "link"  # state namespace: article links fetched by an earlier (committed) run


class BaseUrlError(ValueError):
    pass


def check_base_url(value: str | None, spider_name: str) -> str:
    """The site's root URL, normalised to end in '/', or a message saying what is wrong."""
    if not value:
        raise BaseUrlError(
            f"spider {spider_name!r} needs the site's address: scrapy crawl {spider_name} "
            "-a base_url=https://example.org/"
        )
    parts = urlsplit(value.strip())
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise BaseUrlError(
            f"base_url {value!r} is not an http(s) URL with a host, e.g. http://127.0.0.1:8000/"
        )
    path = parts.path if parts.path.endswith("/") else parts.path + "/"
    return f"{parts.scheme}://{parts.netloc}{path}"


class SectionSpider(scrapy.Spider):
    """Crawl a profiled site from its section pages; subclasses only set `profile`."""

    profile: ClassVar[SiteProfile]

    def __init__(self, *args: Any, base_url: str | None = None, **kwargs: Any) -> None:
        self.options = CrawlOptions.from_arguments(kwargs)
        super().__init__(*args, **kwargs)
        self.base_url = check_base_url(base_url, self.name)
        self.site = self.profile.slug
        self.hosts = frozenset({urlsplit(self.base_url).hostname or ""} | set(self.profile.domains))
        self.allowed_domains = sorted(self.hosts)
        now = datetime.now(UTC)
        self.run_stamp = now.strftime("%Y-%m-%dT%H-%M-%S-") + f"{now.microsecond // 1000:03d}Z"
        self.walked: set[str] = set()  # sections whose listing was followed to its end

    async def start(self) -> AsyncIterator[scrapy.Request]:
        for section in self.profile.sections:
            yield scrapy.Request(
                urljoin(self.base_url, section.path),
                callback=self.parse_listing,
                cb_kwargs={"section": section.slug},
            )

    def parse_listing(self, response: Response, section: str) -> Iterator[scrapy.Request]:
        if not isinstance(response, TextResponse):
            return
        self.count("pages/listing")
        links = [
            u for u in self._links(response, self.profile.listing_links) if self._is_article(u)
        ]
        self.count("links/articles", len(links))
        wanted = self._wanted(links)
        for url in wanted:
            yield scrapy.Request(url, callback=self.parse_article, cb_kwargs={"section": section})
        next_pages = self._links(response, self.profile.pagination)[:1]
        if not next_pages or self._stop_paging(section, links, wanted):
            self.walked.add(section)
            return
        yield scrapy.Request(
            next_pages[0], callback=self.parse_listing, cb_kwargs={"section": section}
        )

    def parse_article(self, response: Response, section: str) -> Iterator[Any]:
        self.count("pages/article")
        requested = response.request.url if response.request else response.url
        store_for(self.crawler).add(LINK, canonicalize_url(requested))
        if not isinstance(response, TextResponse):
            self.count("dropped/not_text")
            return
        try:
            yield extract_draft(response.url, response.text, self.profile, section)
        except UnparseablePage as exc:
            self.count("dropped/unparseable_page")
            self.logger.warning("unparseable page %s: %s", response.url, exc)

    def closed(self, reason: str) -> None:
        """Runs before the feed is stored, so the marks are committed with the feed."""
        if reason != "finished":
            return
        store = store_for(self.crawler)
        now = datetime.now(UTC).isoformat()
        for section in sorted(self.walked):
            store.mark_section_synced(section, now)

    def count(self, event: str, value: int = 1) -> None:
        if self.crawler.stats is not None and value:
            self.crawler.stats.inc_value(f"newscrawl/{event}", value)

    def _wanted(self, links: list[str]) -> list[str]:
        store = store_for(self.crawler)
        wanted = []
        for url in links:
            if not self.options.full and (LINK, url) in store:
                self.count("incremental/known_skipped")
            elif self._too_old(url):
                self.count("incremental/older_than_since")
            else:
                wanted.append(url)
        return wanted

    def _stop_paging(self, section: str, links: list[str], wanted: list[str]) -> bool:
        if links and self.options.since and all(self._too_old(u) for u in links):
            self.count("incremental/stopped_at_since")
            return True
        if self.options.full or wanted or not links:
            return False
        if not store_for(self.crawler).section_synced(section):
            return False  # an earlier walk was cut short: keep paging to find what it missed
        self.count("incremental/stopped_at_known")
        return True

    def _too_old(self, url: str) -> bool:
        published = date_in_url(url)
        since = self.options.since
        return bool(since and published and published < since)

    def _links(self, response: TextResponse, selectors: tuple[str, ...]) -> list[str]:
        """Canonical, on-site URLs of the first selector alternative that finds links."""
        root = response.selector.root
        for selector in selectors:
            hrefs = [el.get("href") for el in compile_selector(selector).elements(root)]
            urls = [absolute_url(response.url, h) for h in hrefs if h]
            found = list(dict.fromkeys(canonicalize_url(u) for u in urls if u))
            found = [u for u in found if same_site(u, self.hosts)]
            if found:
                return found
        return []

    def _is_article(self, url: str) -> bool:
        return bool(self.profile.article_path_re.match(urlsplit(url).path))
