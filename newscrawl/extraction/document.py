"""The parsed page: one lxml tree, its <meta> tags and JSON-LD, and every CSS selection.

`Document` is what field readers, cleaning and the generic finder work on. No other module
parses HTML or compiles a CSS selector: they walk the elements a `Document` (or `select`)
hands them.
"""

from __future__ import annotations

import codecs
import json
import re
from collections.abc import Callable, Hashable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, TypeVar, cast

import lxml.etree
import lxml.html
from lxml.cssselect import CSSSelector, LxmlHTMLTranslator
from lxml.html import (
    HtmlComment,
    HtmlElement,
    HtmlElementClassLookup,
    HtmlEntity,
    HtmlProcessingInstruction,
)

from newscrawl.extraction.class_index import (
    Chain,
    ClassIndex,
    class_words,
    index_of,
    index_tree,
    plan,
)
from newscrawl.extraction.decode import decode_html
from newscrawl.extraction.text import CONTROL_BYTES, element_text

_T = TypeVar("_T")
_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>", re.IGNORECASE)


class UnparseablePage(ValueError):
    """The bytes hold no HTML document at all."""


class PageTooDeep(UnparseablePage):
    """Elements nested deeper than libxml2 builds (256): the tree would end at that depth and
    the article be emitted cut short (measured: a 74-character body), so it is refused as
    `too_deep`. The deepest of 981 real pages of the benchmark sets nests 56 levels."""


def _html_parser(encoding: str | None = None) -> lxml.html.HTMLParser:
    """lxml.html's parser, choosing the same Python class for each node - but in C.

    lxml.html asks a Python callback for the class of every element proxy it creates (a
    FormElement for <form>, ...): with hundreds of elements per page and every tree walk
    creating proxies, that callback cost a tenth of the extraction. A namespace lookup makes
    the same choices from the same table, for the lowercase tag names the HTML parser gives.
    """
    # No table of id attributes either: only XPath's id() function reads it, and nothing here
    # calls that (cssselect's #id is an attribute test).
    parser = lxml.html.HTMLParser(remove_comments=True, collect_ids=False, encoding=encoding)
    default = lxml.etree.ElementDefaultClassLookup(
        element=HtmlElement, comment=HtmlComment, pi=HtmlProcessingInstruction, entity=HtmlEntity
    )
    lookup = lxml.etree.ElementNamespaceClassLookup(default)
    by_tag = lookup.get_namespace(None)
    for tag, element_class in HtmlElementClassLookup()._element_classes.items():
        by_tag[tag] = element_class
    parser.set_element_class_lookup(lookup)
    return parser


_PARSER = _html_parser()
_UTF8_PARSER = _html_parser(encoding="utf-8")
_BYTE_ORDER_MARKS = (codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)


# C0 control characters but tab and line breaks, and DEL: no reader ever sees them, and left in
# the tree they hide a repeated title from the comparison that removes it (a hostile page put
# BEL and ESC in its title and first paragraph). Removed before parsing, so every reader of
# the tree sees the text as shown. In UTF-8 and every ASCII-compatible charset these bytes
# stand for nothing else.
_CONTROL_CHARS = re.compile(f"[{re.escape(CONTROL_BYTES.decode('ascii'))}]")  # 0.1 ms / 60 KB


def parse_html(html: str | bytes, encoding: str | None = None) -> HtmlElement:
    """One tree per page; bytes are decoded first (`encoding`: the charset the server sent)."""
    if isinstance(html, bytes) and (root := _parse_plain_utf8(html)) is not None:
        return root
    text = decode_html(html, encoding) if isinstance(html, bytes) else html
    source = _XML_DECLARATION.sub("", text, count=1)
    if _CONTROL_CHARS.search(source) is not None:  # str.translate: 2.5 ms on the same page
        source = _CONTROL_CHARS.sub("", source)
    if not source.strip():
        raise UnparseablePage("empty document")
    try:
        root = lxml.html.document_fromstring(source, parser=_PARSER)
    except (ValueError, lxml.etree.ParserError) as exc:
        raise UnparseablePage(str(exc)) from exc
    _refuse_cut_tree(_PARSER)
    return root


