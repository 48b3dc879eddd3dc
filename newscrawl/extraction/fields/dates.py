"""When the story was published and last changed: the profile's selectors (refined by the
metadata where it states the same moment more exactly), else the date the page shows beside
its headline, JSON-LD, OpenGraph, other `<meta>` conventions, `<time>`, and htmldate's reading.

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
from collections.abc import Callable
from datetime import time
from functools import partial

from lxml.html import HtmlElement

from newscrawl.extraction.dates import (
    PUBLISHED_LABEL,
    UPDATED_LABEL,
    labelled_date,
    month_first_reading,
    parse_date,
    refines,
    same_moment,
    written_date,
)
from newscrawl.extraction.document import Document
from newscrawl.extraction.fields.found import NOTHING, Found, first, selected
from newscrawl.extraction.fields.headline import RUNNING_TEXT, near_headline
from newscrawl.extraction.generic.jsonld import text_of
from newscrawl.extraction.generic.markup import time_value
from newscrawl.extraction.provenance import HTML, JSON_LD, META, OPENGRAPH, PROFILE, URL
from newscrawl.extraction.text import element_text
from newscrawl.urls import date_in_url

for _noisy in ("htmldate", "dateparser"):  # one line per page it reads, at DEBUG and above
    logging.getLogger(_noisy).setLevel(logging.WARNING)

# Where a page names its publication time in <meta>: OpenGraph, then other conventions
PUBLISHED_OPENGRAPH = ("article:published_time", "og:published_time")
PUBLISHED_META = (
    "datepublished", "date", "pubdate", "publishdate", "publish-date", "dc.date",
    "dc.date.issued", "dcterms.created", "parsely-pub-date", "sailthru.date",
)  # fmt: skip

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


def page_timezone(language: str | None, profile_timezone: str | None) -> str:
    """The zone of the page's local times: the profile's, else its language's, else UTC."""
    return profile_timezone or _ZONE_OF_LANGUAGE.get(language or "", "UTC")


def read_published(
    doc: Document, selectors: tuple[str, ...] = (), url: str = ""
) -> tuple[Found, str]:
    """The publication date (`_published`) and the method of a second source that states the
    same moment (`confirmed_by`). The date shown beside the headline is read only where one
    of the two needs it: not where the profile's selector read the page's markup, which the
    shown date cannot confirm."""
    by_profile, reader = _profile_reading(doc, selectors)
    found = _published(doc, by_profile, url)
    return found, confirmed_by(doc, found, (by_profile, reader), url)


def _profile_reading(doc: Document, selectors: tuple[str, ...]) -> tuple[Found, str | None]:
    """What the profile's selectors read (the first that reads a value, as `selected`), and
    that selector: each is run once for the value and for what confirms it."""
    for selector in selectors:
        value = doc.first((selector,))
        if value:
            return Found(value, PROFILE), selector
    return Found(None, NOTHING), None


def _published(doc: Document, found: Found, url: str) -> Found:
    """What the profile's selector read (`found`) first, else the date shown beside the
    headline; either gives way to the metadata where that states the same moment more exactly
    (dates.refines); else the metadata, `<time>` and htmldate."""
    if found.value:
        return refined_published(doc, found.value) or found
    shown = shown_date(doc)
    for reading in (shown, _other_reading(doc)) if shown is not None else ():
        if reading is not None and (refined := refined_published(doc, reading)) is not None:
            return refined  # the metadata states that day, to its time
    found = _first_date((shown, HTML), *_stated_published(doc))
    if found.value is not None:
        if shown is None and (saved := _published_before_save(doc, found.value)) is not None:
            return Found(saved, HTML)
        return found
    return first(
        (_stamped(doc), HTML),
        (_labelled(doc), HTML),
        (page_date(doc, url or None), HTML),
    )


