"""A fetched article page, as the spider hands it on: the input of extraction.

Spiders only navigate; they yield this and the first pipeline extracts it, here or in an
extraction worker process (it is plain data, so it can cross to another process).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from newscrawl.extraction.decode import decode_html
from newscrawl.extraction.draft import ArticleDraft
from newscrawl.extraction.fields import extract_draft
from newscrawl.extraction.generic.draft import generic_article_draft
from newscrawl.extraction.limits import DEFAULT_LIMITS, PageLimits
from newscrawl.extraction.profile import SiteProfile


@dataclass(frozen=True, slots=True)
class FetchedPage:
    """The body stays bytes until extraction decodes it: decoding (and, for a worker,
    pickling a str) costs the crawler process CPU that bytes do not."""

    url: str
    body: bytes = field(repr=False)  # the response body as received
    site: str  # the profile's slug, or the generic crawl's site name
    listing_section: str | None  # the section whose listing linked to the page
    generic: bool = False  # no profile: generic extraction, pages must prove they are stories
    declared_encoding: str | None = None  # the charset of the Content-Type header, if any
    limits: PageLimits = DEFAULT_LIMITS  # what the page may cost and claim (settings)

    @property
    def html(self) -> str:
        """The page's text, decoded by its bytes first (see `decode_html`)."""
        return decode_html(self.body, self.declared_encoding)


def draft_from_page(
    page: FetchedPage, profile: SiteProfile | None, recognise: bool = True
) -> ArticleDraft:
    """Raises UnparseablePage, and NotAnArticle for a generic page that is no story (unless
    `recognise` is False: the caller knows it is one)."""
    # the bytes go to the parser: valid UTF-8 is parsed as is, without a decoded copy
    if page.generic or profile is None:
        draft = generic_article_draft(
            page.url,
            page.body,
            page.site,
            page.listing_section,
            page.declared_encoding,
            recognise=recognise,
        )
    else:
        draft = extract_draft(
            page.url, page.body, profile, page.listing_section, page.declared_encoding
        )
    draft.limits = page.limits
    return draft
