"""Profile-driven field extraction: (url, html, profile) -> ArticleDraft."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from lxml.html import HtmlElement

from newscrawl.extraction.document import Document
from newscrawl.extraction.draft import ArticleDraft
from newscrawl.extraction.fallback import complete_from_generic
from newscrawl.extraction.images import image_from_element
from newscrawl.extraction.profile import SiteProfile
from newscrawl.extraction.provenance import LISTING, PROFILE
from newscrawl.items import Image
from newscrawl.urls import absolute_url


def extract_draft(
    url: str,
    html: str | bytes,
    profile: SiteProfile,
    listing_section: str | None = None,
    encoding: str | None = None,
) -> ArticleDraft:
    """`encoding`: for bytes, the charset the server declared (see `parse_html`)."""
    return _extract(Document.parse(html, encoding), url, profile, listing_section)


def _extract(
    doc: Document, url: str, profile: SiteProfile, listing_section: str | None
) -> ArticleDraft:
    chosen = profile.fields
    content = doc.element(chosen.body)
    language = doc.language
    draft = ArticleDraft(
        url=url,
        site=profile.slug,
        canonical_url=_absolute(url, doc.canonical),
        title=doc.first(chosen.title),
        lead=doc.first(chosen.lead),
        published_at=doc.first(chosen.published),
        modified_at=doc.first(chosen.modified),
        authors=_unique(doc.values(chosen.authors)),
        source=doc.first(chosen.source),
        tags=_unique(doc.values(chosen.tags)),
        sections=_section_slugs(url, doc.values(chosen.sections)),
        language=language or profile.language,
        timezone=profile.timezone,
        content=content,
        images=_featured_images(doc, url, profile),
        document=doc,
    )
    if draft.language:
        draft.provenance["language"] = PROFILE  # <html lang> or the profile's default
    complete_from_generic(draft, doc, url)
    if listing_section and not draft.sections:
        draft.sections = [listing_section]
        draft.provenance["sections"] = LISTING
    if draft.content is not None:
        _remove_used_elements(doc, draft.content, profile)
    return draft


def _remove_used_elements(doc: Document, content: HtmlElement, profile: SiteProfile) -> None:
    """Elements already read as metadata (source line, lead) must not reappear as body."""
    chosen = profile.fields
    for selector in chosen.source + chosen.lead:
        for element in doc.select(selector, within=content):
            _drop(element)


def _drop(element: HtmlElement) -> None:
    parent = element.getparent()
    if parent is not None:
        element.drop_tree()


def _featured_images(doc: Document, url: str, profile: SiteProfile) -> list[Image]:
    images: list[Image] = []
    for selector in profile.fields.featured_image:
        for element in doc.select(selector):
            image = image_from_element(element, url, profile.fields.image_credit)
            if image is not None:
                images.append(image)
        if images:
            break
    return images


def _absolute(base: str, href: str | None) -> str | None:
    return absolute_url(base, href) if href else None


# A site-rooted path of plain segments ("/kategorie/politik/"): resolved against any page URL
# it keeps exactly this path (no dot segments, nothing to quote or to cut off), so its
# segments are read without the cost of joining and splitting URLs.
_ROOTED_PATH = re.compile(r"(?:/[A-Za-z0-9_~-]+)+/?")


def _section_slugs(url: str, values: list[str]) -> list[str]:
    """Section links or names to slugs: the last path segment of a category URL."""
    slugs: list[str] = []
    for value in values:
        path = _path_of(url, value) if "/" in value else value
        slug = path.rstrip("/").rsplit("/", 1)[-1].strip().lower()
        if slug and slug not in slugs:
            slugs.append(slug)
    return slugs


def _path_of(url: str, value: str) -> str:
    """The path of a link as the page resolves it."""
    if _ROOTED_PATH.fullmatch(value):
        return value
    return urlsplit(absolute_url(url, value) or value).path


def _unique(values: list[str]) -> list[str]:
    return list(dict.fromkeys(v for v in values if v))
