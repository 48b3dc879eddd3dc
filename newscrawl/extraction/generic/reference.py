"""The story text a page ships in its JSON-LD (`articleBody`), used to confirm the blocks."""

from __future__ import annotations

import re
from dataclasses import dataclass

import lxml.html
from lxml.html import HtmlElement

from newscrawl.extraction.document import Document
from newscrawl.extraction.generic.blocks import Block, PageBlocks
from newscrawl.extraction.generic.hints import HEADINGS

_WORD = re.compile(r"\w+")
_N = 5


def _tokens(text: str) -> list[str]:
    return _WORD.findall(text.lower())


@dataclass(slots=True)
class Reference:
    grams: set[tuple[str, ...]]
    joined: str
    size: int  # tokens
    text: str

    @classmethod
    def of(cls, doc: Document) -> Reference | None:
        body = doc.article.get("articleBody")
        if not isinstance(body, str):
            return None
        tokens = _tokens(body)
        if len(tokens) < 60:
            return None
        grams = {tuple(tokens[i : i + _N]) for i in range(len(tokens) - _N + 1)}
        return cls(grams, " " + " ".join(tokens) + " ", len(tokens), body)

    def as_content(self) -> HtmlElement:
        """The shipped text as paragraphs, for pages that show it only to scripts."""
        content = lxml.html.Element("div")
        for line in self.text.splitlines():
            if line.strip():
                paragraph = lxml.html.Element("p")
                paragraph.text = line.strip()
                content.append(paragraph)
        return content

    def share(self, block: Block) -> float:
        """How much of the block's text the reference holds, 0..1."""
        tokens = _tokens(block.text)
        if len(tokens) < _N + 2:
            return 1.0 if f" {' '.join(tokens)} " in self.joined else 0.0
        windows = [tuple(tokens[i : i + _N]) for i in range(len(tokens) - _N + 1)]
        return sum(1 for w in windows if w in self.grams) / len(windows)

    def confirms(self, found: PageBlocks, container: HtmlElement) -> bool:
        """Trust it only if the page shows most of it and it is no teaser of a longer story."""
        shown = sum(len(_tokens(b.text)) for b in found.blocks if self.share(b) >= 0.5)
        local = sum(
            len(_tokens(b.text))
            for b in found.blocks
            if b.weight > 0 and found.contains(container, b.element)
        )
        return shown >= 0.6 * self.size and self.size >= 0.5 * local

    def weight(self, block: Block) -> float:
        size = len(block.text)
        if self.share(block) >= 0.5:
            return 2.0 * size
        if block.run is None and block.element.tag in HEADINGS:
            return 0.0
        return -float(size)

    def keeps(self, block: Block) -> bool:
        if block.run is None and block.element.tag == "h1":
            return False
        heading = block.run is None and block.element.tag in HEADINGS
        return self.share(block) >= 0.5 or (
            heading and not block.negative and block.link_density <= 0.5
        )
