"""Parse a page once into an lxml tree shared by every field."""

from __future__ import annotations

import codecs
import re

import lxml.etree
import lxml.html
from lxml.html import (
    HtmlComment,
    HtmlElement,
    HtmlElementClassLookup,
    HtmlEntity,
    HtmlProcessingInstruction,
)

from newscrawl.extraction.decode import decode_html
from newscrawl.extraction.text import CONTROL_BYTES

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
