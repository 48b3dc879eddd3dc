"""One spider class for every profiled site: sections, their pagination, their articles.

Incremental by default: an article link seen in an earlier run is not fetched again, and once
a section has been walked to its end by a finished run, paging stops at the first listing
page that holds only known articles (`-a full=true` walks and fetches everything again).
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from datetime import UTC, datetime
from typing import Any, ClassVar, Self
from urllib.parse import urljoin, urlsplit

import scrapy
from lxml.html import HtmlElement
from scrapy.crawler import Crawler
from scrapy.http import Response, TextResponse

from newscrawl.browser.chromium import BrowserUnavailable
from newscrawl.browser.gate import BrowserGate
from newscrawl.browser.setup import enable_browser
from newscrawl.config import refuse_start
from newscrawl.extensions.run import run_of
from newscrawl.extraction.chain import extract_article
from newscrawl.extraction.dates import written_date
from newscrawl.extraction.document import Document, UnparseablePage
from newscrawl.extraction.profile import Section, SiteProfile
from newscrawl.extraction.refusal import NotAnArticle
from newscrawl.extraction.rendering import JsRule, rule_for_listing, rule_for_page
from newscrawl.navigation.discovery import FeedLinks
from newscrawl.request_meta import LISTING_PAGE, PAGE_KIND, SOURCE
from newscrawl.spiders.base import (
    BaseUrlError,
    check_base_url,
    declared_encoding,
    fetched_page,
    listing_page,
    page_rank,
)
from newscrawl.spiders.discovery import DiscoveringSpider
from newscrawl.spiders.options import CrawlOptions, SpiderArgumentError
from newscrawl.spiders.revalidation import Revalidation
from newscrawl.urls import absolute_url, canonicalize_url, same_site


class SectionSpider(DiscoveringSpider):
    """Crawl a profiled site from its section pages; subclasses only set `profile`."""

    profile: ClassVar[SiteProfile]
    browser_gate: BrowserGate | None = None  # the proxy rendered pages go through (-a js=true)
    # `scrapy shell --spider=…` builds the spider without arguments (commands/shell.py)
    default_base_url: ClassVar[str | None] = None

    def __init__(self, *args: Any, base_url: str | None = None, **kwargs: Any) -> None:
        self.options = CrawlOptions.from_arguments(kwargs)
        super().__init__(*args, **kwargs)
        self.base_url = check_base_url(base_url or self.default_base_url, self.name)
        self.site = self.options.site or self.profile.slug
        self.sections = self._chosen_sections()
        self.hosts = frozenset({urlsplit(self.base_url).hostname or ""} | set(self.profile.domains))
        self.allowed_domains = sorted(self.hosts)
        now = datetime.now(UTC)
        self.run_stamp = now.strftime("%Y-%m-%dT%H-%M-%S-") + f"{now.microsecond // 1000:03d}Z"
        self.walked: set[str] = set()  # sections whose listing was followed to its end
        self.fronts: dict[str, str] = {}  # section -> its listing's first page
        self.warned_other_hosts = False

    @classmethod
    def from_crawler(cls, crawler: Crawler, *args: Any, **kwargs: Any) -> Self:
        """Switch to the browser download handler only when this crawl renders pages."""
        try:
            spider = super().from_crawler(crawler, *args, **kwargs)
            if spider.options.js and spider.profile.needs_js:
                chromium, spider.browser_gate = enable_browser(crawler, spider.base_url)
                spider.logger.info("needs_js pages are rendered with %s", chromium)
        except (BaseUrlError, BrowserUnavailable, SpiderArgumentError) as exc:
            refuse_start(crawler.settings, str(exc))
            raise
        return spider

    # A profiled site's stories are found by its listings, the feeds its profile lists and the
    # sitemaps its robots.txt names; its usual sitemap addresses are not probed (three
    # requests each run for nothing on a site that has none).
    probe_default_sitemaps = False

    def _chosen_sections(self) -> tuple[Section, ...]:
        """The profile's sections, or those `-a sections=` names (in the profile's order)."""
        chosen = self.options.sections
        if not chosen:
            return self.profile.sections
        known = [section.slug for section in self.profile.sections]
        unknown = [slug for slug in chosen if slug not in known]
        if unknown:
            raise SpiderArgumentError(
                f"-a sections: {unknown[0]!r} is no section of {self.profile.slug} "
                f"(known: {', '.join(known)})"
            )
        return tuple(section for section in self.profile.sections if section.slug in chosen)

    async def start(self) -> AsyncIterator[scrapy.Request]:
        for section in self.sections:
            request = self._listing_request(urljoin(self.base_url, section.path), section.slug)
            if request is not None:
                yield request
        for path in self.profile.feeds:
            yield self._discovery_request(urljoin(self.base_url, path), self.parse_feed, True)
        for request in self.discovery_requests():
            yield request

    def _stories_of(self, links: list[str], found: FeedLinks) -> list[str]:
        """The entries whose address is one of the profile's articles."""
        return [u for u in links if same_site(u, self.hosts) and self._is_article(u)]

    def _entry_requests(self, urls: list[str], source: str) -> Iterator[scrapy.Request]:
        for url in urls:
            request = self._request(url, self.parse_article, None, self._article_rule(url))
            if request is not None:
                request.meta[SOURCE] = source
                yield request

    def closed(self, reason: str) -> None:
        """Sections walked to their end are synced; a section front whose walk stopped
        short keeps no validators (the next run reads it and goes on from there)."""
        super().closed(reason)
        for section, front in self.fronts.items():
            if section not in self.walked:
                self.revalidation.cut(front)
        self.settle_validators(reason)

    def parse_listing(self, response: Response, section: str) -> Iterator[scrapy.Request]:
        if self.revalidation.unchanged(response):  # the front as a finished run walked it
            self.count("pages/not_modified")
            self.count("pages/listing_unchanged")
            self.walked.add(section)
            return
        if not isinstance(response, TextResponse):
            return
        self.count("pages/listing")
        self._count_fetch(response)
        try:
            doc = Document.parse(response.body, declared_encoding(response))
        except UnparseablePage as exc:
            self.count("dropped/unparseable_page")
            self.logger.warning("listing %s could not be parsed: %s", response.url, exc)
            return
        found = self._links(response, doc, self.profile.listing_links)
        stories = [u for u in found if self._is_article(u)]
        links = self._bounded(stories, response.url)
        self.count("links/articles", len(links))
        self.count_listing(section, len(links))
        wanted = self._wanted(links)
        page = listing_page(response)
        whole = len(links) == len(stories)  # none cut at the page's link budget
        if page == 1:
            self.revalidation.read(response, links, whole=whole)
        else:
            self.revalidation.more(self.fronts.get(section, ""), links, whole=whole)
        hints = self._update_notes(response, doc, set(links))
        rechecks = self._rechecks(links, hints.get)
        for url in wanted + rechecks:
            rule = self._article_rule(url)
            article = self._request(url, self.parse_article, section, rule, page_rank(page))
            if article is not None:
                yield self.recheck_request(article) if url in rechecks else article
        next_pages = self._links(response, doc, self.profile.pagination)[:1]
        if not next_pages or self._stop_paging(section, links, wanted + rechecks):
            self.walked.add(section)
            return
        if self._trapped(section, response.url, links, next_pages[0]):
            return
        listing = self._listing_request(next_pages[0], section, page + 1)
        if listing is not None:
            yield listing

    def parse(self, response: Response, **kwargs: Any) -> Iterator[Any]:
        """The default callback, for `scrapy parse` and the shell: a listing page gives its
        article and next-page requests, an article page the record the feed would hold
        (extraction only: no duplicate checks, nothing recorded)."""
        if not self._is_article(canonicalize_url(response.url)):
            section = urlsplit(response.url).path.strip("/").split("/")[-1] or "home"
            yield from self.parse_listing(response, section)
            return
        if isinstance(response, TextResponse):
            try:
                article = extract_article(response.body, response.url, self.profile)
            except NotAnArticle as refused:
                self.logger.warning("%s refused as %s: %s", response.url, refused.reason, refused)
                return
            yield article.to_record()

    def parse_article(self, response: Response, section: str | None) -> Iterator[Any]:
        self._count_fetch(response)
        fetched = self._fetched_article(response)
        if fetched is None:
            return
        yield fetched_page(fetched, self.profile.slug, section, limits=self.page_limits)

    def _article_rule(self, url: str) -> JsRule | None:
        return rule_for_page(self.profile.needs_js, url)

    def _listing_request(self, url: str, section: str, page: int = 1) -> scrapy.Request | None:
        """A listing page's request; a section's front page asked for conditionally where
        a finished run kept its validators (plain HTTP only: a rendered page has none)."""
        rule = rule_for_listing(self.profile.needs_js, section, url)
        request = self._request(url, self.parse_listing, section, rule, page_rank(page - 1))
        if request is None:
            return None
        request.meta[LISTING_PAGE] = page
        if page == 1:
            self.fronts[section] = url
            if rule is None and self.asks_conditionally:
                request = Revalidation.ask(request, run_of(self.crawler).store)
        return request

    def _request(
        self, url: str, callback: Any, section: str | None, rule: JsRule | None, priority: int = 0
    ) -> scrapy.Request | None:
        """A plain request; a browser request where a needs_js rule applies; None for such a
        page when this crawl does not render (`-a js=true` not given)."""
        meta: dict[str, Any] = {}
        if rule is not None:
            if not self.options.js:
                self.count("pages/skipped_needs_js")
                self.logger.info("%s needs JavaScript: skipped (-a js=true renders it)", url)
                return None
            from newscrawl.browser.actions import render_meta  # Playwright only when rendering

            meta = render_meta(rule.actions)
        meta[PAGE_KIND] = "listing" if callback == self.parse_listing else "article"
        return scrapy.Request(
            url,
            callback=callback,
            errback=self.request_failed,
            cb_kwargs={"section": section},
            meta=meta,
            priority=priority,
        )

    def _update_notes(
        self, response: TextResponse, doc: Document, links: set[str]
    ) -> dict[str, str]:
        """The date each teaser's update note gives its story (`listing_updated`): the note
        belongs to the story whose link its nearest enclosing element holds."""
        notes: dict[str, str] = {}
        for selector in self.profile.listing_updated:
            for note in doc.select(selector):
                when = written_date(" ".join(note.itertext()))
                story = _story_beside(note, response.url, links) if when else None
                if story is not None and when is not None:
                    notes.setdefault(story, when)
        return notes

    def _links(
        self, response: TextResponse, doc: Document, selectors: tuple[str, ...]
    ) -> list[str]:
        """Canonical, on-site URLs of the first selector alternative that finds links."""
        for selector in selectors:
            hrefs = [el.get("href") for el in doc.select(selector)]
            urls = [absolute_url(response.url, h) for h in hrefs if h]
            every = list(dict.fromkeys(canonicalize_url(u) for u in urls if u))
            found = [u for u in every if same_site(u, self.hosts)]
            if len(found) < len(every):
                on_site = set(found)
                self._other_hosts(response.url, [u for u in every if u not in on_site])
            if found:
                return found
        return []

    def _other_hosts(self, page: str, urls: list[str]) -> None:
        """Story links to other hosts are not crawled; many of them usually mean `base_url`
        names the site differently from its own pages (localhost vs 127.0.0.1, www or not):
        counted, and said once per run, instead of a quiet partial crawl."""
        stories = [u for u in urls if self._is_article(u)]
        if not stories:
            return
        self.count("links/other_host_articles", len(stories))
        if not self.warned_other_hosts:
            self.warned_other_hosts = True
            self.logger.warning(
                "%s links to %d stories on another host (e.g. %s), which are not crawled: if "
                "that host is this site, give it as base_url",
                page,
                len(stories),
                stories[0],
            )

    def _is_article(self, url: str) -> bool:
        return bool(self.profile.article_path_re.match(urlsplit(url).path))


def _story_beside(note: HtmlElement, page: str, links: set[str]) -> str | None:
    """The story link of the nearest element around `note` that holds one (its teaser)."""
    for holder in note.iterancestors():
        for anchor in holder.iter("a"):
            href = anchor.get("href")
            absolute = absolute_url(page, href) if href else None
            if absolute and (url := canonicalize_url(absolute)) in links:
                return url
    return None
