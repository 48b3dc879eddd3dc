"""A cleaned body tree to paragraphs in reading order, with figures moved into images."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from lxml.html import HtmlElement

from newscrawl.extraction.images import image_from_element
from newscrawl.extraction.text import collapse_whitespace, element_text, raw_text
from newscrawl.items import Image

_PARAGRAPHS = frozenset(
    ["p", "h1", "h2", "h3", "h4", "h5", "h6", "li", "pre", "dd", "dt", "blockquote", "address"]
)
_INLINE = frozenset(
    [
        "a",
        "abbr",
        "b",
        "bdi",
        "bdo",
        "br",
        "cite",
        "code",
        "data",
        "dfn",
        "em",
        "i",
        "kbd",
        "mark",
        "q",
        "s",
        "samp",
        "small",
        "span",
        "strong",
        "sub",
        "sup",
        "time",
        "u",
        "var",
        "wbr",
        "font",
        "del",
        "ins",
    ]
)
_FIGURE_CLASS = re.compile(r"\b(wp-caption|wp-block-image|image-box|figure|media-image)\b")


@dataclass(slots=True)
class BodyParts:
    paragraphs: list[str] = field(default_factory=list)
    images: list[Image] = field(default_factory=list)


def body_parts(
    content: HtmlElement,
    base_url: str,
    *,
    title: str | None = None,
    credit_selectors: tuple[str, ...] = (),
    strip_text: tuple[str, ...] = (),
) -> BodyParts:
    parts = BodyParts()
    _walk(content, parts, base_url, credit_selectors)
    unwanted = [re.compile(p) for p in strip_text]
    parts.paragraphs = [
        p
        for p in without_headline(parts.paragraphs, title)
        if not any(u.search(p) for u in unwanted)
    ]
    return parts


def without_headline(paragraphs: list[str], title: str | None) -> list[str]:
    """The paragraphs without empty ones and without the headline repeated."""
    title_key = _key(title or "")
    title_start = title_key.split(" ", 1)[0]
    return [p for p in paragraphs if p and not _repeats(p, title_key, title_start)]


_WORD = re.compile(r"[^\W_]+")


def _key(text: str) -> str:
    return re.sub(r"[\W_]+", " ", text).strip().casefold()


def _repeats(paragraph: str, title_key: str, title_start: str) -> bool:
    """Whether the paragraph is the headline again, by `_key`.

    Equal keys start with the same casefolded word (casefold works character by character
    and never yields a space), so most paragraphs are told apart by their first word alone.
    """
    first = _WORD.search(paragraph)
    if (first.group().casefold() if first else "") != title_start:
        return False
    return _key(paragraph) == title_key


def _is_figure(element: HtmlElement) -> bool:
    return element.tag == "figure" or bool(_FIGURE_CLASS.search(element.get("class") or ""))


def _walk(container: HtmlElement, parts: BodyParts, base: str, credits: tuple[str, ...]) -> None:
    run: list[str] = [container.text or ""]
    for child in container:
        tag = child.tag if isinstance(child.tag, str) else ""
        if tag in _INLINE and next(child.iter("img"), None) is None:
            run.append(" " if tag == "br" else raw_text(child))
        else:
            _flush(run, parts)
            _block(child, tag, parts, base, credits)
        run.append(child.tail or "")
    _flush(run, parts)


def _block(
    child: HtmlElement, tag: str, parts: BodyParts, base: str, credits: tuple[str, ...]
) -> None:
    if not tag:
        return
    if _is_figure(child) or tag == "img":
        image = image_from_element(child, base, credits)
        if image is not None:
            parts.images.append(image)
    elif tag in _PARAGRAPHS and not _has_block_children(child):
        parts.paragraphs.append(element_text(child))
    else:
        _walk(child, parts, base, credits)


def _has_block_children(element: HtmlElement) -> bool:
    return any(
        isinstance(c.tag, str) and (c.tag in _PARAGRAPHS or c.tag in ("div", "figure", "ul", "ol"))
        for c in element
    )


def _flush(run: list[str], parts: BodyParts) -> None:
    text = collapse_whitespace("".join(run))
    if text:
        parts.paragraphs.append(text)
    run.clear()
