"""An article as the chain's stages pass it on (extraction/chain.py): raw fields, named as
in the output line, plus the still-dirty body tree."""

from __future__ import annotations

from dataclasses import dataclass, field

from lxml.html import HtmlElement

from newscrawl.extraction.document import Document
from newscrawl.extraction.limits import DEFAULT_LIMITS, PageLimits
from newscrawl.items import Image


@dataclass(slots=True)
class ArticleDraft:
    """An article as found on the page, before cleaning and normalising.

    `content` is the body container, still holding ads and related-link widgets; the chain's
    `remove_ads` and `remove_widgets` stages edit it in place and `fill_body` turns it into
    `paragraphs` and `images`, so the page is parsed once and never re-serialised between
    stages. The fields carry the output's names (`published_at`, `authors`); `normalise`
    turns them into the line's values.
    """

    url: str
    site: str
    canonical_url: str | None = None
    title: str | None = None
    lead: str | None = None
    published_at: str | None = None  # as the page states it; normalised to ISO later
    modified_at: str | None = None
    authors: list[str] = field(default_factory=list)  # bylines as found: people and outlets
    source: str | None = None
    tags: list[str] = field(default_factory=list)
    sections: list[str] = field(default_factory=list)
    language: str | None = None
    timezone: str = "UTC"
    content: HtmlElement | None = None
    paragraphs: list[str] = field(default_factory=list)
    images: list[Image] = field(default_factory=list)
    provenance: dict[str, str] = field(default_factory=dict)  # output field -> method
    limits: PageLimits = DEFAULT_LIMITS  # the page's bounds (from the crawl's settings)
    cuts: dict[str, int] = field(default_factory=dict)  # list field -> values cut by a limit
    # the parsed page, for a second opinion on the body (generic/second_opinion.py); dropped
    # with the tree once the body is read
    document: Document | None = field(default=None, repr=False)
    # the generic finder's container holds little of the page's running text: the body is
    # compared with a second opinion (generic/second_opinion.py)
    body_in_doubt: bool = False
