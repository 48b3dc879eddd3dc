"""One spider class for every profiled site: sections, their pagination, their articles."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from typing import Any, ClassVar
from urllib.parse import urljoin, urlsplit

import scrapy
from scrapy.http import Response, TextResponse

from newscrawl.extraction import extract_draft
from newscrawl.extraction.document import UnparseablePage
from newscrawl.extraction.profile import SiteProfile
from newscrawl.extraction.selectors import compile_selector
from newscrawl.extraction.urls import absolute_url, canonicalize_url, same_site


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
        super().__init__(*args, **kwargs)
        self.base_url = check_base_url(base_url, self.name)
        self.site = self.profile.slug
        self.hosts = frozenset({urlsplit(self.base_url).hostname or ""} | set(self.profile.domains))
        self.allowed_domains = sorted(self.hosts)

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
        self.crawler.stats.inc_value("newscrawl/pages/listing")
        context = {"section": section}
        for url in self._links(response, self.profile.listing_links):
            if self._is_article(url):
                yield scrapy.Request(url, callback=self.parse_article, cb_kwargs=context)
        for url in self._links(response, self.profile.pagination)[:1]:
            yield scrapy.Request(url, callback=self.parse_listing, cb_kwargs=context)

    def parse_article(self, response: Response, section: str) -> Iterator[Any]:
        self.crawler.stats.inc_value("newscrawl/pages/article")
        if not isinstance(response, TextResponse):
            self.crawler.stats.inc_value("newscrawl/dropped/not_text")
            return
        try:
            yield extract_draft(response.url, response.text, self.profile, section)
        except UnparseablePage as exc:
            self.crawler.stats.inc_value("newscrawl/dropped/unparseable_page")
            self.logger.warning("unparseable page %s: %s", response.url, exc)

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
