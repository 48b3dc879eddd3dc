"""What both spiders share: the site's address checked, incremental skipping, paging stops,
traps, stats, and what extraction gets of an article response.

Used by the profile spider (SectionSpider) and the generic one; a subclass sets `options`
(CrawlOptions) and `walked` (sections followed to their end) in its `__init__`.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from functools import cached_property
from typing import Any
from urllib.parse import urlsplit

import scrapy
from scrapy.http import Response, TextResponse
from twisted.python.failure import Failure
from w3lib.encoding import http_content_type_encoding

from newscrawl.config import config_of
from newscrawl.extensions.run import run_of, validators_of
from newscrawl.extraction.dates import parse_date
from newscrawl.extraction.fetched import FetchedPage
from newscrawl.extraction.limits import DEFAULT_LIMITS, PageLimits
from newscrawl.health import LISTING_EMPTY_STAT, LISTING_LINKS_STAT, LISTING_PAGES_STAT
from newscrawl.redaction import redact
from newscrawl.request_meta import CHANGED, LISTING_PAGE, original_url
from newscrawl.revisions import decode, expiry, pack
from newscrawl.spiders.guards import MAX_PAGES, PagingGuard
from newscrawl.spiders.options import CrawlOptions
from newscrawl.state.base import LINK
from newscrawl.urls import MAX_URL_LENGTH, article_id, canonicalize_url, date_in_url


def listing_page(response: Response) -> int:
    """Which page of its section's listing this response is (1 for a section's front)."""
    return int(response.meta.get(LISTING_PAGE, 1))


def page_rank(page: int) -> int:
    """Scheduler priority of the articles found on listing page `page` and of the page after it.

    Deeper pages rank lower, so the articles of earlier pages are fetched first and about two
    listing pages' worth of article requests per section wait in the scheduler, whatever the
    site's size. With equal priorities Scrapy's LIFO queue fetches every next listing page before
    the articles of the one before, and the waiting requests grow with the site (2,360 at
    20,000 articles, measured). The next page shares its page's rank and, queued last, is taken
    first among equals: the walk stays one listing page ahead, so downloads never wait on it.
    """
    return -page


class IncrementalSpider(scrapy.Spider):
    options: CrawlOptions
    walked: set[str]

    def request_failed(self, failure: Failure) -> None:
        """Errback of every request: the failure goes into the run summary, never silent."""
        run_of(self.crawler).ledger.record_failure(failure)

    @cached_property
    def paging_guard(self) -> PagingGuard:
        config = config_of(self.crawler)
        return PagingGuard(
            max_pages=config.max_listing_pages,
            max_growing=config.max_growing_pages,
        )

    def _trapped(self, section: str, url: str, links: list[str], next_url: str) -> bool:
        """Pagination that does not end (calendars, empty archives) stops here, counted."""
        trap = self.paging_guard.check(section, url, links, next_url)
        if trap is None:
            return False
        self.count(f"trap/{trap}")
        self.logger.info("section %s: stopped paging at %s (%s)", section, url, trap)
        if trap != MAX_PAGES:
            self.walked.add(section)  # the section's real end was reached
        return True

    @cached_property
    def page_limits(self) -> PageLimits:
        return config_of(self.crawler).page_limits()

    def _bounded(self, links: list[str], url: str) -> list[str]:
        """At most NEWSCRAWL_MAX_LINKS_PER_PAGE story links from one listing page: a hostile
        page with 100,000 of them queued 100,034 requests and drove RSS to 483 MB."""
        cap = config_of(self.crawler).max_links_per_page
        if len(links) <= cap:
            return links
        self.count("trap/too_many_links")
        self.count("trap/links_cut", len(links) - cap)
        self.logger.warning(
            "listing page %s links to %d stories: only the first %d are taken "
            "(NEWSCRAWL_MAX_LINKS_PER_PAGE)",
            url,
            len(links),
            cap,
        )
        return links[:cap]

    def closed(self, reason: str) -> None:
        """Runs before the feed is stored, so the marks are committed with the feed."""
        if reason != "finished":
            return
        store = run_of(self.crawler).store
        now = datetime.now(UTC).isoformat()
        for section in sorted(self.walked):
            store.mark_section_synced(section, now)

    def count(self, event: str, value: int = 1) -> None:
        if self.crawler.stats is not None and value:
            self.crawler.stats.inc_value(f"newscrawl/{event}", value)

    def count_listing(self, section: str, article_links: int) -> None:
        """One listing page of `section` read, with this many story links (the site's health
        compares them per section with its last runs)."""
        if self.crawler.stats is not None:
            self.crawler.stats.inc_value(LISTING_PAGES_STAT + section)
            self.crawler.stats.inc_value(LISTING_LINKS_STAT + section, article_links)
            if not article_links:
                self.crawler.stats.inc_value(LISTING_EMPTY_STAT + section)

    def _fetched_article(self, response: Response) -> TextResponse | None:
        """The article response to extract; None if it is not text (then its link is known: a
        PDF stays a PDF). A text page's link becomes known only when the article is delivered
        or deliberately dropped (extensions/run.py), so a failure retries it next run.
        None too for a re-checked story the server says is unchanged (304)."""
        if response.status == NOT_MODIFIED:
            self._unchanged_story(response)
            return None
        self.count("pages/article")
        if not isinstance(response, TextResponse):
            requested = original_url(response.request) if response.request else response.url
            run_of(self.crawler).store.add(LINK, canonicalize_url(requested))
            self.count("dropped/not_text")
            return None
        return response

    def _count_fetch(self, response: Response) -> None:
        """Pages that went through the browser vs the plain HTTP path."""
        self.count("pages/browser" if "playwright" in response.flags else "pages/plain")

    def _wanted(self, links: list[str]) -> list[str]:
        store = run_of(self.crawler).store
        wanted = []
        for url in links:
            if not self.options.full and (LINK, url) in store:
                self.count("incremental/known_skipped")
            elif self._too_old(url):
                self.count("incremental/older_than_since")
            else:
                wanted.append(url)
        return wanted

    @property
    def asks_conditionally(self) -> bool:
        """Feeds, sitemaps and listing fronts are asked for conditionally, but in a run that
        must read them whole: `-a full=true`, and `-a recheck=…` (whose stories are the ones
        they link, unchanged or not)."""
        return not self.options.full and self.options.recheck is None

    def recheck_request(self, request: scrapy.Request) -> scrapy.Request:
        """A re-check's request, conditional where the story's kept version has the page's
        validators: a 304 then costs no body and no extraction (`_unchanged_story`)."""
        kept = run_of(self.crawler).store.version(article_id(request.url))
        version = decode(kept) if kept is not None else {}
        if version.get("etag"):
            request.headers["If-None-Match"] = version["etag"]
        if version.get("last_modified"):
            request.headers["If-Modified-Since"] = version["last_modified"]
        if version.get("etag") or version.get("last_modified"):
            request.meta["handle_httpstatus_list"] = [NOT_MODIFIED]
        return request

    def _unchanged_story(self, response: Response) -> None:
        """A re-checked story the server says is as we fetched it: its kept version notes the
        change stamp that brought it back, so the same stamp does not bring it back again."""
        self.count("pages/not_modified")
        request = response.request
        stamp = request.meta.get(CHANGED) if request is not None else None
        url = canonicalize_url(original_url(request) if request is not None else response.url)
        store = run_of(self.crawler).store
        kept = store.version(article_id(url))
        if stamp and kept is not None:
            version = decode(kept)
            version["checked"] = stamp
            days = config_of(self.crawler).revision_days
            store.remember_version(article_id(url), pack(version), expiry(days))

    def _rechecks(
        self, links: list[str], changed: Callable[[str], str | None] = lambda url: None
    ) -> list[str]:
        """Known stories to fetch again, each once per run, for the revision a change makes
        (pipelines/revisions.py): where `changed(url)` (a sitemap's lastmod, a feed entry's
        updated) is over a minute later than the kept version knows of, and, with
        `-a recheck=48h`, every story published within that window. Only stories whose
        version the state keeps (NEWSCRAWL_REVISION_DAYS) are fetched again: another could
        not be diffed. `-a full=true` fetches everything anyway."""
        if self.options.full:
            return []
        store = run_of(self.crawler).store
        window = self.options.recheck
        since = datetime.now(UTC) - window if window is not None else None
        found = []
        for url in links:
            stamp = changed(url)
            if stamp is None and since is None:
                continue  # nothing could bring it back: no lookup (every listing link)
            if (LINK, url) not in store or (kept := store.version(article_id(url))) is None:
                continue
            version = decode(kept)
            recent = since is not None and _published(url, version, since)
            if recent or _changed_since_kept(stamp, version):
                found.append(url)
        self.count("incremental/rechecked", len(found))
        return found

    def _stop_paging(self, section: str, links: list[str], wanted: list[str]) -> bool:
        if links and self.options.since and all(self._too_old(u) for u in links):
            self.count("incremental/stopped_at_since")
            return True
        if self.options.full or wanted or not links:
            return False
        if not run_of(self.crawler).store.section_synced(section):
            return False  # an earlier walk was cut short: keep paging to find what it missed
        self.count("incremental/stopped_at_known")
        return True

    def _too_old(self, url: str) -> bool:
        published = date_in_url(url)
        since = self.options.since
        return bool(since and published and published < since)


SAME_MOMENT = timedelta(minutes=1)  # a lastmod within a minute of our fetch is that fetch
NOT_MODIFIED = 304


def _moment(value: object) -> datetime | None:
    return parse_date(value) if isinstance(value, str) and value else None


def _changed_since_kept(stamp: str | None, version: dict[str, Any]) -> bool:
    """A change stated (`lastmod`) over a minute after the latest moment the kept version
    knows of: its modified_at, its published_at, or a change stamp an earlier re-check found
    to change nothing. The site's own clock on both sides (our fetch time would not do: a
    site's clock may be off, an archive's dates are in the past)."""
    changed = _moment(stamp)
    known = [
        m for k in ("modified_at", "published_at", "checked") if (m := _moment(version.get(k)))
    ]
    return changed is not None and bool(known) and changed > max(known) + SAME_MOMENT


def _published(url: str, version: dict[str, Any], since: datetime) -> bool:
    """The story appeared at `since` or later: by its kept publication date, else its URL's."""
    moment = _moment(version.get("published_at"))
    if moment is not None:
        return moment >= since
    day = date_in_url(url)
    return day is not None and day >= since.date()