def confirmed_by(
    doc: Document,
    found: Found,
    by_profile: tuple[Found, str | None],
    url: str,
) -> str:
    """The method of a second source that states the publication moment `found` holds (the
    same instant, or the same day where one names no time: dates.same_moment), else NOTHING:
    a date two sources agree on is solid, one source's date is a guess.

    The sources are the profile's selector, the page's shown date and `<time>` (one source,
    `generic:html`), JSON-LD, OpenGraph, other `<meta>` and the date in the URL. A source
    never confirms itself: not by the same method, not the kind of element a profile's
    selector read (its markup, or its `<meta>`), not the URL for htmldate's reading (which
    reads the URL too). Each source is read only when the ones before it did not confirm.
    """
    if not found.value:
        return NOTHING
    itself = {found.method}
    if found.method == HTML and found.value not in (shown_date(doc), _stamped(doc)):
        itself.add(URL)  # htmldate's reading
    elif found.method == PROFILE:
        itself.update(_read_by(by_profile[1]))
    candidates: list[tuple[Callable[[], str | None], str]] = [
        (lambda: by_profile[0].value, PROFILE),
        (lambda: shown_date(doc), HTML),
        (lambda: _other_reading(doc), HTML),  # "09.10.2024" read month first
        (lambda: _stamped(doc), HTML),
        *((partial(_given, value), how) for value, how in _stated_published(doc)),
        (lambda: _url_date(url), URL),
    ]
    for read, how in candidates:
        if how in itself or not (value := read()):
            continue
        if same_moment(found.value, value) or refines(value, found.value):
            return how
    return NOTHING


def _published_before_save(doc: Document, stated: str) -> str | None:
    """The publication date the page's text labels ("Published August 13, 2025") where it
    names an earlier day than metadata whose publication and last change are one instant,
    to the second: a CMS that stamps both with its last save (a Drupal page's JSON-LD
    `datePublished` = `dateModified` = `dateCreated`, months after the story appeared). The
    metadata's instant is the page's change then; the label is what a reader is told."""
    saved = parse_date(stated)
    modified = _first_date(*_stated_modified(doc)).value
    if saved is None or saved.time() == time(0) or modified is None:
        return None
    if parse_date(modified) != saved or not saved.second + saved.microsecond:
        return None  # not one instant to the second (a value set to the minute by hand)
    labelled = labelled_date(_page_text(doc), published_only=True)
    shown = parse_date(labelled) if labelled else None
    return labelled if shown is not None and shown.date() < saved.date() else None


def _given(value: str | None) -> str | None:
    return value


def _stamped(doc: Document) -> str | None:
    """The publication date of the page's `<time>` element, read once per page."""
    return doc.reading(_stamped, lambda: time_value(doc.root, "publish"))


def _url_date(url: str) -> str | None:
    in_url = date_in_url(url) if url else None
    return in_url.isoformat() if in_url else None


def _read_by(selector: str | None) -> set[str]:
    """The methods whose sources the profile's matching `selector` reads: `<meta>`
    (OpenGraph and the rest), else the page's markup."""
    if selector is None:
        return set()
    return {OPENGRAPH, META} if selector.lstrip().startswith("meta") else {HTML}


def read_modified(doc: Document, selectors: tuple[str, ...] = ()) -> Found:
    found = selected(doc, selectors)
    if found.value:
        return found
    found = _first_date(*_stated_modified(doc))
    if found.value is not None:
        return found
    return first((time_value(doc.root, "updated", "modified", fallback=False), HTML))


def _first_date(*candidates: tuple[str | None, str]) -> Found:
    """The first candidate that reads as a date: a value no parser understands
    ("Thu, 09/25/2025 - 11:38") gives way to the next source instead of leaving none."""
    return first(*((value, how) for value, how in candidates if value and parse_date(value)))


def _stated_published(doc: Document) -> list[tuple[str | None, str]]:
    """The publication dates the page's metadata states, in order of trust."""
    return [
        (_json_ld(doc, "datePublished"), JSON_LD),
        (doc.meta(*PUBLISHED_OPENGRAPH), OPENGRAPH),
        (doc.meta(*PUBLISHED_META), META),
    ]


def _json_ld(doc: Document, name: str) -> str | None:
    """The article object's date `name`, else the page object's (a WordPress SEO plugin's
    @graph may state the dates on its WebPage and leave them off the Article)."""
    return text_of(doc.article.get(name)) or text_of(doc.web_page.get(name))


def states_publication(doc: Document, *, other_meta: bool = True) -> bool:
    """The page's structured data names when it was published: JSON-LD `datePublished`,
    OpenGraph's `article:published_time` and, unless `other_meta` is False, the other
    `<meta>` conventions (the evidence of a story that page recognition weighs)."""
    names = PUBLISHED_OPENGRAPH + (PUBLISHED_META if other_meta else ())
    return bool(doc.article.get("datePublished") or doc.meta(*names))


