"""Find a page's story without knowing the site: score text blocks, pick their container.

Every block votes for all its ancestors: long, punctuated, unlinked text for, link lists and
page furniture against. The ancestor with the highest total holds the story and little else.
When the page ships its own text (JSON-LD `articleBody`), blocks are checked against it.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Callable
from dataclasses import dataclass

import lxml.html
from lxml.html import HtmlElement

from newscrawl.extraction.dates import undated_words, written_date
from newscrawl.extraction.document import Document
from newscrawl.extraction.fields.title import page_summaries
from newscrawl.extraction.generic.blocks import Block, PageBlocks, collect_blocks
from newscrawl.extraction.generic.container import best_container
from newscrawl.extraction.generic.hints import (
    HEADINGS,
    TEXT_BLOCKS,
    is_negative,
    is_prompt,
    is_share_prompt,
)
from newscrawl.extraction.generic.reference import Reference
from newscrawl.extraction.text import element_text

_WORD = re.compile(r"\w+")
_SENTENCE = re.compile(r"[.!?…][\"'”“»«)]*(\s|$)|[。！？]")
_FURNITURE = re.compile(
    r"^(advertisement|anzeige|werbung|sponsored|share|follow us|sign up|subscribe|read more|"
    r"related|image|photo|foto|bild|getty images|copyright|©|all rights reserved|click here|"
    r"listen|watch|loading|posted|published|updated|by|von|aktualisiert|veröffentlicht)\b",
    re.IGNORECASE,
)


@dataclass(slots=True)
class FoundStory:
    content: HtmlElement | None  # a new <div> of copies of the story's blocks and figures
    # the share of the page's running text (blocks scored as story) inside the chosen
    # container: low when the story is spread over parts the finder did not join
    share: float = 1.0
    # a figure between the headline and the story's container: the story's lead picture
    lead_figure: HtmlElement | None = None


def generic_content(doc: Document, url: str) -> HtmlElement | None:
    """A new <div> holding copies of the story's blocks and figures, or None."""
    return find_story(doc, url).content


def find_story(doc: Document, url: str) -> FoundStory:
    """The story's content, and how much of the page's running text it holds."""
    found = collect_blocks(doc.root)
    reference = Reference.of(doc)
    if not found.blocks:
        return FoundStory(reference.as_content() if reference is not None else None)
    for block in found.blocks:
        block.weight = block_weight(block)
    links_kept = False
    if not any(block.weight > 0 for block in found.blocks):
        links_kept = _weigh_a_short_note(doc, found) is _only_a_link
    container = best_container(found)
    share = _share_inside(found, container)
    if reference is not None and reference.confirms(found, container):
        for block in found.blocks:
            block.weight = reference.weight(block)
        container = best_container(found)
        chosen = [b for b in _inside(found, container) if reference.keeps(b)]
        share = 1.0  # the page's own text confirms the blocks
    else:
        inside = _inside(found, container)
        chosen = [b for b in inside if keep_block(b) or (links_kept and b.weight > 0)]
    if reference is not None and _tokens_of(chosen) < 0.3 * reference.size:
        return FoundStory(reference.as_content())  # the page shows its story only to scripts
    summaries = {text for text in page_summaries(doc) if len(text) >= 50}
    chosen = _with_standfirst(found, chosen, summaries, doc.headline)
    content = _assemble(found, container, chosen) if chosen else None
    return FoundStory(content, share, _lead_figure(doc, found, container))


def linked_teaser_texts(doc: Document) -> frozenset[str]:
    """The texts of the page's blocks that sit inside a link: teasers of other pages wrapped
    whole in one `<a>` ("Further reading" cards with an excerpt), never the page's own text.
    (Blocks the finder merely judges furniture by their names are not given: on pages where
    the finder is unsure, those names are as often the story's own.) A text the page also
    shows outside any link (a teaser of this very story) is the page's."""
    blocks = collect_blocks(doc.root).blocks
    unlinked = {b.text for b in blocks if not b.in_link}
    return frozenset(b.text for b in blocks if b.in_link) - unlinked


def _lead_figure(doc: Document, found: PageBlocks, container: HtmlElement) -> HtmlElement | None:
    """The first figure after the headline (<h1>) and before the story's container."""
    headline = doc.headline
    if headline is None:
        return None
    after, before = found.start[headline], found.start[container]
    return next((f for f in found.figures if after < found.start[f] < before), None)


def _with_standfirst(
    found: PageBlocks, chosen: list[Block], summaries: set[str], headline: HtmlElement | None
) -> list[Block]:
    """The page's summary, where it is shown between the headline and the story, belongs to
    the body only when it is the story's opening paragraph: a paragraph (not a heading) of
    `OPENING_PARAGRAPH` characters or more, as a German "Vorspann" is. A shorter deck, or one
    set as a heading, is the lead alone.

    Measured on the three sets of real pages, whose truths differ here: a rule that keeps
    every summary in the body, or none, loses on one set what it gains on another; this
    split (length, tag, and a class naming a summary) loses on none. A block repeating the
    page's own summary is the story's, whatever furniture its class names ("teaser-text" in
    TYPO3's news pages): another story's teaser never carries this page's description."""
    if not chosen:
        return chosen
    if chosen[0].text in summaries and len(chosen) > 1 and _apart_from_rest(found, chosen):
        return chosen if _opening_paragraph(chosen[0]) else chosen[1:]
    first = found.start[chosen[0].element]
    after = found.start[headline] if headline is not None else -1
    shown = [
        b for b in found.blocks if after < found.start[b.element] < first and b.text in summaries
    ] or _in_story_header(found, headline, summaries)
    if shown and _opening_paragraph(shown[-1]):
        return [shown[-1], *chosen]
    return chosen