class BaseUrlError(ValueError):
    pass


class CredentialsInUrl(BaseUrlError):
    """A user name or password in the site's address: refused, never echoed."""


def check_base_url(value: str | None, spider_name: str) -> str:
    """The site's root URL, normalised to end in '/', or a message saying what is wrong."""
    if not value:
        raise BaseUrlError(
            f"spider {spider_name!r} needs the site's address: scrapy crawl {spider_name} "
            "-a base_url=https://example.org/"
        )
    text = value.strip()
    shown = redact(text)
    if len(text) > MAX_URL_LENGTH:
        raise BaseUrlError(
            f"base_url of {len(text)} characters is longer than {MAX_URL_LENGTH}: {shown[:80]!r}…"
        )
    if any(ch.isspace() or ord(ch) < 32 or ord(ch) == 127 for ch in text):
        raise BaseUrlError(f"base_url {shown!r} holds a space or a control character")
    try:
        parts = urlsplit(text)
        parts.port  # noqa: B018 - raises ValueError for a port out of range
    except ValueError as exc:
        raise BaseUrlError(f"base_url {shown!r} cannot be read: {exc}") from None
    if parts.username or parts.password:
        raise CredentialsInUrl(
            f"base_url {shown!r} carries a user name or password: refused (it would be sent "
            "with every request and written to logs, feeds and summaries); newscrawl crawls "
            "public pages only"
        )
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise BaseUrlError(
            f"base_url {shown!r} is not an http(s) URL with a host, e.g. http://127.0.0.1:8000/"
        )
    path = parts.path if parts.path.endswith("/") else parts.path + "/"
    return f"{parts.scheme}://{parts.netloc}{path}"


def fetched_page(
    response: TextResponse,
    site: str,
    section: str | None,
    generic: bool = False,
    limits: PageLimits = DEFAULT_LIMITS,
) -> FetchedPage:
    """What extraction gets of an article response: its bytes, the declared charset and the
    limits the crawl sets on one page."""
    etag, modified = validators_of(response)
    return FetchedPage(
        response.url,
        response.body,
        site,
        section,
        generic=generic,
        declared_encoding=declared_encoding(response),
        limits=limits,
        changed=response.request.meta.get(CHANGED) if response.request is not None else None,
        etag=etag,
        last_modified=modified,
    )


def declared_encoding(response: TextResponse) -> str | None:
    """The charset the Content-Type header names, if any."""
    header = response.headers.get("Content-Type") or b""
    return http_content_type_encoding(header.decode("latin-1"))
