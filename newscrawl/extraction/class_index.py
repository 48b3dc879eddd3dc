"""Class selectors answered from one walk of a page: its elements by class word.

libxml2 answers a CSS class selector (cssselect's XPath: `contains(concat(' ',
normalize-space(@class), ' '), ' word ')`) by testing every element of the page, and a profiled
page runs some thirty of them. One walk indexes the elements by their class words; an
alternative with a class word ("article .entry-content", ".tags-links a[rel~=tag]") is then
answered from that word's few elements, each checked against its chain by walking up to the
query's root, and the steps after its last class word run in lxml.

The plan covers type, class, id and attribute tests ([a], =, ~=, ^=, $=, *=) joined by
descendant and child combinators, with the HTML translator's rules (element and attribute
names without case, values with it). Anything else (pseudo-classes, sibling combinators,
`|=`, `!=`, namespaces, escapes) has no plan and stays with lxml, as do alternatives without a
class word, which libxml2 filters by name faster than Python could. Tests compare both ways on
fixed pages, random trees and every benchmark page (benchmarks/selector_equivalence.py).

A page's tree is only ever cut after parsing (ads, widgets, used elements dropped), never
grown: an element removed since the walk is not under the query's root any more and is
skipped; the walk's order stays the document order.
"""

from __future__ import annotations

import re
import weakref
from dataclasses import dataclass

import lxml.etree
from lxml.html import HtmlElement

_IDENT = r"-?[^\W\d][\w-]*"
_TAG = re.compile(rf"\*|{_IDENT}")
_SIMPLE = re.compile(
    rf"\.({_IDENT})|#([\w-]+)"
    rf"|\[\s*({_IDENT})\s*(?:([~^$*]?=)\s*(?:\"([^\"]*)\"|'([^']*)'|({_IDENT})))?\s*\]"
)
_XML_WORDS = re.compile(r"[^ \t\n\r]+").findall
_CSS_SPACE = re.compile(r"[ \t\r\n\f]")
_XML_SPACE = re.compile(r"[ \t\r\n]")


def class_words(value: str) -> list[str]:
    """The words of a class attribute as CSS (and cssselect's XPath) split them: on space,
    tab, CR and LF. str.split() agrees when the value is printable (no other whitespace)."""
    return value.split() if value.isprintable() else _XML_WORDS(value)


@dataclass(frozen=True, slots=True)
class Compound:
    """One compound selector: `tag.class#id[attr op value]`."""

    tag: str | None  # lowercase; None for any
    classes: tuple[str, ...]
    ident: str | None
    attributes: tuple[tuple[str, str, str], ...]  # (lowercase name, operator or "", value)

    def matches(self, element: HtmlElement) -> bool:
        if self.tag is not None and element.tag != self.tag:
            return False
        if self.classes:
            value = element.get("class")
            if value is None:
                return False
            words = class_words(value)
            if any(word not in words for word in self.classes):
                return False
        if self.ident is not None and element.get("id") != self.ident:
            return False
        return all(_attribute_matches(element.get(n), o, v) for n, o, v in self.attributes)


def _attribute_matches(have: str | None, operator: str, value: str) -> bool:
    if have is None:
        return False
    if operator == "":
        return True
    if operator == "=":
        return have == value
    if not value:  # an empty value never matches ~=, ^=, $= and *=
        return False
    if operator == "~=":
        return _CSS_SPACE.search(value) is None and value in class_words(have)
    if operator == "^=":
        return have.startswith(value)
    if operator == "$=":
        return have.endswith(value)
    return value in have


@dataclass(frozen=True, slots=True)
class Chain:
    """Compounds joined by combinators (" " descendant, ">" child), read right to left."""

    compounds: tuple[Compound, ...]
    combinators: tuple[str, ...]  # combinators[i] joins compounds[i] and compounds[i + 1]

    @property
    def key(self) -> tuple[bool, str] | None:
        """What every match's class words have: (False, the last compound's first class
        word), else (True, a part of a word: `[class*=part]`), else None."""
        last = self.compounds[-1]
        if last.classes:
            return False, last.classes[0]
        for name, operator, value in last.attributes:
            if name == "class" and operator == "*=" and value and not _XML_SPACE.search(value):
                return True, value  # no XML space in it: it lies within one word
        return None

    def matches(self, path: list[HtmlElement]) -> bool:
        """`path` is the candidate and its ancestors up to the query's root (inclusive)."""
        return self._from(path, 0, len(self.compounds) - 1, {})

    def _from(
        self, path: list[HtmlElement], at: int, step: int, seen: dict[tuple[int, int], bool]
    ) -> bool:
        known = seen.get((at, step))
        if known is not None:
            return known
        found = False
        if self.compounds[step].matches(path[at]):
            if step == 0:
                found = True
            elif self.combinators[step - 1] == ">":
                found = at + 1 < len(path) and self._from(path, at + 1, step - 1, seen)
            else:
                found = any(self._from(path, up, step - 1, seen) for up in range(at + 1, len(path)))
        seen[(at, step)] = found
        return found


