"""What newscrawl keeps in a request's `meta`: the keys and the values they take, in one
home, so that a spider that sets one and a middleware, dupefilter or extension that reads it
name it alike (and import nothing else of each other for it)."""

from __future__ import annotations

from scrapy.http import Request

PAGE_KIND = "newscrawl_page"  # "article", "listing" or "discovery"
# an article's: where its link was found (the summary counts the delivered articles per
# source, `newscrawl/sources/<source>`)
SOURCE = "newscrawl_source"
LISTING, SITEMAP, NEWS_SITEMAP, FEED = "listing", "sitemap", "news_sitemap", "feed"
LISTING_PAGE = "newscrawl_listing_page"  # a listing page's number in its section (1: front)
CHANGED = "newscrawl_changed"  # when a sitemap or feed says a re-checked story changed
SITEMAPS_LEFT = "newscrawl_sitemaps_left"  # the usual sitemap addresses still to try
# a request a distributed worker took from the shared queue while it had nothing to do, and
# hands to its engine: whoever queued it saw it scheduled already (see distributed/scheduler.py)
TAKEN = "newscrawl_taken"


def original_url(request: Request) -> str:
    """The URL the spider asked for, before any redirect (Scrapy's `redirect_urls`)."""
    return str((request.meta.get("redirect_urls") or [request.url])[0])