def _refuse_cut_tree(parser: lxml.html.HTMLParser) -> None:
    """libxml2 stops building at its depth limit and says so only in the error log."""
    for error in parser.error_log:
        if "Excessive depth" in error.message:
            raise PageTooDeep(error.message)


def _parse_plain_utf8(html: bytes) -> HtmlElement | None:
    """The tree `parse_html` builds from the decoded text, built from the bytes themselves.

    Bytes without a byte-order mark that are valid UTF-8 are what decode_html reads as UTF-8
    whatever the page declares. Given a str, lxml hands libxml2 the text as UTF-16 or UCS-4
    for it to convert back to UTF-8, a tenth of the parse; the UTF-8 bytes give the same tree
    without that. None (parse the text) for any other page: a mark, another encoding, an XML
    declaration, no text, or anything lxml fails on.
    """
    if html.startswith(_BYTE_ORDER_MARKS):
        return None
    html = html.translate(None, CONTROL_BYTES)  # ~20 µs for 100 KB, in C
    try:
        text = html.decode("utf-8")
    except UnicodeDecodeError:
        return None
    if not text or text.isspace() or _XML_DECLARATION.match(text):
        return None
    try:
        root: HtmlElement = lxml.html.document_fromstring(html, parser=_UTF8_PARSER)
    except (ValueError, lxml.etree.ParserError):
        return None
    _refuse_cut_tree(_UTF8_PARSER)
    return root


class Document:
    """One page: its tree (`root`), what it says about itself in <meta> tags and JSON-LD
    (read on first use, once), and selection by CSS."""

    __slots__ = ("_index", "_metas", "_objects", "_readings", "_rel_links", "root")

    def __init__(self, root: HtmlElement) -> None:
        self.root = root
        self._index: ClassIndex | None = None
        self._metas: dict[str, list[str]] | None = None
        self._objects: list[dict[str, Any]] | None = None
        self._rel_links: list[HtmlElement] | None = None
        self._readings: dict[Hashable, Any] = {}

    @classmethod
    def parse(cls, html: str | bytes, encoding: str | None = None) -> Document:
        """See `parse_html`; raises UnparseablePage (PageTooDeep) like it."""
        return cls(parse_html(html, encoding))

    # --- selection ---------------------------------------------------------------------------

    def select(self, css: str, within: HtmlElement | None = None) -> list[HtmlElement]:
        root = self.root if within is None else within
        return selector(css).elements(root, self._index_for((css,)))

    def first(self, alternatives: tuple[str, ...]) -> str | None:
        return first_value(self.root, alternatives, self._index_for(alternatives))

    def values(self, alternatives: tuple[str, ...]) -> list[str]:
        return all_values(self.root, alternatives, self._index_for(alternatives))

    def element(self, alternatives: tuple[str, ...]) -> HtmlElement | None:
        return first_element(self.root, alternatives, self._index_for(alternatives))

    def _index_for(self, alternatives: tuple[str, ...]) -> ClassIndex | None:
        """The page's class index, walked when a selector first has a use for it (then also
        found by selections from any element of the tree: class_index.index_of)."""
        if self._index is None and any(selector(text).keyed for text in alternatives):
            self._index = index_tree(self.root)
        return self._index

    # --- what the page says about itself -----------------------------------------------------

    @property
    def language(self) -> str | None:
        return html_language(self.root)

    @property
    def canonical(self) -> str | None:
        return canonical_link(self.root)

    def reading(self, key: Hashable, read: Callable[[], _T]) -> _T:
        """What `read()` gives, read once per page for each `key`: for what the field readers
        and the recogniser each look for in the tree as parsed (the first `<h1>`, the text
        beside it), all before a body is cut from the tree."""
        if key not in self._readings:
            self._readings[key] = read()
        return cast(_T, self._readings[key])

    @property
    def headline(self) -> HtmlElement | None:
        """The page's first `<h1>`, found once (None where it has none)."""
        return self.reading("h1", lambda: next(self.root.iter("h1"), None))

    @property
    def rel_links(self) -> list[HtmlElement]:
        """The page's <a> elements with a rel attribute (author, tag, category), found once
        when first asked for: most links have none."""
        if self._rel_links is None:
            self._rel_links = [a for a in self.root.iter("a") if a.get("rel")]
        return self._rel_links

    def meta(self, *names: str) -> str | None:
        """The first non-empty content of a <meta> named (name, property, itemprop or
        http-equiv, lowercase) by any of `names`, tried in order."""
        metas = self._read()[0]
        for name in names:
            for value in metas.get(name, ()):
                if value.strip():
                    return value.strip()
        return None

    def meta_all(self, name: str) -> list[str]:
        return [v.strip() for v in self._read()[0].get(name, ()) if v.strip()]

    @property
    def objects(self) -> list[dict[str, Any]]:
        """Every typed JSON-LD object of the page, in page order (lists and @graph flattened)."""
        return self._read()[1]

    @property
    def article(self) -> dict[str, Any]:
        """The page's article object (NewsArticle & co.), else an empty dict."""
        for obj in self.objects:
            if any(_ARTICLE_TYPE.search(t) for t in json_ld_types(obj)):
                return obj
        return {}

    @property
    def web_page(self) -> dict[str, Any]:
        """The page's own WebPage object (or ItemPage), else an empty dict: Yoast's @graph
        states a story's dates there and may leave them off its Article."""
        for obj in self.objects:
            if any(t in _PAGE_TYPES for t in json_ld_types(obj)):
                return obj
        return {}

    def _read(self) -> tuple[dict[str, list[str]], list[dict[str, Any]]]:
        if self._metas is None or self._objects is None:
            metas: dict[str, list[str]] = {}
            objects: list[dict[str, Any]] = []
            for element in self.root.iter("meta", "script"):  # one walk, each in page order
                if element.tag == "meta":
                    _add_meta(metas, element)
                elif (element.get("type") or "").strip().lower() == "application/ld+json":
                    objects.extend(_objects(_load_json(element.text or "")))
            self._metas, self._objects = metas, objects
        return self._metas, self._objects


