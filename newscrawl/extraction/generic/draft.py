"""A page no profile knows, as an ArticleDraft the ordinary cleaning steps can finish."""

from __future__ import annotations

from newscrawl.extraction.document import Document
from newscrawl.extraction.draft import ArticleDraft
from newscrawl.extraction.generic.content import find_story
from newscrawl.extraction.generic.metadata import GenericMetadata, generic_metadata
from newscrawl.extraction.generic.recognise import article_evidence
from newscrawl.extraction.images import image_from_element
from newscrawl.extraction.provenance import CONTENT, LISTING

# Below this share of the page's running text, the finder's container may be a fragment.
DOUBTFUL_SHARE = 0.6
# Dates printed without an offset ("19. Juni 2024, 08:15 Uhr") are local time; a page's
# language is the best hint there is to its zone when no profile names one.
_ZONE_OF_LANGUAGE = {
    "de": "Europe/Berlin",
    "fr": "Europe/Paris",
    "it": "Europe/Rome",
    "es": "Europe/Madrid",
    "nl": "Europe/Amsterdam",
    "pl": "Europe/Warsaw",
}


def generic_draft(
    url: str, html: str | bytes, site: str = "generic", listing_section: str | None = None
) -> ArticleDraft:
    return _draft(Document.parse(html), url, site, listing_section)


def generic_article_draft(
    url: str,
    html: str | bytes,
    site: str,
    listing_section: str | None = None,
    encoding: str | None = None,
    recognise: bool = True,
) -> ArticleDraft:
    """Like `generic_draft`, for a crawl: raises NotAnArticle for a page that is no story
    (unless `recognise` is False). `encoding`: for bytes, the charset the server declared
    (see `parse_html`)."""
    doc = Document.parse(html, encoding)
    if recognise:
        article_evidence(doc, url)
    return _draft(doc, url, site, listing_section)


def _draft(doc: Document, url: str, site: str, listing_section: str | None) -> ArticleDraft:
    meta = generic_metadata(doc, url)
    story = find_story(doc, url)
    draft = ArticleDraft(
        url=url,
        site=site,
        canonical_url=meta.canonical_url,
        title=meta.title,
        lead=meta.lead,
        published_at=meta.published,
        modified_at=meta.modified,
        authors=list(meta.authors),
        source=meta.source,
        tags=list(meta.tags),
        sections=section_slugs(meta),
        language=meta.language,
        timezone=_ZONE_OF_LANGUAGE.get(meta.language or "", "UTC"),
        content=story.content,
        images=[meta.image] if meta.image is not None else [],
        provenance=dict(meta.sources, body=CONTENT),
        document=doc,
        body_in_doubt=story.share < DOUBTFUL_SHARE,
    )
    if meta.image is None and story.lead_figure is not None:
        lead = image_from_element(story.lead_figure, url)
        if lead is not None:
            draft.images, draft.provenance["images"] = [lead], CONTENT
    if listing_section and not draft.sections:
        draft.sections = [listing_section]
        draft.provenance["sections"] = LISTING
    return draft


def section_slugs(meta: GenericMetadata) -> list[str]:
    """The page's own section name as a slug, else the slugs of its category links."""
    section = (meta.section or "").strip().lower()
    return ["-".join(section.split())] if section else list(meta.sections)
