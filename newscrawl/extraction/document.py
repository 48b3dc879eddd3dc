"""Parse a page once into an lxml tree shared by every field."""

from __future__ import annotations

import re

import lxml.etree
import lxml.html
from lxml.html import HtmlElement

_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>", re.IGNORECASE)


class UnparseablePage(ValueError):
    """The bytes hold no HTML document at all."""


def parse_html(html: str | bytes, encoding: str | None = None) -> HtmlElement:
    source: str | bytes = html
    if isinstance(html, str):
        source = _XML_DECLARATION.sub("", html, count=1)
    if not source.strip():
        raise UnparseablePage("empty document")
    parser = _parser(encoding if isinstance(html, bytes) else None)
    try:
        root = lxml.html.document_fromstring(source, parser=parser)
    except (ValueError, lxml.etree.ParserError) as exc:
        raise UnparseablePage(str(exc)) from exc
    return root


def _parser(encoding: str | None) -> lxml.html.HTMLParser:
    return lxml.html.HTMLParser(encoding=encoding, remove_comments=True)


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
