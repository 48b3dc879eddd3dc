"""Selection against a per-document index, for code that reads a page it does not modify.

One XPath pass collects every class attribute of the page; the elements with a given class
word are then found by a string search in those values, once per word. A planned selector
(`css_plan`) starts from few candidates - the elements with the subject's rarest class, or
the subject's tag below the elements with the nearest ancestor's class - and checks each one
and its ancestors in Python, instead of an XPath scan of the whole tree with string functions
on every element for every selector.

The index is only as current as the tree, so it lives inside `indexed_document(root)`: the
caller's promise that within the block no element is added to the tree and no tag or class
changes. Removal is allowed and checked: every candidate must still hang below the queried
root, so an element taken out with drop_tree() is never returned, and a query on a subtree
returns only that subtree's elements. Outside the block (and for trees the index does not
cover) selectors go to cssselect, and nothing outlives the page.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from itertools import accumulate
from typing import Any

from lxml import etree
from lxml.html import HtmlElement

from newscrawl.extraction.css_plan import Chain, Compound, Plan, has_token

# Every class attribute of a tree, in document order, each knowing its element.
_CLASS_VALUES = etree.XPath("descendant-or-self::*/@class")


class DocumentIndex:
    """The class attributes of one tree, in document order, and its elements by class word."""

    __slots__ = ("_by_class", "_class_sets", "_joined", "_position", "_starts", "_values", "root")

    def __init__(self, root: HtmlElement) -> None:
        self.root = root
        found = _CLASS_VALUES(root)
        # "Smart" strings: each value knows its element (getparent), asked on a hit.
        values: list[Any] = found if isinstance(found, list) else []
        self._values = values
        # All values in one string (NUL never occurs in an attribute): str.find() looks for a
        # word in all of them at C speed, and _starts maps a hit back to its element.
        self._joined = "\x00".join(values)
        self._starts = list(accumulate([len(value) + 1 for value in values], initial=0))
        self._by_class: dict[str, list[HtmlElement]] = {}
        self._class_sets: dict[str, frozenset[HtmlElement]] = {}
        self._position: dict[HtmlElement, int] | None = None

    def with_class(self, word: str) -> list[HtmlElement]:
        """The elements whose class has `word` (no whitespace), in document order."""
        found = self._by_class.get(word)
        if found is None:
            found = self._by_class[word] = self._find_class(word) if word else []
        return found

    def _find_class(self, word: str) -> list[HtmlElement]:
        joined, starts = self._joined, self._starts
        found: list[HtmlElement] = []
        at = joined.find(word)
        while at != -1:
            k = bisect_right(starts, at) - 1  # the value this hit starts in
            if has_token(joined[starts[k] : starts[k + 1] - 1], word):
                found.append(self._values[k].getparent())
            at = joined.find(word, starts[k + 1])  # one element once, whatever it repeats
        return found

    def select(self, plan: Plan, root: HtmlElement) -> list[HtmlElement]:
        """What cssselect finds from `root` (a node of this tree): document order, no repeats."""
        if len(plan) == 1:
            return self._select(plan[0], root)
        found = list(dict.fromkeys(e for chain in plan for e in self._select(chain, root)))
        if len(found) > 1:
            if self._position is None:
                elements = self.root.iter(etree.Element)
                self._position = {e: i for i, e in enumerate(elements)}
            found.sort(key=self._position.__getitem__)
        return found

    def _select(self, chain: Chain, root: HtmlElement) -> list[HtmlElement]:
        subject = chain.subject
        pool, placed = self._candidates(chain, root)
        if placed:  # below `root` with the ancestors the chain asks for: the subject decides
            return [e for e in pool if subject.matches(e) and isinstance(e, HtmlElement)]
        found: list[HtmlElement] = []
        for element in pool:
            if not subject.matches(element) or not isinstance(element, HtmlElement):
                continue
            ancestors = _ancestors(element, root)
            if ancestors is not None and self._links_match(chain.links, 0, ancestors, 0):
                found.append(element)
        return found

    def _candidates(self, chain: Chain, root: HtmlElement) -> tuple[list[HtmlElement], bool]:
        """A superset of the chain's matches below `root`, in document order, and whether
        they are known to be placed right (below `root`, below ancestors matching the links).
        Those from the index may since have left the tree; they are never known to be."""
        subject = chain.subject
        if subject.classes:
            return self._rarest(subject.classes), False
        anchor = chain.links[0][1]  # a keyed chain: " " and a class
        tag = subject.tag if subject.tag is not None else etree.Element
        below = self._below(self._rarest(anchor.classes), anchor, tag, root)
        return below, len(chain.links) == 1

    def _rarest(self, words: tuple[str, ...]) -> list[HtmlElement]:
        lists = [self.with_class(word) for word in words]
        return lists[0] if len(lists) == 1 else min(lists, key=lambda found: len(found))

    def _below(
        self, anchors: list[HtmlElement], anchor: Compound, tag: object, root: HtmlElement
    ) -> list[HtmlElement]:
        """Elements of `tag` inside the anchors below `root`; an anchor inside an earlier
        one adds nothing, so each subtree is listed once and in document order."""
        kept: set[HtmlElement] = set()
        found: list[HtmlElement] = []
        for element in anchors:
            ancestors = _ancestors(element, root) if anchor.matches(element) else None
            if ancestors is None or not kept.isdisjoint(ancestors):
                continue
            kept.add(element)
            found.extend(e for e in element.iter(tag) if e is not element)
        return found

    def _links_match(
        self,
        links: tuple[tuple[str, Compound], ...],
        link: int,
        ancestors: list[HtmlElement],
        start: int,
    ) -> bool:
        """links[link:] match leftwards from ancestors[start] (the parent of the last match);
        a link's class set, when it has one, rules out most ancestors before the full test."""
        if link == len(links):
            return True
        combinator, compound = links[link]
        members = self._class_set(compound.classes[0]) if compound.classes else None
        last = start + 1 if combinator == ">" else len(ancestors)
        for i in range(start, min(last, len(ancestors))):
            node = ancestors[i]
            if (
                (members is None or node in members)
                and compound.matches(node)
                and self._links_match(links, link + 1, ancestors, i + 1)
            ):
                return True
        return False

    def _class_set(self, word: str) -> frozenset[HtmlElement]:
        found = self._class_sets.get(word)
        if found is None:
            found = self._class_sets[word] = frozenset(self.with_class(word))
        return found


