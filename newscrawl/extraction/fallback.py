"""A profiled page falls back to the generic path field by field, recording who found what.

The generic reader works on the tree the profile selectors already used (parse once), and it
runs only when some field came back empty - and then reads only the fields that are missing:
most pages lack just one (no modified date), and reading all the page's metadata would cost
more than the profile's own selectors.
"""

from __future__ import annotations

from typing import Any

from newscrawl.extraction.document import Document
from newscrawl.extraction.draft import ArticleDraft
from newscrawl.extraction.generic.content import generic_content
from newscrawl.extraction.generic.draft import section_slugs
from newscrawl.extraction.generic.metadata import (
    FIELD_READERS,
    GenericMetadata,
    featured_image,
    read_sections,
    refined_published,
)
from newscrawl.extraction.provenance import CONTENT, PROFILE

# the fields a profile selector fills (the draft's attributes carry the output's names)
PROFILE_FIELDS = ("title", "lead", "published_at", "modified_at", "authors", "source", "tags",
                  "sections")  # fmt: skip


def complete_from_generic(draft: ArticleDraft, doc: Document, url: str) -> None:
    """Mark what the profile found as `profile`; fill what it missed from the generic path."""
    for name in PROFILE_FIELDS:
        if getattr(draft, name):
            draft.provenance[name] = PROFILE
    if draft.published_at:  # the same rule as the generic path's: a bogus offset is fixed
        refined = refined_published(doc, draft.published_at)
        if refined is not None:
            draft.published_at, draft.provenance["published_at"] = refined
    if draft.content is not None:
        draft.provenance["body"] = PROFILE
    if draft.images:
        draft.provenance["images"] = PROFILE
    readable = FIELD_READERS.keys() | {"sections"}  # the generic path never finds a source
    missing = [n for n in PROFILE_FIELDS if not getattr(draft, n) and n in readable]
    if not missing and draft.content is not None and draft.images:
        return
    article = doc.article
    for name in missing:
        value, how = _read_field(name, doc, article, url)
        if value:
            setattr(draft, name, value)
            draft.provenance[name] = how
    if draft.content is None:
        draft.content = generic_content(doc, url)
        draft.provenance["body"] = CONTENT
    if not draft.images:
        image, how = featured_image(doc, article, url)
        if image is not None:
            draft.images = [image]
            draft.provenance["images"] = how


def _read_field(name: str, doc: Document, article: dict[str, Any], url: str) -> tuple[Any, str]:
    """One field as the generic reading (`generic_metadata`) would give it, with its method."""
    if name == "sections":
        section, sections, how = read_sections(doc, article, url)
        return section_slugs(GenericMetadata(section=section, sections=sections)), how
    return FIELD_READERS[name](doc, article, url)