_ARTICLE_TYPE = re.compile(r"(Article|BlogPosting|Posting|Report|NewsStory)$", re.IGNORECASE)
_PAGE_TYPES = frozenset(("WebPage", "ItemPage"))
_JSON_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def _add_meta(metas: dict[str, list[str]], meta: HtmlElement) -> None:
    key = meta.get("property") or meta.get("name") or meta.get("itemprop")
    key = key or meta.get("http-equiv")
    content = meta.get("content")
    if key and content is not None:
        metas.setdefault(key.strip().lower(), []).append(content)


def _load_json(text: str) -> Any:
    text = _JSON_CONTROL.sub(" ", text.strip().removeprefix("<!--").removesuffix("-->"))
    try:
        return json.loads(text, strict=False)
    except (ValueError, RecursionError):
        return None


def _objects(data: Any, depth: int = 0) -> Iterator[dict[str, Any]]:
    """Every typed object at the top of the JSON-LD: lists and @graph flattened."""
    if depth > 4:
        return
    if isinstance(data, list):
        for item in data:
            yield from _objects(item, depth + 1)
    elif isinstance(data, dict):
        if "@type" in data:
            yield data
        yield from _objects(data.get("@graph"), depth + 1)
        if isinstance(data.get("mainEntity"), dict):
            yield from _objects(data["mainEntity"], depth + 1)


def json_ld_types(obj: dict[str, Any]) -> list[str]:
    kind = obj.get("@type")
    values = kind if isinstance(kind, list) else [kind]
    return [v for v in values if isinstance(v, str)]


def html_language(root: HtmlElement) -> str | None:
    """Primary language subtag from <html lang>, e.g. "de-DE" -> "de"."""
    lang = (root.get("lang") or root.get("xml:lang") or "").strip().lower()
    primary = lang.split("-")[0].split("_")[0]
    return primary if primary.isalpha() and 2 <= len(primary) <= 3 else None


def canonical_link(root: HtmlElement) -> str | None:
    for link in root.iter("link"):
        rel = (link.get("rel") or "").lower().split()
        if "canonical" in rel and link.get("href"):
            return str(link.get("href")).strip()
    return None


# ---------------------------------------------------------------------------------------------
# Selection: every CSS selector of the project is compiled here, by lxml's own CSS support.


class SelectorError(ValueError):
    """A selector lxml cannot compile."""


_SUFFIX = re.compile(r"::(?:attr\(([\w:-]+)\)|(text))\s*$")
_TRANSLATOR = LxmlHTMLTranslator()


