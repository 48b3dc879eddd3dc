"""Crawler traps in a section's pagination: calendars, endless empty archives, URLs that grow.

A listing walk stops when a page brings no article link the walk has not already seen (an
empty archive page, a calendar, the same teasers again), when the "next" URL has grown on
NEWSCRAWL_MAX_GROWING_PAGES hops in a row (a relative link that appends itself: `2024/06/`,
`2024/06/2024/05/`, …), or after NEWSCRAWL_MAX_LISTING_PAGES pages of one section.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

NO_NEW_LINKS = "no_new_links"
GROWING_URLS = "growing_urls"
MAX_PAGES = "max_listing_pages"


@dataclass
class PagingGuard:
    max_pages: int = 1000
    max_growing: int = 3
    pages: Counter[str] = field(default_factory=Counter)
    growing: Counter[str] = field(default_factory=Counter)
    seen: dict[str, set[str]] = field(default_factory=dict)

    def check(self, section: str, page_url: str, links: list[str], next_url: str) -> str | None:
        """None to follow `next_url`, else the name of the trap that stops the walk here."""
        self.pages[section] += 1
        seen = self.seen.setdefault(section, set())
        fresh = [url for url in links if url not in seen]
        seen.update(links)
        if not fresh:
            return NO_NEW_LINKS
        if self.max_pages and self.pages[section] >= self.max_pages:
            return MAX_PAGES
        self.growing[section] = self.growing[section] + 1 if len(next_url) > len(page_url) else 0
        if self.max_growing and self.growing[section] >= self.max_growing:
            return GROWING_URLS
        return None
