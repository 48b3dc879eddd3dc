"""A fetched article page, as the spider hands it on: the input of extraction.

Spiders only navigate; they yield this and the first pipeline extracts it, here or in an
extraction worker process (it is plain data, so it can cross to another process).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from newscrawl.extraction.decode import decode_html
from newscrawl.extraction.document import Document
from newscrawl.extraction.draft import ArticleDraft, read_draft
from newscrawl.extraction.generic.recognise import article_evidence
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
    # when the sitemap or feed that led to it says the story last changed (a re-check's
    # reason: pipelines/revisions.py notes it when the story turns out unchanged)
    changed: str | None = None
    etag: str | None = None  # the response's validators (a revision's next conditional request)
    last_modified: str | None = None

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
    doc = Document.parse(page.body, page.declared_encoding)
    generic = page.generic or profile is None
    if generic and recognise:
        article_evidence(doc, page.url)
    chosen = None if generic else profile
    draft = read_draft(doc, page.url, page.site, chosen, page.listing_section)
    draft.limits = page.limits
    return draft