@dataclass(frozen=True, slots=True)
class Selector:
    """A CSS selector with an optional `::attr(name)` / `::text` suffix, compiled once.

    A selector with descendant combinators ("main article h2 a") is also kept as one XPath
    per descendant step, run from the outermost matches of the step before. libxml2 evaluates
    cssselect's one-expression form by merging node sets in quadratic time: 11.6 s for a
    listing of 60,000 teasers, 0.3 s stepwise. Both find the same elements in document order
    (a property test compares them on random trees and every page of the benchmark sets).
    """

    text: str
    attribute: str | None  # None: the element itself (or its text, by the caller's choice)
    whole: CSSSelector
    alternatives: tuple[tuple[lxml.etree.XPath, ...], ...] | None  # None: `whole` alone
    # alternatives with a class word to start from, answered from the page's class index
    # (class_index.py) and the descendant steps after it, and the CSS of the others (None:
    # there are none)
    keyed: tuple[tuple[Chain, tuple[lxml.etree.XPath, ...]], ...] = ()
    unkeyed: str | None = None

    def elements(self, root: HtmlElement, index: ClassIndex | None = None) -> list[HtmlElement]:
        if self.keyed and (index is not None or (index := index_of(root)) is not None):
            return self._indexed(root, index)
        return self._by_lxml(root)

    def _indexed(self, root: HtmlElement, index: ClassIndex) -> list[HtmlElement]:
        whole = tuple(chain for chain, steps in self.keyed if not steps)
        hits = [index.select(whole, root)] if whole else []
        for chain, steps in self.keyed:
            if steps:
                hits.append(_follow(index.select((chain,), root), steps))
        if self.unkeyed is not None:
            hits.append(selector(self.unkeyed).elements(root))
        hits = [found for found in hits if found]
        if len(hits) <= 1:
            return hits[0] if hits else []
        return _in_document_order(root, {e for found in hits for e in found})

    def _by_lxml(self, root: HtmlElement) -> list[HtmlElement]:
        if self.alternatives is None:
            return elements_of(self.whole(root))
        found = [_stepwise(steps, root) for steps in self.alternatives]
        hits = [f for f in found if f]
        if len(hits) <= 1:
            return hits[0] if hits else []
        return _in_document_order(root, {e for f in hits for e in f})

    def values(self, root: HtmlElement, index: ClassIndex | None = None) -> list[str]:
        """Attribute values when the selector names one, else the elements' visible text."""
        found = self.elements(root, index)
        if self.attribute is not None:
            return [v.strip() for el in found if (v := el.get(self.attribute))]
        return [t for el in found if (t := element_text(el))]


@lru_cache(maxsize=2048)
def selector(text: str) -> Selector:
    """The compiled form of `text`; SelectorError when lxml cannot compile it."""
    match = _SUFFIX.search(text)
    css = (text[: match.start()] if match else text).strip()
    attribute = match.group(1) if match else None
    try:
        whole = CSSSelector(css, translator="html")
        alternatives = _steps_of(css)
    except Exception as exc:  # cssselect raises several unrelated types
        raise SelectorError(f"{text!r}: {exc}") from exc
    parts = _split_top_level(css)
    plans = plan(parts)
    if parts is None or plans is None:
        return Selector(text, attribute, whole, alternatives)
    try:
        keyed = tuple((p[0], _descendant_steps(p[1])) for p in plans if p is not None)
    except Exception as exc:  # as above
        raise SelectorError(f"{text!r}: {exc}") from exc
    others = [" ".join(a) for a, p in zip(parts, plans, strict=True) if p is None]
    return Selector(text, attribute, whole, alternatives, keyed, ", ".join(others) or None)


def select(root: HtmlElement, text: str) -> list[HtmlElement]:
    """The elements `text` selects at or below `root`, in document order."""
    return selector(text).elements(root)


def all_values(
    root: HtmlElement, alternatives: tuple[str, ...], index: ClassIndex | None = None
) -> list[str]:
    """The values of the first alternative that finds any."""
    for text in alternatives:
        values = selector(text).values(root, index)
        if values:
            return values
    return []


def first_value(
    root: HtmlElement, alternatives: tuple[str, ...], index: ClassIndex | None = None
) -> str | None:
    """The first of those values."""
    return next(iter(all_values(root, alternatives, index)), None)


