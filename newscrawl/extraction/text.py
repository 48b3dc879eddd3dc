"""Visible text of an element, as a reader sees it.

Inline elements add no spaces (`<strong>Berlin</strong>,` reads "Berlin,"), but a `<br>` or a
block element inside the text is a visual break, so it becomes a space: a naive text_content()
glues the words on either side together ("UkraineDies").
"""

from __future__ import annotations

import re

from lxml.html import HtmlElement

_WHITESPACE = re.compile(r"\s+")  # str patterns match U+00A0 and other Unicode spaces
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


def collapse_whitespace(text: str) -> str:
    return _WHITESPACE.sub(" ", text).strip()


def element_text(element: HtmlElement) -> str:
    return collapse_whitespace(raw_text(element))


def raw_text(element: HtmlElement) -> str:
    """Visible text with breaks as spaces but whitespace not yet collapsed."""
    parts: list[str] = []
    _collect(element, parts, top=True)
    return "".join(parts)


def _collect(element: HtmlElement, parts: list[str], *, top: bool = False) -> None:
    tag = element.tag if isinstance(element.tag, str) else ""
    if tag in _INVISIBLE:
        return
    breaking = not top and tag in _BREAKING
    if breaking:
        parts.append(" ")
    if element.text and tag:
        parts.append(element.text)
    for child in element:
        _collect(child, parts)
        if child.tail:
            parts.append(child.tail)
    if breaking:
        parts.append(" ")
