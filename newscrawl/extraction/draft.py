"""An article as the chain's stages pass it on (extraction/chain.py): raw fields, named as
in the output line, plus the still-dirty body tree; and how a page becomes one."""

from __future__ import annotations

from dataclasses import dataclass, field

from lxml.html import HtmlElement

from newscrawl.extraction.document import Document
from newscrawl.extraction.fields import read_fields
from newscrawl.extraction.generic.content import find_story
from newscrawl.extraction.images import image_from_element
from newscrawl.extraction.limits import DEFAULT_LIMITS, PageLimits
from newscrawl.extraction.profile import SiteProfile
from newscrawl.extraction.provenance import CONTENT, LISTING, PROFILE
from newscrawl.items import Image

# Below this share of the page's running text, the generic finder's container may be a
# fragment of the story: its body is compared with a second opinion.
DOUBTFUL_SHARE = 0.6


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


def extract_draft(
    url: str,
    html: str | bytes,
    profile: SiteProfile | None = None,
    listing_section: str | None = None,
    encoding: str | None = None,
) -> ArticleDraft:
    """The draft of a page (`encoding`: for bytes, the charset the server declared, see
    `parse_html`); without a profile, read the generic way."""
    site = profile.slug if profile is not None else "generic"
    return read_draft(Document.parse(html, encoding), url, site, profile, listing_section)


def read_draft(
    doc: Document,
    url: str,
    site: str,
    profile: SiteProfile | None,
    listing_section: str | None = None,
) -> ArticleDraft:
    """The page's fields (`fields.read_fields`) and its body tree: the profile's body
    selector, else the generic finder's container."""
    found = read_fields(doc, url, profile)
    draft = ArticleDraft(
        url=url,
        site=site,
        canonical_url=found.canonical_url,
        title=found.title,
        lead=found.lead,
        published_at=found.published_at,
        modified_at=found.modified_at,
        authors=found.authors,
        source=found.source,
        tags=found.tags,
        sections=found.sections,
        language=found.language,
        timezone=found.timezone,
        images=found.images,
        provenance=found.provenance,
        document=doc,
    )
    if profile is not None:
        draft.content = doc.element(profile.fields.body)
    if draft.content is not None:
        draft.provenance["body"] = PROFILE
    else:
        _find_story(draft, doc, url, profile)
    if draft.content is not None and profile is not None:
        _remove_used_elements(doc, draft.content, profile)
    if listing_section and not draft.sections:
        draft.sections = [listing_section]
        draft.provenance["sections"] = LISTING
    return draft


def _find_story(draft: ArticleDraft, doc: Document, url: str, profile: SiteProfile | None) -> None:
    """The generic finder's story container; on a page no profile knows, also whether the
    finder is unsure of it, and its lead figure where the metadata names no picture."""
    story = find_story(doc, url)
    draft.content = story.content
    draft.provenance["body"] = CONTENT
    if profile is not None:
        return
    draft.body_in_doubt = story.share < DOUBTFUL_SHARE
    if not draft.images and story.lead_figure is not None:
        lead = image_from_element(story.lead_figure, url)
        if lead is not None:
            draft.images, draft.provenance["images"] = [lead], CONTENT


def _remove_used_elements(doc: Document, content: HtmlElement, profile: SiteProfile) -> None:
    """Elements already read as metadata (source line, lead) must not reappear as body."""
    for selector in profile.fields.source + profile.fields.lead:
        for element in doc.select(selector, within=content):
            if element.getparent() is not None:
                element.drop_tree()
