"""Simple CSS selectors as Python match plans, with exactly cssselect's semantics.

cssselect turns a selector into XPath that lxml evaluates over the whole tree, running string
functions on every element: tens of microseconds per selector, and a site profile asks two
dozen per page. The forms profiles use - type, `.class`, `#id`, attribute tests, the
descendant and child combinators and selector lists - are planned here instead and matched
right-most compound first against a document index (`css_index`), when a class word gives
them few candidates. Any other form (pseudo-classes, sibling combinators, namespaces, case-
insensitive values, or no class to start from) gets no plan: the caller keeps cssselect for
it. Each test below mirrors the XPath condition cssselect generates.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

import cssselect
from cssselect.parser import Attrib, Class, CombinedSelector, Element, Hash, Tree
from lxml.html import HtmlElement

_XPATH_WORDS = re.compile(r"[^ \t\n\r]+").findall


def class_words(value: str) -> list[str]:
    """The words of a class (or `~=`) attribute as XPath's normalize-space() splits them: on
    space, tab, CR and LF only. str.split() agrees whenever the only whitespace is the space,
    which isprintable() guarantees (it is False for every other space and control character).
    """
    return value.split() if value.isprintable() else _XPATH_WORDS(value)


# cssselect's own guards: a name usable as an XPath name test, a value without whitespace.
_SAFE_NAME = re.compile(r"^[a-zA-Z_][a-zA-Z0-9_.-]*$").match
_NON_WHITESPACE = re.compile(r"^[^ \t\r\n\f]+$").match

ValueTest = Callable[[str | None], bool]


def has_token(value: str, token: str) -> bool:
    """`token` (no whitespace in it) is one of the `class_words` of `value`: cssselect's
    `contains(concat(' ', normalize-space(@class), ' '), ' token ')`."""
    if value == token:
        return True
    if token not in value:
        return False
    return token in class_words(value)


def _never(_: str | None) -> bool:
    return False


def _value_test(operator: str, expected: str | None) -> ValueTest | None:
    """The check cssselect's `xpath_attrib_*` method expresses, on the attribute's value."""
    if operator == "exists":
        return lambda v: v is not None
    if expected is None:
        return None
    e = expected
    tests: dict[str, ValueTest] = {
        "=": lambda v: v == e,
        "~=": (lambda v: v is not None and has_token(v, e)) if _NON_WHITESPACE(e) else _never,
        "|=": lambda v: v is not None and (v == e or v.startswith(e + "-")),
        "^=": (lambda v: v is not None and v.startswith(e)) if e else _never,
        "$=": (lambda v: v is not None and v.endswith(e)) if e else _never,
        "*=": (lambda v: v is not None and e in v) if e else _never,
        "!=": (lambda v: v is None or v != e) if e else (lambda v: v is not None and v != e),
    }
    return tests.get(operator)


@dataclass(frozen=True, slots=True)
class Compound:
    """Tests on one element: its tag, ids, class words and attributes, all required."""

    tag: str | None
    ids: tuple[str, ...]
    classes: tuple[str, ...]
    attributes: tuple[tuple[str, ValueTest], ...]

    def matches(self, element: HtmlElement) -> bool:
        if self.tag is not None and element.tag != self.tag:
            return False
        for ident in self.ids:
            if element.get("id") != ident:
                return False
        if self.classes:
            value = element.get("class")
            if value is None:
                return False
            for word in self.classes:
                if not has_token(value, word):
                    return False
        attributes = self.attributes
        if len(attributes) == 1:  # the common case, without a generator
            name, test = attributes[0]
            return test(element.get(name))
        return all(test(element.get(name)) for name, test in attributes)


@dataclass(frozen=True, slots=True)
class Chain:
    """One selector of a list. `links` go leftwards from the subject: each pairs the
    combinator (" " ancestor, ">" parent) with the compound on its left."""

    subject: Compound
    links: tuple[tuple[str, Compound], ...]

    @property
    def keyed(self) -> bool:
        """The subject has a class, or its nearest ancestor ("x .c p") has: the index then
        yields few candidates. Otherwise the candidates are all elements of a tag, which
        lxml's XPath filters in C faster than Python can (`meta[name=x]`, `a[rel~=tag]`)."""
        if self.subject.classes:
            return True
        return bool(self.links) and self.links[0][0] == " " and bool(self.links[0][1].classes)


Plan = tuple[Chain, ...]


def plan_of(css: str) -> Plan | None:
    """The match plan of a selector list, or None when some part is better left to cssselect:
    a form planned here must have a class word to start from (see `Chain.keyed`)."""
    try:
        selectors = cssselect.parse(css)
    except cssselect.SelectorError:
        return None
    chains: list[Chain] = []
    for selector in selectors:
        chain = None if selector.pseudo_element else _chain(selector.parsed_tree)
        if chain is None or not chain.keyed:
            return None
        chains.append(chain)
    return tuple(chains) or None


def _chain(tree: Tree) -> Chain | None:
    compounds: list[Compound] = []
    combinators: list[str] = []
    while isinstance(tree, CombinedSelector):
        compound = _compound(tree.subselector)
        if compound is None or tree.combinator not in (" ", ">"):
            return None
        compounds.append(compound)
        combinators.append(tree.combinator)
        tree = tree.selector
    head = _compound(tree)
    if head is None:
        return None
    compounds.append(head)
    links = tuple(zip(combinators, compounds[1:], strict=True))
    return Chain(subject=compounds[0], links=links)


def _compound(tree: Tree) -> Compound | None:
    ids: list[str] = []
    classes: list[str] = []
    attributes: list[tuple[str, ValueTest]] = []
    while not isinstance(tree, Element):
        if isinstance(tree, Class) and _NON_WHITESPACE(tree.class_name):
            classes.append(tree.class_name)
        elif isinstance(tree, Hash):
            ids.append(tree.id)
        elif isinstance(tree, Attrib) and (attribute := _attribute(tree)) is not None:
            attributes.append(attribute)
        else:
            return None
        tree = tree.selector
    if tree.namespace is not None or (tree.element is not None and not _SAFE_NAME(tree.element)):
        return None
    tag = tree.element.lower() if tree.element is not None else None
    # cssselect nests the last-written test outermost; keep the written order
    return Compound(tag, tuple(ids[::-1]), tuple(classes[::-1]), tuple(attributes[::-1]))


def _attribute(tree: Attrib) -> tuple[str, ValueTest] | None:
    name = tree.attrib.lower()
    if tree.namespace is not None or not _SAFE_NAME(name) or tree.flag not in (None, "s"):
        return None
    expected = tree.value.value if tree.value is not None else None
    test = _value_test(tree.operator, expected)
    return (name, test) if test is not None else None
