"""The output contract: one Article per JSON line.

`Article` is the single source of truth for the feed's fields; the JSON Schema shipped in
`newscrawl/schema/article.schema.json` mirrors it and a test keeps the two in step.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from typing import Any

SCHEMA_VERSION = 2  # 2: a revision line repeats its story's id (revision, revision_of, changes)
# The keys of `Article.extraction` (which method produced each field; see provenance.py).
EXTRACTION_FIELDS = (
    "title",
    "lead",
    "authors",
    "source",
    "published_at",
    "modified_at",
    "sections",
    "tags",
    "language",
    "body",
    "images",
)
# Beside the methods: the method of a second source that states the same publication moment
# (null where none does, or the line has no date): a solid date, not one source's guess.
CONFIRMED_KEY = "published_at_confirmed_by"
EXTRACTION_KEYS = (*EXTRACTION_FIELDS, CONFIRMED_KEY)


@dataclass(slots=True)
class Image:
    url: str
    caption: str | None = None
    credit: str | None = None


@dataclass(slots=True)
class Article:
    id: str
    url: str
    site: str
    section: str | None
    sections: list[str]
    title: str
    lead: str | None
    authors: list[str]
    source: str | None
    published_at: str | None
    modified_at: str | None
    language: str | None
    body: str
    images: list[Image]
    tags: list[str]
    word_count: int
    content_hash: str
    crawled_at: str
    schema_version: int = SCHEMA_VERSION
    duplicate_of: str | None = None  # id of the first copy of the story (policy "mark")
    revision: int = 1  # 1 for a story's first line; each changed re-fetch emits the next
    revision_of: str | None = None  # content_hash of the story's line before this revision
    changes: dict[str, Any] | None = None  # what changed since that line (revisions.py)
    # field -> method that produced it ("profile", "generic:json-ld", ...; see provenance.py)
    extraction: dict[str, str | None] = field(
        default_factory=lambda: dict.fromkeys(EXTRACTION_KEYS)
    )

    def to_record(self) -> dict[str, Any]:
        """The JSON object written to the feed (what downstream programs read).

        Built field by field: `dataclasses.asdict` deep-copies recursively and cost more than
        the schema check per item.
        """
        record = {name: getattr(self, name) for name in _FIELD_NAMES}
        for name in _LIST_FIELDS:
            record[name] = list(record[name])
        record["images"] = [{n: getattr(i, n) for n in _IMAGE_FIELDS} for i in self.images]
        record["extraction"] = dict(self.extraction)
        return record


def output_fields() -> list[str]:
    """Field order of a feed line; used for FEED_EXPORT_FIELDS."""
    return [f.name for f in fields(Article)]


_FIELD_NAMES = tuple(output_fields())
_LIST_FIELDS = ("sections", "authors", "tags")
_IMAGE_FIELDS = tuple(f.name for f in fields(Image))
