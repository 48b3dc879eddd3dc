"""The story's featured picture and its language. Pictures: the profile's selectors (with
their credits), else `og:image`, `twitter:image`, JSON-LD `image`. Language: a profiled
site's pages are in the page's `<html lang>` or the profile's language; another page's is its
`<html lang>`, `og:locale`, `content-language` or JSON-LD `inLanguage`."""

from __future__ import annotations

import re

from newscrawl.extraction.document import Document
from newscrawl.extraction.fields.found import NOTHING, Found, first
from newscrawl.extraction.generic.jsonld import text_of
from newscrawl.extraction.images import image_from_element
from newscrawl.extraction.profile import FieldSelectors, SiteProfile
from newscrawl.extraction.provenance import HTML, JSON_LD, META, OPENGRAPH, PROFILE
from newscrawl.items import Image
from newscrawl.urls import absolute_url

NO_SELECTORS = FieldSelectors()  # a page no profile knows: a profile with no selectors
_LANGUAGE = re.compile(r"^([a-z]{2,3})(?:[-_][a-z0-9]+)*$", re.IGNORECASE)


def read_images(doc: Document, profile: SiteProfile | None, url: str) -> Found:
    """The featured picture(s): a list of Image."""
    chosen = profile.fields if profile is not None else NO_SELECTORS
    for selector in chosen.featured_image:
        images: list[Image] = []
        for element in doc.select(selector):
            image = image_from_element(element, url, chosen.image_credit)
            if image is not None:
                images.append(image)
        if images:
            return Found(images, PROFILE)
    found, how = first(
        (doc.meta("og:image", "og:image:url", "og:image:secure_url"), OPENGRAPH),
        (doc.meta("twitter:image"), META),
        (text_of(doc.article.get("image")) or text_of(doc.article.get("thumbnailUrl")), JSON_LD),
    )
    absolute = absolute_url(url, found) if found else None
    return Found([Image(url=absolute)], how) if absolute else Found([], NOTHING)


def read_language(doc: Document, profile: SiteProfile | None) -> Found:
    found = doc.language
    if profile is not None:
        found = found or profile.language
        return Found(found, PROFILE) if found else Found(None, NOTHING)
    if found:
        return Found(found, HTML)
    for value, how in (
        (doc.meta("og:locale"), OPENGRAPH),
        (doc.meta("content-language", "language"), META),
        (doc.article.get("inLanguage"), JSON_LD),
    ):
        match = _LANGUAGE.match(text_of(value) or "")
        if match:
            return Found(match.group(1).lower(), how)
    return Found(None, NOTHING)
