"""The headline and the summary: the profile's selectors, else the page's own metadata (the
headline as the `<h1>` shows it where that is the same), else its markup."""

from __future__ import annotations

import html
import re
from collections.abc import Iterator
from typing import Any

from lxml.html import HtmlElement

from newscrawl.extraction.document import Document
from newscrawl.extraction.fields.found import Found, first, selected
from newscrawl.extraction.generic.jsonld import text_of
from newscrawl.extraction.provenance import HTML, JSON_LD, META, OPENGRAPH
from newscrawl.extraction.text import collapse_whitespace, element_text

_TITLE_SEPARATORS = re.compile(r"\s+[|–—·•:»-]\s+|\s+::\s+")


def read_title(doc: Document, selectors: tuple[str, ...] = ()) -> Found:
    """The first title the metadata names, without the site's name; as the page's `<h1>`
    shows it where that is the same headline (WordPress prints "Update – Plans" where its
    metadata says "Update - Plans"), and then whole: a dash or colon in the `<h1>` belongs to
    the headline, not to a site name."""
    found = selected(doc, selectors)
    if found.value:
        return found
    site = doc.meta("og:site_name") or ""
    shown = collapse_whitespace(first_text(doc.root, "h1") or "")
    for candidate, how in _title_candidates(doc, doc.article):
        whole = collapse_whitespace(candidate or "")
        if not whole:
            continue
        title = strip_site_name(whole, site)
        for same in (whole, title):
            if shown and _loose(shown) == _loose(same):
                return Found(shown, how if shown == same else HTML)
        return Found(title, how)
    return Found(None, "")


# Characters a CMS prints in another form than its metadata holds (WordPress's wptexturize)
_TYPOGRAPHIC = str.maketrans(
    {"\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2013": "-", "\u2014": "-",
     "\u2015": "-", "\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"',
     "\u00a0": " ", "\u2026": "..."}
)  # fmt: skip


def _loose(text: str) -> str:
    """A headline compared as a reader would: dashes, quotes and case alike."""
    return " ".join(text.translate(_TYPOGRAPHIC).casefold().split())


def _title_candidates(doc: Document, article: dict[str, Any]) -> Iterator[tuple[str | None, str]]:
    """In order of trust; the markup's text is only rendered when no metadata names a title."""
    yield doc.meta("og:title"), OPENGRAPH
    yield text_of(article.get("headline")), JSON_LD
    yield doc.meta("twitter:title"), META
    yield first_text(doc.root, "h1"), HTML
    yield first_text(doc.root, "title"), HTML


def strip_site_name(title: str, site: str) -> str:
    """ "Headline | Site" or "Site - Headline" to "Headline"; a title of one part stays whole."""
    parts = [p for p in _TITLE_SEPARATORS.split(title) if p.strip()]
    if len(parts) < 2:
        return title
    site_key = site.casefold().strip()
    if site_key:
        kept = [p for p in parts if p.casefold().strip() != site_key]
        if 0 < len(kept) < len(parts):
            return " - ".join(kept) if len(kept) > 1 else kept[0]
    longest = max(parts, key=len)
    edge_is_short = len(parts[-1]) <= 30 or len(parts[0]) <= 30
    return longest if edge_is_short and len(longest) >= 20 else title


def stated_title(doc: Document) -> str | None:
    """The title the page states of itself, site name and all: `og:title`, else `<title>`
    (what page recognition looks for among the headings)."""
    return doc.meta("og:title") or first_text(doc.root, "title")


def first_text(root: HtmlElement, tag: str) -> str | None:
    element = next(root.iter(tag), None)
    return element_text(element) or None if element is not None else None


def read_lead(doc: Document, selectors: tuple[str, ...] = ()) -> Found:
    found = selected(doc, selectors)
    return found if found.value else first(*_summary_candidates(doc, doc.article))


def page_summaries(doc: Document) -> set[str]:
    """Every summary the page gives of itself (the lead's candidates), whitespace collapsed."""
    return {collapse_whitespace(text) for text, _ in _summary_candidates(doc, doc.article) if text}


def _summary_candidates(doc: Document, article: dict[str, Any]) -> list[tuple[str | None, str]]:
    found = [
        (doc.meta("og:description"), OPENGRAPH),
        (doc.meta("description", "twitter:description"), META),
        (text_of(article.get("description")), JSON_LD),
    ]
    return [(as_shown(text) if text else text, how) for text, how in found]


# HTML a CMS left in a summary: block tags part words, inline ones do not ("<The Palace>",
# a title in angle brackets, is no tag)
_BLOCK_MARKUP = re.compile(r"</?(?:p|br|div|h[1-6]|li|ul|ol|blockquote)\b[^<>]{0,200}>", re.I)
_INLINE_MARKUP = re.compile(r"</?(?:a|strong|b|i|em|span|sup|sub|small|u|img)\b[^<>]{0,200}>", re.I)


def as_shown(summary: str) -> str:
    """A summary as the page shows it: some CMSs print its markup escaped into the metadata
    ("&lt;p&gt;Die frühen …", "Aydan&amp;nbsp;Özoğuz"), which a reader never sees."""
    text = _BLOCK_MARKUP.sub(" ", html.unescape(summary))
    return collapse_whitespace(_INLINE_MARKUP.sub("", text))