def plan(alternatives: list[list[str]] | None) -> list[tuple[Chain, list[str]] | None] | None:
    """Per alternative (cut at descendant combinators: document._split_top_level), the
    longest leading run of its parts that ends in a compound with a class word, as a Chain,
    and the parts after it (run from its matches by lxml), or None where it has no such run;
    None when no alternative has one."""
    if alternatives is None:
        return None
    plans = [_keyed_run(parts) for parts in alternatives]
    return plans if any(p is not None for p in plans) else None


def _keyed_run(parts: list[str]) -> tuple[Chain, list[str]] | None:
    for end in range(len(parts), 0, -1):
        chain = _chain(parts[:end])
        if chain is not None and chain.key is not None:
            return chain, parts[end:]
    return None


def _chain(parts: list[str]) -> Chain | None:
    compounds: list[Compound] = []
    combinators: list[str] = []
    for index, part in enumerate(parts):
        if index:
            combinators.append(" ")
        pieces = [p.strip() for p in part.split(">")]  # only compounds: no ">" in quotes
        if any("+" in p or "~" in p.replace("~=", "") for p in pieces):
            return None
        for number, piece in enumerate(pieces):
            if number:
                combinators.append(">")
            compound = _compound(piece)
            if compound is None:
                return None
            compounds.append(compound)
    return Chain(tuple(compounds), tuple(combinators))


def _compound(text: str) -> Compound | None:
    tag = None
    position = 0
    if (match := _TAG.match(text)) is not None:
        tag = None if match.group() == "*" else match.group().lower()
        position = match.end()
    classes: list[str] = []
    ident = None
    attributes: list[tuple[str, str, str]] = []
    while position < len(text):
        match = _SIMPLE.match(text, position)
        if match is None:
            return None
        word, hashed, name, operator, double, single, bare = match.groups()
        if word is not None:
            classes.append(word)
        elif hashed is not None:
            if ident is not None and ident != hashed:
                return None  # two ids: left to lxml
            ident = hashed
        else:
            value = next((v for v in (double, single, bare) if v is not None), "")
            name, operator = name.lower(), operator or ""
            if name == "class" and operator == "~=" and value and not _CSS_SPACE.search(value):
                classes.append(value)  # cssselect reads [class~=word] as .word
            else:
                attributes.append((name, operator, value))
        position = match.end()
    if not text:
        return None
    return Compound(tag, tuple(classes), ident, tuple(attributes))


class ClassIndex:
    """The elements of one tree with a class attribute, by class word, in document order.

    The tree's root itself is kept apart, by a weak reference: the index lives in a registry
    keyed weakly by that root (`index_tree`), and an entry must not keep its own key alive.
    """

    __slots__ = ("__weakref__", "_order", "_top", "_words")

    def __init__(self, top: HtmlElement) -> None:
        self._top = weakref.ref(top)
        words: dict[str, list[HtmlElement]] = {}
        order: dict[HtmlElement, int] = {}
        for element in top.iterdescendants(lxml.etree.Element):
            value = element.get("class")
            if value:
                order[element] = len(order)
                for word in dict.fromkeys(class_words(value)):
                    words.setdefault(word, []).append(element)
        self._words = words
        self._order = order

    def select(self, chains: tuple[Chain, ...], root: HtmlElement) -> list[HtmlElement]:
        """The elements at or below `root` that any of `chains` (each with a key) selects,
        in document order."""
        found: list[HtmlElement] = []
        top = self._top()
        for chain in chains:
            key = chain.key
            if key is None:
                continue
            if root is top and chain.matches([root]):
                found.append(root)
            for element in self._candidates(*key):
                path = _path_to(element, root)
                if path is not None and chain.matches(path):
                    found.append(element)
        if len(chains) > 1 and found:
            order = self._order
            found = sorted(set(found), key=lambda e: -1 if e is top else order[e])
        return found

    def _candidates(self, part: bool, text: str) -> list[HtmlElement]:
        """The elements with the class word `text`, or (`part`) with a word containing it."""
        if not part:
            return self._words.get(text, [])
        lists = [found for word, found in self._words.items() if text in word]
        if len(lists) == 1:
            return lists[0]
        return sorted({e for found in lists for e in found}, key=self._order.__getitem__)


def _path_to(element: HtmlElement, root: HtmlElement) -> list[HtmlElement] | None:
    """`element` and its ancestors up to `root`, or None where `root` is not one of them (an
    element of another subtree, or one cut from the tree)."""
    path = [element]
    node = element
    while node is not root:
        node = node.getparent()
        if node is None:
            return None
        path.append(node)
    return path


_INDEXES: weakref.WeakKeyDictionary[HtmlElement, ClassIndex] = weakref.WeakKeyDictionary()


def index_tree(top: HtmlElement) -> ClassIndex:
    """The index of the tree whose root is `top`, built on first use."""
    index = _INDEXES.get(top)
    if index is None:
        index = _INDEXES[top] = ClassIndex(top)
    return index


def index_of(element: HtmlElement) -> ClassIndex | None:
    """The index of the tree `element` is in, where one was built (never builds one)."""
    if not _INDEXES:
        return None
    node = element
    while (parent := node.getparent()) is not None:
        node = parent
    return _INDEXES.get(node)
