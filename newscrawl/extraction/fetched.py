"""A fetched article page, as the spider hands it on: the input of extraction.

Spiders only navigate; they yield this and the first pipeline extracts it, here or in an
extraction worker process (it is plain data, so it can cross to another process).
"""

from __future__ import annotations

from dataclasses import dataclass

from newscrawl.extraction.draft import ArticleDraft
from newscrawl.extraction.fields import extract_draft
from newscrawl.extraction.generic.draft import generic_article_draft
from newscrawl.extraction.profile import SiteProfile


@dataclass(frozen=True, slots=True)
class FetchedPage:
    url: str
    html: str
    site: str  # the profile's slug, or the generic crawl's site name
    listing_section: str | None  # the section whose listing linked to the page
    generic: bool = False  # no profile: generic extraction, pages must prove they are stories


def draft_from_page(page: FetchedPage, profile: SiteProfile | None) -> ArticleDraft:
    """Raises UnparseablePage, and NotAnArticle for a generic page that is no story."""
    if page.generic or profile is None:
        return generic_article_draft(page.url, page.html, page.site, page.listing_section)
    return extract_draft(page.url, page.html, profile, page.listing_section)
