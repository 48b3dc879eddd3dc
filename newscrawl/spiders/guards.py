"""Crawler traps in a section's pagination: calendars, endless empty archives, URLs that grow.

A listing walk stops when a page brings no article link the walk has not already seen (an
empty archive page, a calendar, the same teasers again), when the "next" URL has grown on
NEWSCRAWL_MAX_GROWING_PAGES hops in a row (a relative link that appends itself: `2024/06/`,
`2024/06/2024/05/`, …), or after NEWSCRAWL_MAX_LISTING_PAGES pages of one section.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from newscrawl.state.runset import RunSet

NO_NEW_LINKS = "no_new_links"
GROWING_URLS = "growing_urls"
MAX_PAGES = "max_listing_pages"


@dataclass
class PagingGuard:
    max_pages: int = 1000
    max_growing: int = 3
    pages: Counter[str] = field(default_factory=Counter)
    growing: Counter[str] = field(default_factory=Counter)
    # (section, link) pairs already listed: on disk, as a section's links number in the
    # hundreds of thousands on a large site
    seen: RunSet = field(default_factory=RunSet)

    def check(self, section: str, page_url: str, links: list[str], next_url: str) -> str | None:
        """None to follow `next_url`, else the name of the trap that stops the walk here."""
        self.pages[section] += 1
        fresh = [url for url in links if self.seen.add(f"{section}\n{url}")]
        if not fresh:
            return NO_NEW_LINKS
        if self.max_pages and self.pages[section] >= self.max_pages:
            return MAX_PAGES
        self.growing[section] = self.growing[section] + 1 if len(next_url) > len(page_url) else 0
        if self.max_growing and self.growing[section] >= self.max_growing:
            return GROWING_URLS
        return None
