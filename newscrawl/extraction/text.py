"""Visible text of an element, as a reader sees it.

Inline elements add no spaces (`<strong>Berlin</strong>,` reads "Berlin,"), but a `<br>` or a
block element inside the text is a visual break, so it becomes a space: a naive text_content()
glues the words on either side together ("UkraineDies").

Rendering runs tens of thousands of times per thousand articles, so the common cases take a
C-level path: a subtree with nothing that breaks or hides text reads exactly like libxml2's
own text content, and leaf children are read without a recursive call.
"""

from __future__ import annotations

import re

from lxml import etree
from lxml.html import HtmlElement

_BREAKING = frozenset(
    [
        "br",
        "p",
        "div",
        "li",
        "ul",
        "ol",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "blockquote",
        "figure",
        "figcaption",
        "section",
        "article",
        "aside",
        "header",
        "footer",
        "table",
        "tr",
        "td",
        "th",
        "dd",
        "dt",
        "hr",
    ]
)
_INVISIBLE = frozenset({"script", "style", "noscript", "template"})
# In an element's XML serialisation: a descendant that breaks or hides text, or any `&` (an
# entity reference, which libxml2 would expand, serialises like an escaped character).
_NOT_PLAIN = re.compile("<(?:" + "|".join(sorted(_BREAKING | _INVISIBLE)) + r")[\s/>]|&")
_FEW_CHILDREN = 4  # below this, walking the children costs less than asking libxml2


# C0 control characters but tab, line feed and carriage return, and DEL: never text a reader
# sees, yet a hostile (or broken) page can put BEL or ESC into a title or body.
CONTROL_BYTES = bytes([*range(0x09), 0x0B, 0x0C, *range(0x0E, 0x20), 0x7F])
# Invisible format characters a page sets for the browser's line breaking, never shown as
# text: soft hyphens ("Ver\u00adöffent\u00adlichung"), zero-width spaces, the word joiner and
# a stray byte-order mark. Left in, they split words for every search and comparison.
# (Zero-width (non-)joiners stay: they change how Persian, Indic scripts and emoji render.)
_INVISIBLE_FORMAT = "\u00ad\u200b\u2060\ufeff"
# Bidirectional embeddings, overrides and isolates (LRE RLE PDF LRO RLO, LRI RLI FSI PDI): they
# reorder how the text around them is shown ("Trojan Source"), so a title can read otherwise
# than it is. (The left-to-right and right-to-left marks stay: they carry no state.)
_BIDI_CONTROLS = [*range(0x202A, 0x202F), *range(0x2066, 0x206A)]
# Noncharacters (U+FDD0..U+FDEF and the last two code points of every plane) and lone
# surrogates: never text, and U+FFFE, U+FFFF and surrogates are not XML characters at all, so
# one of them makes a whole XML feed unreadable.
_NONCHARACTERS = [
    *range(0xFDD0, 0xFDF0),
    *(plane + last for plane in range(0, 0x110000, 0x10000) for last in (0xFFFE, 0xFFFF)),
    *range(0xD800, 0xE000),
]
_CONTROLS = dict.fromkeys(
    [*CONTROL_BYTES, *map(ord, _INVISIBLE_FORMAT), *_BIDI_CONTROLS, *_NONCHARACTERS]
)


def strip_controls(text: str) -> str:
    """`text` without C0 control characters (tab and line breaks stay), invisible format
    characters (soft hyphens, zero-width spaces), bidirectional overrides and isolates, and
    noncharacters or lone surrogates.

    Every one of them is a non-printable code point, so printable text (nearly all of it) is
    returned as it is without a scan.
    """
    return text.translate(_CONTROLS) if not text.isprintable() else text


def cut_text(text: str, limit: int) -> str:
    """`text` within `limit` characters: cut at the last space before the limit when one is
    near it (in its last fifth), else at the limit itself."""
    if len(text) <= limit:
        return text
    head = text[:limit]
    space = head.rfind(" ")
    return (head[:space] if space >= limit * 4 // 5 else head).rstrip()


def collapse_whitespace(text: str) -> str:
    """Runs of Unicode whitespace to one space, trimmed.

    str.split() and the regex `\\s` agree on every code point (both use str.isspace), so this
    equals `re.sub(r"\\s+", " ", text).strip()` at a fraction of the cost.
    """
    return " ".join(text.split())


def element_text(element: HtmlElement) -> str:
    return " ".join(raw_text(element).split())


def raw_text(element: HtmlElement) -> str:
    """Visible text with breaks as spaces but whitespace not yet collapsed."""
    tag = element.tag
    if not isinstance(tag, str) or tag in _INVISIBLE:
        return ""  # a comment's or a script's own text is never shown
    if len(element) >= _FEW_CHILDREN and _plain(element):
        return etree.tostring(element, method="text", encoding=str, with_tail=False)
    if not len(element):
        return element.text or ""
    parts: list[str] = []
    _collect(element, parts)
    return "".join(parts)


def _plain(element: HtmlElement) -> bool:
    """Nothing below breaks or hides text, so libxml2's text content is what a reader sees."""
    for child in (element[0], element[-1]):  # the usual container: settled without serialising
        if child.tag in _BREAKING or child.tag in _INVISIBLE:
            return False
    serialised = etree.tostring(element, encoding=str, with_tail=False)
    return _NOT_PLAIN.search(serialised, serialised.index(">") + 1) is None  # after its own tag


def _collect(element: HtmlElement, parts: list[str]) -> None:
    """Text of a visible element and its children; a breaking child is wrapped in spaces."""
    if element.text:
        parts.append(element.text)
    for child in element:
        tag = child.tag
        if isinstance(tag, str) and tag not in _INVISIBLE:
            breaking = tag in _BREAKING
            if breaking:
                parts.append(" ")
            if len(child):
                _collect(child, parts)
            elif child.text:
                parts.append(child.text)
            if breaking:
                parts.append(" ")
        if child.tail:
            parts.append(child.tail)
