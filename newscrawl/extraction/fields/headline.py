"""What stands around a page's headline: the byline block under it, a dateline above it.

A reader finds a story's date and author beside its headline, not in the page's metadata:
the pieces of text (and `<time>` values) within a few hundred characters of the first `<h1>`
are where the shown date (`dates.py`) and the shown byline (`people.py`) are read. Where a
page has no single `<h1>`, the heading that carries its title (`titled_headline`) is the
headline the recogniser looks beside.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from lxml.html import HtmlElement

from newscrawl.extraction.document import Document
from newscrawl.extraction.fields.title import stated_title
from newscrawl.extraction.text import element_text

# How far from the headline a piece still belongs to it, in characters of text: the byline
# block under it, or a dateline just above it (further up is navigation and tickers).
AFTER_HEADLINE = 800
BEFORE_HEADLINE = 50
RUNNING_TEXT = 120  # characters: a longer piece is running text, not a byline or a dateline
# Unread: code, and figures (a caption's date is the picture's: "… leaves port on Aug. 31")
_SILENT = frozenset(("script", "style", "noscript", "template", "figure", "figcaption"))
TITLED = 12  # characters a heading needs to be taken for the page's title
_TITLE_SHARE = 0.4  # of the page title's words a heading must hold to be its headline part
_NOT_WORD = re.compile(r"[\W_]+")


@dataclass(frozen=True, slots=True)
class Piece:
    """A text node, or the `datetime` of a `<time>`, near the headline."""

    text: str  # the text node, or a <time>'s datetime
    time: HtmlElement | None = None  # the <time> whose datetime this is
    linked: bool = False  # inside a link
    in_headline: bool = False  # a date in the headline is its subject ("Protokoll vom 5.8.")


def near_headline(doc: Document, headline: HtmlElement | None = None) -> tuple[Piece, ...]:
    """The text and <time> values within reach of `headline` (by default the page's first
    `<h1>`), in document order (none where the page has no `<h1>`); read once per page (the
    shown date, the shown byline and the recogniser each look there)."""
    if headline is None:
        headline = doc.headline
    if headline is None:
        return ()
    found = headline
    return doc.reading((near_headline, found), lambda: _near(found))


def titled_headline(doc: Document) -> HtmlElement | None:
    """The one heading (`<h1>` to `<h3>`) that carries the page's title (its OpenGraph or
    `<title>` text, or the headline part of "Headline | Site"), or None where no heading or
    several do; of several, the one `<h1>` among them (a box of the latest stories repeats
    the story's title in a lower heading). Older themes set the story's headline as a `<h2>`
    or `<h3>` under a site name in `<h1>`, or give every teaser an `<h1>`."""
    title = _words(stated_title(doc) or "")
    if len(title) < TITLED:
        return None
    found = []
    for heading in doc.root.iter("h1", "h2", "h3"):
        words = _words(_text(heading))
        if len(words) >= TITLED and words in title and len(words) >= _TITLE_SHARE * len(title):
            found.append(heading)
    if len(found) == 1:
        return found[0]
    h1 = [h for h in found if h.tag == "h1"]
    return h1[0] if len(h1) == 1 else None


def _text(element: HtmlElement | None) -> str:
    return element_text(element) if element is not None else ""


def _words(text: str) -> str:
    return " ".join(_NOT_WORD.sub(" ", text.casefold()).split())


def _near(headline: HtmlElement) -> tuple[Piece, ...]:
    """The text and <time> values within reach of the headline, in document order. Above it,
    a date inside a link is another page's (a ticker, a teaser); below it, a date is often
    linked to the page itself (WordPress's permalink)."""
    above: list[Piece] = []
    reach = 0
    for piece in _backward(headline):
        if reach >= BEFORE_HEADLINE:
            break
        if not piece.linked:
            above.append(piece)
        reach += len(piece.text) if piece.time is None else 0
    above.reverse()
    below = [Piece(piece.text, piece.time, in_headline=True) for piece in _subtree(headline)]
    reach = sum(len(piece.text) for piece in below if piece.time is None)
    for piece in _forward(headline):
        if reach >= AFTER_HEADLINE:
            break
        below.append(piece)
        reach += len(piece.text) if piece.time is None else 0
    return (*above, *below)


def _subtree(element: HtmlElement, linked: bool = False, above: bool = False) -> Iterator[Piece]:
    """The pieces of an element and its descendants, then of its tail, in document order.
    Above the headline, a piece in one of several like items that link elsewhere (a list of
    teasers in a sidebar) counts as linked: the date there is another story's."""
    if isinstance(element.tag, str) and element.tag not in _SILENT:
        inner = linked or element.tag == "a" or (above and _teaser_item(element))
        if element.tag == "time" and element.get("datetime"):
            yield Piece(str(element.get("datetime")).strip(), element, inner)
        if element.text and element.text.strip():
            yield Piece(element.text.strip(), None, inner)
        for child in element:
            yield from _subtree(child, inner, above)
    if element.tail and element.tail.strip():
        yield Piece(element.tail.strip(), None, linked)


def _subtree_reversed(
    element: HtmlElement, linked: bool = False, above: bool = False
) -> Iterator[Piece]:
    """`_subtree`'s pieces in reverse order, lazily: of a big element before the headline
    (the page's navigation) only its end is read, as far back as the reach goes."""
    if element.tail and element.tail.strip():
        yield Piece(element.tail.strip(), None, linked)
    if isinstance(element.tag, str) and element.tag not in _SILENT:
        inner = linked or element.tag == "a" or (above and _teaser_item(element))
        for child in reversed(element):
            yield from _subtree_reversed(child, inner, above)
        if element.text and element.text.strip():
            yield Piece(element.text.strip(), None, inner)
        if element.tag == "time" and element.get("datetime"):
            yield Piece(str(element.get("datetime")).strip(), element, inner)


def _forward(start: HtmlElement) -> Iterator[Piece]:
    """From the end of `start` to the end of the page, lazily."""
    node = start
    while (parent := node.getparent()) is not None:
        for sibling in node.itersiblings():
            yield from _subtree(sibling)
        if parent.tail and parent.tail.strip():
            yield Piece(parent.tail.strip())
        node = parent


def _backward(start: HtmlElement) -> Iterator[Piece]:
    """From just before `start` to the top of the page, in reverse document order."""
    node = start
    while (parent := node.getparent()) is not None:
        linked = _in_link(parent)
        for sibling in node.itersiblings(preceding=True):
            yield from _subtree_reversed(sibling, linked, above=True)
        if isinstance(parent.tag, str) and parent.tag not in _SILENT:
            if parent.text and parent.text.strip():
                yield Piece(parent.text.strip(), None, linked)
            if parent.tag == "time" and parent.get("datetime"):
                yield Piece(str(parent.get("datetime")).strip(), parent, linked)
        node = parent


def _teaser_item(element: HtmlElement) -> bool:
    """One of several like siblings (same tag and class) that holds a link."""
    tag, kind = element.tag, element.get("class")
    return (
        any(
            sibling.tag == tag and sibling.get("class") == kind
            for sibling in (element.getprevious(), element.getnext())
            if sibling is not None
        )
        and next(element.iter("a"), None) is not None
    )


def _in_link(element: HtmlElement | None) -> bool:
    while element is not None:
        if element.tag == "a":
            return True
        element = element.getparent()
    return False
