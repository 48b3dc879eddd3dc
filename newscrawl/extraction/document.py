"""Parse a page once into an lxml tree shared by every field."""

from __future__ import annotations

import re

import lxml.etree
import lxml.html
from lxml.html import HtmlElement

from newscrawl.extraction.decode import decode_html

_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>", re.IGNORECASE)


class UnparseablePage(ValueError):
    """The bytes hold no HTML document at all."""


def parse_html(html: str | bytes, encoding: str | None = None) -> HtmlElement:
    """One tree per page; bytes are decoded first (`encoding`: the charset the server sent)."""
    text = decode_html(html, encoding) if isinstance(html, bytes) else html
    source = _XML_DECLARATION.sub("", text, count=1).replace("\x00", "")
    if not source.strip():
        raise UnparseablePage("empty document")
    try:
        parser = lxml.html.HTMLParser(remove_comments=True)
        root = lxml.html.document_fromstring(source, parser=parser)
    except (ValueError, lxml.etree.ParserError) as exc:
        raise UnparseablePage(str(exc)) from exc
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