def _in_story_header(
    found: PageBlocks, headline: HtmlElement | None, summaries: set[str]
) -> list[Block]:
    """The page's summary set in the story's own `<header>`, after its headline: the finder
    skips headers as page furniture, but this one is the story's."""
    header = next(headline.iterancestors("header"), None) if headline is not None else None
    if header is None:
        return []
    for element in header.iter(*TEXT_BLOCKS, "div"):
        if found.start[element] > found.start[headline]:
            text = element_text(element)
            if text in summaries:
                return [Block(element, text, 0, False, order=found.start[element])]
    return []


def _apart_from_rest(found: PageBlocks, chosen: list[Block]) -> bool:
    """The first block sits outside the smallest element holding all the others."""
    rest = [b.element for b in chosen[1:]]
    common = rest[0]
    while common is not None and not all(found.contains(common, e) for e in rest):
        common = common.getparent()
    return common is not None and not found.contains(common, chosen[0].element)


OPENING_PARAGRAPH = 150
SHORT_TEXT_SHARE = 0.5
SHORT_TEXT = 10  # characters


# A class naming a summary set apart from the text ("entry-summary", "sub-title", "dek", an
# English "lead"), not the text's own first paragraph ("intro", "Einleitung", "Vorspann").
_SUMMARY_CLASS = re.compile(
    r"summary|sub-?title|sub-?line|sub-?head|dek\b|excerpt|standfirst|description|lead\b",
    re.IGNORECASE,
)


def _opening_paragraph(block: Block) -> bool:
    if block.element.tag in HEADINGS | {"h1"} or len(block.text) < OPENING_PARAGRAPH:
        return False
    boxes = [block.element, *block.element.iterancestors()][:3]
    return not any(_SUMMARY_CLASS.search(box.get("class") or "") for box in boxes)


def _share_inside(found: PageBlocks, container: HtmlElement) -> float:
    total = sum(b.weight for b in found.blocks if b.weight > 0)
    inside = sum(b.weight for b in _inside(found, container) if b.weight > 0)
    return inside / total if total else 1.0


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


def _weigh_a_short_note(doc: Document, found: PageBlocks) -> Callable[[Block], bool] | None:
    """A page with no running text at all: a note of bullet points, a quote or a line or two
    under its headline. Its text is what stands after the `<h1>` in the headline's own box
    (not in furniture, not a link list); without a headline, its plain bullet points. A note
    that is nothing but a link (a bookmark: "Reference: <link>") is that link's paragraph."""
    headline = doc.headline
    box = headline.getparent() if headline is not None else None
    for kind in (_short_text, _only_a_link):
        weighed = False
        for block in found.blocks:
            if box is None or headline is None:
                chosen = kind is _short_text and _plain_bullet(block)
            else:
                chosen = (
                    found.start[headline] < found.start[block.element]
                    and found.contains(box, block.element)
                    and kind(block)
                    and not _in_furniture(block.element, box)
                )
            if chosen:
                block.weight = SHORT_TEXT_SHARE * len(block.text)
                weighed = True
        if weighed:
            return kind
    return None


def _in_furniture(element: HtmlElement, box: HtmlElement) -> bool:
    """Inside an element below `box` whose class or id names page furniture."""
    for parent in element.iterancestors():
        if parent is box:
            return False
        if is_negative(parent):
            return True
    return False


def _short_text(block: Block) -> bool:
    """Text of a few words that is no heading, no furniture and not mostly a link."""
    if block.negative or block.link_density > 0.5 or len(block.text) < SHORT_TEXT:
        return False
    return block.run is not None or block.element.tag not in HEADINGS | {"h1"}


def _only_a_link(block: Block) -> bool:
    """A paragraph or list item that is one link and nothing else, not inside furniture."""
    tag = block.element.tag
    return (
        not block.negative
        and block.run is None
        and tag in ("p", "li")
        and (block.link_density > 0.9)
    )


def _plain_bullet(block: Block) -> bool:
    """A list item of plain text (no link): a note's points, not a menu's."""
    tag = block.element.tag
    return block.run is None and tag == "li" and not block.link_chars and len(block.text) >= 15


def keep_block(block: Block) -> bool:
    if block.negative or block.link_density > 0.5:
        return False
    if block.run is None and block.element.tag == "h1":
        return False
    text = block.text
    return not (
        (len(text) < 60 and _FURNITURE.match(text))
        or is_prompt(text)
        or is_share_prompt(text)
        or _only_a_date(text)
    )


def _only_a_date(text: str) -> bool:
    """A block holding a date and at most a weekday or a label: the page's dateline, not text."""
    if len(text) > 40 or written_date(text) is None:
        return False
    return len(undated_words(text)) <= 1


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
