"""Every field of an article, each read in one place, for a profiled page and any other alike:
a page no profile knows is read as by a profile with no selectors.

One module per family owns its field's whole cascade, the profile's selectors first:
`title.py` (title, lead), `dates.py` (published, modified), `people.py` (authors, source),
`taxonomy.py` (sections, tags), `media.py` (images, language). Each reader gives a `Found`
(value, method); `read_fields` collects them and the methods become the line's `extraction`.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from newscrawl.extraction.document import Document
from newscrawl.extraction.fields.dates import (
    page_timezone,
    read_modified,
    read_published,
)
from newscrawl.extraction.fields.found import Found
from newscrawl.extraction.fields.media import NO_SELECTORS, read_images, read_language
from newscrawl.extraction.fields.people import read_authors, read_source
from newscrawl.extraction.fields.taxonomy import read_sections, read_tags
from newscrawl.extraction.fields.title import read_lead, read_title
from newscrawl.extraction.profile import SiteProfile
from newscrawl.extraction.provenance import CONFIRMED
from newscrawl.items import Image
from newscrawl.urls import absolute_url


@dataclass(slots=True)
class Fields:
    """The page's fields as found (named as in the output line), with their methods."""

    title: str | None = None
    lead: str | None = None
    published_at: str | None = None
    modified_at: str | None = None
    authors: list[str] = field(default_factory=list)
    source: str | None = None
    tags: list[str] = field(default_factory=list)
    sections: list[str] = field(default_factory=list)
    language: str | None = None
    timezone: str = "UTC"
    images: list[Image] = field(default_factory=list)
    canonical_url: str | None = None
    provenance: dict[str, str] = field(default_factory=dict)  # output field -> method


def read_fields(doc: Document, url: str, profile: SiteProfile | None = None) -> Fields:
    chosen = profile.fields if profile is not None else NO_SELECTORS
    published, support = read_published(doc, chosen.published, url)
    found: dict[str, Found] = {
        "title": read_title(doc, chosen.title),
        "lead": read_lead(doc, chosen.lead),
        "published_at": published,
        "modified_at": read_modified(doc, chosen.modified),
        "authors": read_authors(doc, chosen.authors, url),
        "source": read_source(doc, chosen.source),
        "tags": read_tags(doc, chosen.tags),
        "sections": read_sections(doc, chosen.sections, url),
        "language": read_language(doc, profile),
        "images": read_images(doc, profile, url),
    }
    fields = Fields(**{name: value for name, (value, _) in found.items()})
    fields.provenance = {name: how for name, (value, how) in found.items() if value and how}
    if support:
        fields.provenance[CONFIRMED] = support
    fields.timezone = page_timezone(fields.language, profile.timezone if profile else None)
    canonical = doc.canonical or doc.meta("og:url")
    fields.canonical_url = absolute_url(url, canonical) if canonical else None
    return fields


__all__ = ["Fields", "Found", "read_fields"]