def _stated_modified(doc: Document) -> list[tuple[str | None, str]]:
    """The last-change dates the page's metadata states, in order of trust."""
    return [
        (_json_ld(doc, "dateModified"), JSON_LD),
        (doc.meta("article:modified_time", "og:updated_time"), OPENGRAPH),
        (doc.meta("datemodified", "dcterms.modified"), META),
    ]


def refined_published(doc: Document, shown: str) -> Found | None:
    """The metadata's publication date where it states the moment `shown` (a date the page
    shows, or a profile's selector read) more exactly (dates.refines), else None."""
    for value, how in _stated_published(doc):
        if value and refines(shown, value):
            return Found(value, how)
    return None


# --- the date shown beside the headline --------------------------------------------------------

_LABEL_REACH = 40  # the label "Last updated:" may stand in the text just before the date
_UPDATED = re.compile(rf"\b(?:{UPDATED_LABEL})\b", re.IGNORECASE)
_PUBLISHED = re.compile(rf"\b(?:{PUBLISHED_LABEL})\b", re.IGNORECASE)


def shown_date(doc: Document, headline: HtmlElement | None = None) -> str | None:
    """The date the page shows beside `headline`, by default its first `<h1>` (ISO 8601),
    or None.

    A date labelled as an update ("Updated", "Aktualisiert", "Stand") is taken only where the
    page shows no other: it is then the date the page presents itself with.
    """
    published, updated, _ = _shown_dates(doc, headline)
    return published or updated


def shown_publication_date(doc: Document, headline: HtmlElement | None = None) -> str | None:
    """The date the page shows beside `headline` that is not labelled as an update ("Last
    updated: …", which documentation and service pages show), or None."""
    return _shown_dates(doc, headline)[0]


def _other_reading(doc: Document) -> str | None:
    """The shown date read the other way where it is written in numbers day first and could
    be month first ("09.10.2024" on an American site: 10 September), or None. Taken only
    where the metadata states that other day: the page's own statement settles the order."""
    return _shown_dates(doc, None)[2]


def _shown_dates(
    doc: Document, headline: HtmlElement | None
) -> tuple[str | None, str | None, str | None]:
    """The first publication date and the first update date shown beside `headline`, and the
    other reading of the one `shown_date` takes (month_first_reading), read once per page
    and headline (from the text beside it, itself read once: near_headline)."""
    found = headline if headline is not None else doc.headline
    return doc.reading((_shown_dates, found), lambda: _read_shown_dates(doc, found))


def _read_shown_dates(
    doc: Document, headline: HtmlElement | None
) -> tuple[str | None, str | None, str | None]:
    published: str | None = None
    updated: str | None = None
    other: dict[bool, str | None] = {}
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
                if updated is None:
                    updated, other[False] = value, month_first_reading(piece.text)
            else:
                published, other[True] = value, month_first_reading(piece.text)
                break
        if piece.time is None:
            before = piece.text
    return published, updated, other.get(published is not None)


def _is_update(own: str, before: str) -> bool:
    """Labelled as an update: by its own words, else (only where it has none) by the text
    just before it ("Last updated:" in the element before the date)."""
    if _UPDATED.search(own):
        return True
    return _PUBLISHED.search(own) is None and _UPDATED.search(before) is not None


def _labelled(doc: Document) -> str | None:
    """A date the page's text labels as its publication, else as its update ("Last updated:
    June 2022" at the foot of a guide), anywhere in its visible text: where the page states
    no date in its metadata, beside its headline or in a <time>, a label says more than the
    page's earliest date (htmldate's guess: a cited study's, a copyright year's)."""
    return labelled_date(_page_text(doc))


def _page_text(doc: Document) -> str:
    """The visible text of the page's body, where its labels are read."""
    body = doc.root.find("body")
    return element_text(body if body is not None else doc.root)


def page_date(doc: Document, url: str | None = None) -> str | None:
    """The day the page was first published, as htmldate finds it (YYYY-MM-DD; the URL's own
    date counts too), or None."""
    from htmldate import find_date  # on first use: it loads dateparser

    try:
        found = find_date(copy.deepcopy(doc.root), url=url, original_date=True)
    except (ValueError, TypeError, OverflowError):
        return None
    return found or None