def _ancestors(element: HtmlElement, root: HtmlElement) -> list[HtmlElement] | None:
    """The ancestors of `element` up to `root`, or None when it is not `root` or below it
    (cssselect starts every selector at descendant-or-self of the context node)."""
    ancestors: list[HtmlElement] = []
    node = element
    while node is not root:
        parent = node.getparent()
        if parent is None:
            return None  # removed from the tree, or outside the queried subtree
        ancestors.append(parent)
        node = parent
    return ancestors


class _Scope:
    """The root of an `indexed_document` block; its index is built on the first query."""

    __slots__ = ("_index", "root")

    def __init__(self, root: HtmlElement) -> None:
        self.root = root
        self._index: DocumentIndex | None = None

    def index_for(self, query_root: HtmlElement) -> DocumentIndex | None:
        """The index, when `query_root` is still attached below the block's root."""
        node: HtmlElement | None = query_root
        while node is not None and node is not self.root:
            node = node.getparent()
        if node is None:
            return None
        if self._index is None:
            self._index = DocumentIndex(self.root)
        return self._index


_SCOPE: ContextVar[_Scope | None] = ContextVar("newscrawl_css_index", default=None)


@contextmanager
def indexed_document(root: HtmlElement) -> Iterator[None]:
    """Selections below `root` inside this block use one index of the tree (see module doc)."""
    token = _SCOPE.set(_Scope(root))
    try:
        yield
    finally:
        _SCOPE.reset(token)


def active_index(query_root: HtmlElement) -> DocumentIndex | None:
    scope = _SCOPE.get()
    return scope.index_for(query_root) if scope is not None else None
