"""A second opinion on a page's story text, from trafilatura, where the content finder found
none: the page's body is then taken from it rather than the page refused as `empty_body`.

Measured on the three real-page sets (benchmarks/extraction_quality.py): the finder comes back
empty on 0 of 181, 11 of 450 and 9 of 491 pages; trafilatura finds at least 200 characters on
every one of them. It runs only then (a few pages in a hundred), on a copy of the parsed tree:
trafilatura cleans the tree it is given, and the page's other fields are read from the same
Document.
"""

from __future__ import annotations

import copy

from newscrawl.extraction.document import Document
from newscrawl.extraction.text import collapse_whitespace


def story_paragraphs(doc: Document, url: str, title: str | None = None) -> list[str]:
    """The story's paragraphs as trafilatura reads the page (no comments), or []."""
    import trafilatura  # only for the pages that need it: it loads dateparser & co.

    text = trafilatura.extract(copy.deepcopy(doc.root), url=url, include_comments=False)
    lines = [collapse_whitespace(line) for line in (text or "").splitlines()]
    paragraphs = [line for line in lines if line]
    if paragraphs and title and paragraphs[0] == collapse_whitespace(title):
        paragraphs = paragraphs[1:]  # the headline is a field, not the body's first line
    return paragraphs
