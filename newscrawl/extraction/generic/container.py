"""Which element holds the story: the densest cluster of good blocks, grown over its parents.

Every block's weight flows to its ancestors, fading with distance, so the element that wins
is the one whose own children carry the story, not a page wrapper that also holds teasers.
The winner then grows upward while a parent only adds more running text (a story split over
sibling containers), and stops at the first parent that adds link lists or teasers.
"""

from __future__ import annotations

from dataclasses import dataclass

from lxml.html import HtmlElement

from newscrawl.extraction.generic.blocks import PageBlocks

FADE = 0.5  # how much of a block's weight reaches the next ancestor up
MAX_ADDED_LINK_DENSITY = 0.25
MAX_ADDED_NOISE = 100.0  # weight a wrapper may add (headline, dateline) and still be climbed
MAX_CLIMB = 6


@dataclass(slots=True)
class Totals:
    faded: float = 0.0
    weight: float = 0.0
    good: float = 0.0
    text: int = 0
    links: int = 0


def best_container(found: PageBlocks) -> HtmlElement:
    totals = _totals(found)
    best = max(totals, key=lambda e: (totals[e].faded, found.start[e]))
    child, parent = best, best.getparent()
    for _ in range(MAX_CLIMB):
        if parent is None or parent not in totals:
            break
        verdict = _what_parent_adds(totals[child], totals[parent])
        if verdict == "junk":
            break
        if verdict == "story":
            best = parent
        child, parent = parent, parent.getparent()
    return best


def _totals(found: PageBlocks) -> dict[HtmlElement, Totals]:
    totals: dict[HtmlElement, Totals] = {}
    for block in found.blocks:
        home = block.element if block.run is not None else block.element.getparent()
        share, good = block.weight, max(block.weight, 0.0)
        while home is not None:
            entry = totals.setdefault(home, Totals())
            entry.faded += share
            entry.weight += block.weight
            entry.good += good
            entry.text += len(block.text)
            entry.links += block.link_chars
            share *= FADE
            home = home.getparent()
    return totals


def _what_parent_adds(inner: Totals, outer: Totals) -> str:
    """ "story" (more running text), "nothing" (a wrapper, a headline) or "junk" (teasers)."""
    added_good = outer.good - inner.good
    added_text = outer.text - inner.text
    added_weight = outer.weight - inner.weight
    if added_text <= 0 or (added_good <= 0 and added_weight > -MAX_ADDED_NOISE):
        return "nothing"
    if added_good <= 0 or added_weight <= 0:
        return "junk"
    dense = (outer.links - inner.links) / added_text > MAX_ADDED_LINK_DENSITY
    return "junk" if dense else "story"
