"""The dates a page states: the one it shows beside its headline, else htmldate's reading.

A reader takes a story's date from the line beside its headline ("Published 3 March 2025",
"Aktualisiert am 04.12.2026", a `<time>` under the `<h1>`). Structured data often disagrees
with that line: a CMS keeps the `datePublished` of a first draft, a guide re-dated on every
update keeps the old one, and an `article:published_time` in UTC names the next day for an
evening story in America. Read first, the shown date raises the share of the 2025-2026 set's
pages dated with the reader's day from 0.864 to 0.944 (`benchmarks/extraction_quality.py`).

htmldate reads what a page shows (dates in the URL, in text near the headline, in markup of
many CMSs) for pages that name no date themselves: on the same set it finds the publication
day of 89 % of the pages, where JSON-LD, OpenGraph, <meta> and <time> alone give 70 %. It runs
on a copy of the tree (it prunes the tree it reads).
"""

from __future__ import annotations

import copy
import logging
import re

from lxml.html import HtmlElement

from newscrawl.extraction.dates import written_date
from newscrawl.extraction.document import Document
from newscrawl.extraction.generic.headline import RUNNING_TEXT, near_headline

for _noisy in ("htmldate", "dateparser"):  # one line per page it reads, at DEBUG and above
    logging.getLogger(_noisy).setLevel(logging.WARNING)

_LABEL_REACH = 40  # the label "Last updated:" may stand in the text just before the date
_UPDATED = re.compile(
    r"\b(?:(?:last\s+)?updated|modified|reviewed|aktualisiert|geändert|stand|mis à jour)\b",
    re.IGNORECASE,
)
_PUBLISHED = re.compile(
    r"\b(?:published|posted|veröffentlicht|erschienen|publié|publiziert)\b", re.IGNORECASE
)


def shown_date(doc: Document, headline: HtmlElement | None = None) -> str | None:
    """The date the page shows beside `headline`, by default its first `<h1>` (ISO 8601),
    or None.

    A date labelled as an update ("Updated", "Aktualisiert", "Stand") is taken only where the
    page shows no other: it is then the date the page presents itself with.
    """
    published, updated = _shown_dates(doc, headline)
    return published or updated


def shown_publication_date(doc: Document, headline: HtmlElement | None = None) -> str | None:
    """The date the page shows beside `headline` that is not labelled as an update ("Last
    updated: …", which documentation and service pages show), or None."""
    return _shown_dates(doc, headline)[0]


def _shown_dates(doc: Document, headline: HtmlElement | None) -> tuple[str | None, str | None]:
    """The first publication date and the first update date shown beside `headline`."""
    published: str | None = None
    updated: str | None = None
    before = ""
    for piece in near_headline(doc, headline):
        own = piece.text
        if piece.time is not None:
            own += " " + " ".join(piece.time.itertext())
        elif len(piece.text) > RUNNING_TEXT:  # its dates are the story's subject
            before = piece.text
            continue
        if piece.in_headline:
            continue
        value = written_date(piece.text)
        if value is not None:
            if _is_update(own, before[-_LABEL_REACH:]):
                updated = updated or value
            else:
                published = value
                break
        if piece.time is None:
            before = piece.text
    return published, updated


def _is_update(own: str, before: str) -> bool:
    """Labelled as an update: by its own words, else (only where it has none) by the text
    just before it ("Last updated:" in the element before the date)."""
    if _UPDATED.search(own):
        return True
    return _PUBLISHED.search(own) is None and _UPDATED.search(before) is not None


def page_date(doc: Document, url: str | None = None) -> str | None:
    """The day the page was first published, as htmldate finds it (YYYY-MM-DD; the URL's own
    date counts too), or None."""
    from htmldate import find_date  # on first use: it loads dateparser

    try:
        found = find_date(copy.deepcopy(doc.root), url=url, original_date=True)
    except (ValueError, TypeError, OverflowError):
        return None
    return found or None
