"""The page cut into text blocks in reading order, each with what scoring needs to know.

A block is either a text element holding no other block (a `<p>`, an `<li>` of plain text)
or a run of loose text and inline elements inside a container (`<div>text<br>text</div>`),
which older and hand-written pages use instead of paragraphs.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from itertools import accumulate

from lxml.html import HtmlElement

from newscrawl.extraction.clean import ad_boxes
from newscrawl.extraction.generic.hints import (
    BLOCK_TAGS,
    INLINE_SKIPS,
    LANDMARKS,
    SKIPPED_TAGS,
    is_hidden,
    is_negative,
)
from newscrawl.extraction.text import collapse_whitespace, element_text

_FIGURE_CLASS = re.compile(r"\b(wp-caption|wp-block-image|image-box|media-image)\b")


@dataclass(slots=True)
class Block:
    element: HtmlElement  # the text element, or the container of a loose run
    text: str
    link_chars: int
    negative: bool  # inside page furniture by its class/id
    run: list[HtmlElement] | None = None  # inline children of a loose run (None: whole element)
    lead_text: str = ""  # loose text before the run's first inline child
    order: float = 0.0  # position in reading order
    headline_link: bool = False  # opens with a linked headline, like a teaser of another story
    in_link: bool = False  # inside an <a>: a teaser wrapped whole in a link
    weight: float = 0.0

    @property
    def link_density(self) -> float:
        return self.link_chars / len(self.text) if self.text else 0.0


@dataclass(slots=True)
class PageBlocks:
    blocks: list[Block] = field(default_factory=list)
    figures: list[HtmlElement] = field(default_factory=list)
    start: dict[HtmlElement, int] = field(default_factory=dict)  # document order
    end: dict[HtmlElement, int] = field(default_factory=dict)  # order of the last descendant

    def contains(self, container: HtmlElement, element: HtmlElement) -> bool:
        return self.start[container] <= self.start[element] <= self.end[container]


def collect_blocks(root: HtmlElement) -> PageBlocks:
    """Blocks and figures of the whole page, skipping invisible and navigation subtrees.

    The page's nodes are listed once in document order (`_index`), so a subtree is skipped
    by jumping past its last node instead of testing each of its elements."""
    found = PageBlocks()
    nodes, holding = _index(root, found)
    wrappers = _misnested_landmarks(root)
    end = found.end
    position, count = 0, len(nodes)
    while position < count:
        element = nodes[position]
        tag = element.tag
        if not isinstance(tag, str):
            position += 1
        elif (tag in SKIPPED_TAGS and element not in wrappers) or is_hidden(element):
            position = end[element] + 1
        elif is_figure(element):
            if _worth_showing(element):
                found.figures.append(element)
            position = end[element] + 1
        else:
            if element in holding:
                _add_runs(element, found, holding)
            elif tag in BLOCK_TAGS:
                _add_whole(element, found)
            position += 1
    _mark_wrapped_in_links(root, found)  # first: a linked teaser is no story text
    _mark_furniture(root, found, nodes)
    return found


def _misnested_landmarks(root: HtmlElement) -> set[HtmlElement]:
    """Header, footer, nav or aside elements that hold most of the page's paragraphs.

    A page header left unclosed (or a theme that wraps the whole page in one) swallows the
    story; an element holding more than half of the page's paragraphs is a wrapper, not
    furniture, whatever its tag."""
    paragraphs = sum(1 for _ in root.iter("p"))
    if paragraphs < 3:
        return set()
    return {
        element
        for element in root.iter(*LANDMARKS)
        if 2 * sum(1 for _ in element.iter("p")) > paragraphs
    }


def _mark_wrapped_in_links(root: HtmlElement, found: PageBlocks) -> None:
    """A whole teaser wrapped in one <a> is all link, though no <a> sits inside its blocks."""
    linked = {e for a in root.iter("a") for e in a.iter() if e is not a}
    if linked:
        for block in found.blocks:
            if block.element in linked:
                block.in_link = True
                block.link_chars = len(block.text)


def _mark_furniture(root: HtmlElement, found: PageBlocks, nodes: list[HtmlElement]) -> None:
    """Flag blocks inside elements whose class/id names page furniture, inside boxes an ad
    label heads, and inside forms (sign-up, comment and search boxes). A figure's own class
    ("wp-caption") names a figure.

    A name alone is weak evidence (`has-sidebar` on the page wrapper): an element holding
    a large share of the page's running text is the story's home, whatever it is called.
    An element's share is the running text of the blocks within its span of the document
    order (`nodes`, with `found.start`/`found.end`), summed once for all elements.
    """
    start, end = found.start, found.end
    sizes = [0] * len(nodes)
    for block in found.blocks:
        if len(block.text) >= 80 and block.link_density < 0.5:
            sizes[start[block.element]] += len(block.text)
    story = list(accumulate(sizes, initial=0))  # story[i]: the text of blocks before node i
    limit = 0.4 * (story[end[root] + 1] - story[start[root]])
    boxes = set(ad_boxes(root))
    inside = bytearray(len(nodes))  # 1: a node of furniture
    position, count = 0, len(nodes)
    while position < count:
        element = nodes[position]
        last = end[element]
        if element in boxes or (
            isinstance(element.tag, str)
            and story[last + 1] - story[position] <= limit
            and (element.tag == "form" or (is_negative(element) and not is_figure(element)))
        ):
            inside[position : last + 1] = b"\x01" * (last + 1 - position)
            position = last + 1
        else:
            position += 1
    for block in found.blocks:
        block.negative = bool(inside[start[block.element]])
    found.figures = [f for f in found.figures if not inside[start[f]]]


def is_figure(element: HtmlElement) -> bool:
    if element.tag in ("figure", "img", "picture"):
        return True
    return bool(_FIGURE_CLASS.search(element.get("class") or ""))


def _worth_showing(element: HtmlElement) -> bool:
    """Not a tracking pixel or an icon: an image declared tiny is no figure."""
    img = element if element.tag == "img" else next(element.iter("img"), None)
    if img is None:
        return False
    sizes = [img.get("width") or "", img.get("height") or ""]
    return not any(s.isdigit() and int(s) < 80 for s in sizes)


def _add_whole(element: HtmlElement, found: PageBlocks) -> None:
    text = element_text(element)
    if text:
        links = sum(len(element_text(a)) for a in element.iter("a"))
        block = Block(element, text, links, False, order=found.start[element])
        block.headline_link = _opens_with_link(element.text, list(element))
        found.blocks.append(block)


def _add_runs(element: HtmlElement, found: PageBlocks, holding: set[HtmlElement]) -> None:
    """Loose text between the block children of a container, one block per run."""
    run: list[HtmlElement] = []
    lead, order = element.text or "", found.start[element] + 0.5
    for child in element:
        tag = child.tag if isinstance(child.tag, str) else ""
        if tag in BLOCK_TAGS or child in holding or (tag and is_figure(child)):
            _close_run(element, (run, lead, order), found)
            run, lead, order = [], child.tail or "", found.end[child] + 0.5
        elif tag and tag not in SKIPPED_TAGS:
            run.append(child)
        elif child.tail:
            lead += " " + child.tail if not run else ""
    _close_run(element, (run, lead, order), found)


def _close_run(
    parent: HtmlElement,
    piece: tuple[list[HtmlElement], str, float],
    found: PageBlocks,
) -> None:
    run, lead, order = piece
    pieces = [lead] + [element_text(c) + " " + (c.tail or "") for c in run]
    text = collapse_whitespace(" ".join(pieces))
    if not text:
        return
    links = sum(len(element_text(a)) for c in run for a in c.iter("a"))
    block = Block(parent, text, links, False, run=run, lead_text=lead, order=order)
    block.headline_link = _opens_with_link(lead, run)
    found.blocks.append(block)


def _opens_with_link(lead: str | None, children: list[HtmlElement]) -> bool:
    if (lead or "").strip() or not children:
        return False
    first = children[0]
    while first.tag != "a" and len(first) and not (first.text or "").strip():
        first = first[0]
    return first.tag == "a" and len(element_text(first)) >= 15


def _index(root: HtmlElement, found: PageBlocks) -> tuple[list[HtmlElement], set[HtmlElement]]:
    """The page's nodes in document order, with each one's position and that of its last
    descendant (`found.start`, `found.end`), and the elements with a block somewhere below
    them."""
    nodes = list(root.iter())
    start = found.start = {node: i for i, node in enumerate(nodes)}
    end = found.end
    holding: set[HtmlElement] = set()
    for node in reversed(nodes):
        end[node] = end[node[-1]] if len(node) else start[node]
        tag = node.tag
        if not isinstance(tag, str) or tag in INLINE_SKIPS:
            continue
        parent = node.getparent()
        if parent is not None and (
            tag in BLOCK_TAGS or tag in SKIPPED_TAGS or node in holding or is_figure(node)
        ):
            holding.add(parent)
    return nodes, holding
