"""Discovery both spiders share: the sitemaps robots.txt names (else the usual addresses), the
feeds a site lists, and the story links they give, within one budget per run.

A spider that discovers this way yields `discovery_requests()` from its `start()` and says
which entries are its stories (`_stories_of`) and how it asks for them (`_entry_requests`);
navigation/discovery.py reads the documents.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import cached_property
from typing import Any
from urllib.parse import urljoin, urlsplit

import scrapy
from scrapy.http import Response, TextResponse
from twisted.python.failure import Failure

from newscrawl.extensions.run import run_of
from newscrawl.extraction.dates import parse_date
from newscrawl.navigation.discovery import (
    MAX_XML_BYTES,
    FeedLinks,
    read_feed,
    sitemaps_in_robots,
)
from newscrawl.request_meta import CHANGED, FEED, NEWS_SITEMAP, PAGE_KIND, SITEMAP, SITEMAPS_LEFT
from newscrawl.spiders.base import IncrementalSpider
from newscrawl.spiders.revalidation import Revalidation
from newscrawl.urls import canonicalize_url

MAX_SITEMAPS = 10  # sitemaps read per run, however named (robots.txt, an index, the default)
MAX_FEED_ENTRIES = 1000  # entries read of one feed or sitemap (or sitemaps of one index)
# Where sitemaps usually are when robots.txt names none: the common name, Yoast's index and
# WordPress's own (since 5.5); each tried only when the one before is not there.
DEFAULT_SITEMAPS = ("/sitemap.xml", "/sitemap_index.xml", "/wp-sitemap.xml")
# Sitemaps of a split set that list no stories (WordPress core, Yoast, Rank Math names)
_LISTS_NO_STORIES = re.compile(
    r"(taxonom|categor|tag|author|user|page-sitemap|-pages?-|attachment|product)", re.IGNORECASE
)


class DiscoveringSpider(IncrementalSpider):
    """An IncrementalSpider that also reads a site's sitemaps and feeds."""

    base_url: str
    sitemaps_read: int = 0
    # with robots.txt naming no sitemap, try the usual addresses (DEFAULT_SITEMAPS)
    probe_default_sitemaps = True

    def discovery_requests(self) -> Iterator[scrapy.Request]:
        """robots.txt, for the sitemaps it names."""
        robots = self._discovery_request(urljoin(self.base_url, "/robots.txt"), self.parse_robots)
        robots.errback = self.robots_failed
        yield robots

    def _discovery_request(
        self, url: str, callback: Any, conditional: bool = False
    ) -> scrapy.Request:
        request = scrapy.Request(
            url, callback=callback, errback=self.discovery_failed, meta={PAGE_KIND: "discovery"}
        )
        if conditional and self.asks_conditionally:
            request = Revalidation.ask(request, run_of(self.crawler).store)
        return request

    @cached_property
    def revalidation(self) -> Revalidation:
        """The run's conditional requests (feeds, sitemaps, listings' first pages)."""
        return Revalidation()

    def settle_validators(self, reason: str) -> None:
        """A finished run keeps the validators of the documents it read completely."""
        if reason == "finished":
            kept = self.revalidation.settle(run_of(self.crawler).store)
            self.count("discovery/validators_kept", kept)

    def _stories_of(self, links: list[str], found: FeedLinks) -> list[str]:
        """The entries of a feed or sitemap (canonical) that this spider takes for stories."""
        raise NotImplementedError

    def _entry_requests(self, urls: list[str], source: str) -> Iterator[scrapy.Request]:
        raise NotImplementedError

    def parse_robots(self, response: Response) -> Iterator[scrapy.Request]:
        text = response.text if isinstance(response, TextResponse) else ""
        named = sitemaps_in_robots(text)
        if named:
            yield from self._sitemap_requests(named)
        elif self.probe_default_sitemaps:
            yield from self._default_sitemap(DEFAULT_SITEMAPS)

    def robots_failed(self, failure: Failure) -> Iterator[scrapy.Request]:
        """No robots.txt (or none readable): the sitemap may still be at its usual place."""
        self.discovery_failed(failure)
        if self.probe_default_sitemaps:
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
        """An RSS/Atom feed, a (news) sitemap or a sitemap index; nothing of one the server
        says is unchanged since a finished run read it (a 304)."""
        if self.revalidation.unchanged(response):
            self.count("pages/not_modified")
            return
        found = read_feed(response.body, MAX_FEED_ENTRIES)
        sitemaps, all_taken = self._sitemaps_to_read(found.sitemaps)
        for sitemap in sitemaps:
            yield self._discovery_request(sitemap, self.parse_feed, conditional=True)
        listed = found.entries[:MAX_FEED_ENTRIES]
        entries = [u for u in listed if not self._dated_before(u, found)]
        canonical = {canonicalize_url(u): u for u in entries}
        links = self._stories_of(list(canonical), found)
        whole = all_taken and not found.cut and len(entries) == len(listed)
        self.revalidation.read(response, links, whole=whole, documents=sitemaps)
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
        yield from self._entry_requests(self._wanted(links), source)

        def changed(url: str) -> str | None:
            return found.changed.get(canonical.get(url, url))

        for request in self._entry_requests(self._rechecks(links, changed), source):
            request.meta[CHANGED] = changed(request.url)
            yield self.recheck_request(request)

    def _dated_before(self, entry: str, found: FeedLinks) -> bool:
        """The feed or sitemap dates the entry before the run's `-a since=`: not fetched."""
        since, written = self.options.since, found.dates.get(entry)
        moment = parse_date(written) if since and written else None
        if moment is None or since is None or moment.date() >= since:
            return False
        self.count("incremental/older_than_since")
        return True

    def _sitemap_requests(self, urls: list[str]) -> Iterator[scrapy.Request]:
        for sitemap in self._sitemaps_to_read(urls)[0]:
            yield self._discovery_request(sitemap, self.parse_feed, conditional=True)

    def _sitemaps_to_read(self, urls: list[str]) -> tuple[list[str], bool]:
        """Of the sitemaps named by robots.txt or by an index, those read, all against one
        cap per run (those an index names for taxonomies, authors or static pages are not
        stories' and are passed over); and whether none was left over the cap."""
        urls = [u for u in urls if not _LISTS_NO_STORIES.search(urlsplit(u).path)]
        taken = urls[: max(0, MAX_SITEMAPS - self.sitemaps_read)]
        self.sitemaps_read += len(taken)
        if len(taken) < len(urls):
            self.count("discovery/sitemaps_over_cap", len(urls) - len(taken))
        return taken, len(taken) == len(urls)

    def discovery_failed(self, failure: Failure) -> None:
        """A feed or sitemap that is not there (a guessed path): expected, not an error."""
        self.count("discovery/missing")
        self.logger.debug("discovery: %s", failure.value)
