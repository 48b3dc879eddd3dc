"""Find a page's story without knowing the site: score text blocks, pick their container.

Every block votes for all its ancestors: long, punctuated, unlinked text for, link lists and
page furniture against. The ancestor with the highest total holds the story and little else.
When the page ships its own text (JSON-LD `articleBody`), blocks are checked against it.
"""

from __future__ import annotations

import copy
import re

import lxml.html
from lxml.html import HtmlElement

from newscrawl.extraction.document import Document
from newscrawl.extraction.generic.blocks import Block, PageBlocks, collect_blocks
from newscrawl.extraction.generic.container import best_container
from newscrawl.extraction.generic.hints import HEADINGS, TEXT_BLOCKS
from newscrawl.extraction.generic.reference import Reference

_WORD = re.compile(r"\w+")
_SENTENCE = re.compile(r"[.!?…][\"'”“»«)]*(\s|$)|[。！？]")
_FURNITURE = re.compile(
    r"^(advertisement|anzeige|werbung|sponsored|share|follow us|sign up|subscribe|read more|"
    r"related|image|photo|foto|bild|getty images|copyright|©|all rights reserved|click here|"
    r"listen|watch|loading|posted|published|updated|by|von|aktualisiert|veröffentlicht)\b",
    re.IGNORECASE,
)


def generic_content(doc: Document, url: str) -> HtmlElement | None:
    """A new <div> holding copies of the story's blocks and figures, or None."""
    found = collect_blocks(doc.root)
    reference = Reference.of(doc)
    if not found.blocks:
        return reference.as_content() if reference is not None else None
    for block in found.blocks:
        block.weight = block_weight(block)
    container = best_container(found)
    if reference is not None and reference.confirms(found, container):
        for block in found.blocks:
            block.weight = reference.weight(block)
        container = best_container(found)
        chosen = [b for b in _inside(found, container) if reference.keeps(b)]
    else:
        chosen = [b for b in _inside(found, container) if keep_block(b)]
    if reference is not None and _tokens_of(chosen) < 0.3 * reference.size:
        return reference.as_content()  # the page shows its story only to scripts
    return _assemble(found, container, chosen) if chosen else None


def _tokens_of(blocks: list[Block]) -> int:
    return sum(len(_WORD.findall(b.text)) for b in blocks)


def block_weight(block: Block) -> float:
    size = len(block.text)
    if block.negative or block.link_density > 0.5:
        return -float(size)
    if block.run is None and block.element.tag in HEADINGS:
        return 0.0
    if block.headline_link and block.link_density >= 0.15:
        return -size * block.link_density  # "Headline of another story: its summary"
    if size >= 150 or (size >= 50 and _SENTENCE.search(block.text)):
        return size * (1.0 - block.link_density)
    return -0.05 * size


def keep_block(block: Block) -> bool:
    if block.negative or block.link_density > 0.5:
        return False
    if block.run is None and block.element.tag == "h1":
        return False
    return not (len(block.text) < 60 and _FURNITURE.match(block.text))


def _inside(found: PageBlocks, container: HtmlElement) -> list[Block]:
    return [b for b in found.blocks if found.contains(container, b.element)]


def _assemble(found: PageBlocks, container: HtmlElement, chosen: list[Block]) -> HtmlElement:
    items: list[tuple[float, HtmlElement]] = [(b.order, _copy_block(b)) for b in chosen]
    items += [
        (float(found.start[f]), copy.deepcopy(f))
        for f in found.figures
        if found.contains(container, f)
    ]
    content = lxml.html.Element("div")
    for _, element in sorted(items, key=lambda item: item[0]):
        element.tail = None
        content.append(element)
    return content


def _copy_block(block: Block) -> HtmlElement:
    if block.run is None and block.element.tag in TEXT_BLOCKS - {"td", "th"}:
        return copy.deepcopy(block.element)
    paragraph = lxml.html.Element("p")
    if block.run is None:
        paragraph.text = block.element.text
        children = list(block.element)
    else:
        paragraph.text = block.lead_text
        children = block.run
    for child in children:
        paragraph.append(copy.deepcopy(child))
    return paragraph
