"""A profiled page falls back to the generic path field by field, recording who found what.

The generic reader works on the tree the profile selectors already used (parse once), and it
runs only when some field came back empty.
"""

from __future__ import annotations

from lxml.html import HtmlElement

from newscrawl.extraction.draft import ArticleDraft
from newscrawl.extraction.generic.content import generic_content
from newscrawl.extraction.generic.draft import section_slugs
from newscrawl.extraction.generic.metadata import GenericMetadata, generic_metadata
from newscrawl.extraction.generic.page import read_page
from newscrawl.extraction.provenance import CONTENT, PROFILE

# output field -> ArticleDraft attribute, for the fields a profile selector fills
DRAFT_ATTRIBUTES = {
    "title": "title",
    "lead": "lead",
    "published_at": "published",
    "modified_at": "modified",
    "authors": "bylines",
    "source": "source",
    "tags": "tags",
    "sections": "sections",
}


def complete_from_generic(draft: ArticleDraft, root: HtmlElement, url: str) -> None:
    """Mark what the profile found as `profile`; fill what it missed from the generic path."""
    for name, attribute in DRAFT_ATTRIBUTES.items():
        if getattr(draft, attribute):
            draft.provenance[name] = PROFILE
    if draft.content is not None:
        draft.provenance["body"] = PROFILE
    if draft.images:
        draft.provenance["images"] = PROFILE
    missing = [n for n, a in DRAFT_ATTRIBUTES.items() if not getattr(draft, a)]
    if not missing and draft.content is not None and draft.images:
        return
    page = read_page(root)
    meta = generic_metadata(root, url, page)
    _fill_fields(draft, meta, missing)
    if draft.content is None:
        draft.content = generic_content(root, url, page)
        draft.provenance["body"] = CONTENT
    if not draft.images and meta.image is not None:
        draft.images = [meta.image]
        draft.provenance["images"] = meta.sources.get("images", "")


def _fill_fields(draft: ArticleDraft, meta: GenericMetadata, missing: list[str]) -> None:
    found: dict[str, object] = {
        "title": meta.title,
        "lead": meta.lead,
        "published_at": meta.published,
        "modified_at": meta.modified,
        "authors": list(meta.authors),
        "source": meta.source,
        "tags": list(meta.tags),
        "sections": section_slugs(meta),
    }
    for name in missing:
        if found[name]:
            setattr(draft, DRAFT_ATTRIBUTES[name], found[name])
            draft.provenance[name] = meta.sources.get(name, "")