def first_element(
    root: HtmlElement, alternatives: tuple[str, ...], index: ClassIndex | None = None
) -> HtmlElement | None:
    """The first element of the first alternative that finds one."""
    for text in alternatives:
        found = selector(text).elements(root, index)
        if found:
            return found[0]
    return None


def has_class(element: HtmlElement, word: str) -> bool:
    """`element` matches `.word`."""
    value = element.get("class")
    return value is not None and (value == word or (word in value and word in class_words(value)))


def elements_of(found: object) -> list[HtmlElement]:
    """The elements among what an XPath gave (it may give strings, numbers, comments)."""
    return [e for e in found if isinstance(e, HtmlElement)] if isinstance(found, list) else []


def _stepwise(steps: tuple[lxml.etree.XPath, ...], root: HtmlElement) -> list[HtmlElement]:
    """Each step from the outermost elements the step before found: the subtrees of nested
    ones are already covered, so the results are disjoint and stay in document order."""
    return _follow(elements_of(steps[0](root)), steps[1:])


def _follow(found: list[HtmlElement], steps: tuple[lxml.etree.XPath, ...]) -> list[HtmlElement]:
    """`steps` (descendant steps) run from `found`, elements in document order."""
    for step in steps:
        if not found:
            return []
        following: list[HtmlElement] = []
        outer: HtmlElement | None = None
        for context in found:
            if outer is not None and _inside(context, outer):
                continue
            outer = context
            following.extend(elements_of(step(context)))
        found = following
    return found


def _descendant_steps(parts: list[str]) -> tuple[lxml.etree.XPath, ...]:
    """One XPath per part, each finding its matches below the elements it is run from."""
    return tuple(lxml.etree.XPath(_TRANSLATOR.css_to_xpath(part, "descendant::")) for part in parts)


def _inside(element: HtmlElement, ancestor: HtmlElement) -> bool:
    node = element.getparent()
    while node is not None:
        if node is ancestor:
            return True
        node = node.getparent()
    return False


def _in_document_order(root: HtmlElement, found: set[HtmlElement]) -> list[HtmlElement]:
    return [e for e in root.iter(lxml.etree.Element) if e in found]


def _steps_of(css: str) -> tuple[tuple[lxml.etree.XPath, ...], ...] | None:
    """One XPath per descendant step of each alternative; None when no alternative has two
    steps (the whole selector is then one plain XPath) or the text is not split safely."""
    alternatives = _split_top_level(css)
    if alternatives is None or all(len(parts) < 2 for parts in alternatives):
        return None
    return tuple(
        tuple(
            lxml.etree.XPath(
                _TRANSLATOR.css_to_xpath(part, "descendant-or-self::" if i == 0 else "descendant::")
            )
            for i, part in enumerate(parts)
        )
        for parts in alternatives
    )


_COMBINATORS = ">+~"


def _split_top_level(css: str) -> list[list[str]] | None:
    """The selector list's alternatives, each cut at its descendant combinators (whitespace
    between two compounds outside brackets, parentheses and quotes). None for text with
    escapes or unbalanced brackets, which is left whole to lxml."""
    if "\\" in css:
        return None
    alternatives: list[list[str]] = []
    parts: list[str] = []
    current: list[str] = []
    depth, quote, pending_space = 0, "", False
    for char in css:
        if quote:
            current.append(char)
            quote = "" if char == quote else quote
            continue
        if depth == 0 and char.isspace():
            pending_space = bool(current)
            continue
        if depth == 0 and char == ",":
            parts.append("".join(current))
            alternatives.append(parts)
            parts, current, pending_space = [], [], False
            continue
        if pending_space:
            if char in _COMBINATORS or current[-1] in _COMBINATORS:
                current.append(" ")
            else:
                parts.append("".join(current))
                current = []
            pending_space = False
        if char in "\"'":
            quote = char
        elif char in "([":
            depth += 1
        elif char in ")]":
            depth -= 1
            if depth < 0:
                return None
        current.append(char)
    if depth or quote:
        return None
    parts.append("".join(current))
    alternatives.append(parts)
    if any(
        not part or part[-1] in _COMBINATORS or part[0] in _COMBINATORS
        for alternative in alternatives
        for part in alternative
    ):
        return None
    return alternatives
