"""Article metadata of a page no profile knows: JSON-LD first, then OpenGraph, <meta>, markup."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from lxml.html import HtmlElement

from newscrawl.extraction.document import canonical_link, html_language
from newscrawl.extraction.generic.page import PageData, names_of, read_page, text_of
from newscrawl.extraction.text import collapse_whitespace, element_text
from newscrawl.extraction.urls import absolute_url
from newscrawl.items import Image

_TITLE_SEPARATORS = re.compile(r"\s+[|–—·•:»-]\s+|\s+::\s+")
_LANGUAGE = re.compile(r"^([a-z]{2,3})(?:[-_][a-z0-9]+)*$", re.IGNORECASE)


@dataclass(slots=True)
class GenericMetadata:
    title: str | None = None
    lead: str | None = None
    published: str | None = None
    modified: str | None = None
    authors: list[str] = field(default_factory=list)
    source: str | None = None
    tags: list[str] = field(default_factory=list)
    section: str | None = None
    language: str | None = None
    image: Image | None = None
    canonical_url: str | None = None


def generic_metadata(root: HtmlElement, url: str, page: PageData | None = None) -> GenericMetadata:
    page = page if page is not None else read_page(root)
    article = page.article
    return GenericMetadata(
        title=page_title(root, page, article),
        lead=page.meta("og:description", "description", "twitter:description")
        or text_of(article.get("description")),
        published=text_of(article.get("datePublished")) or _published(root, page),
        modified=text_of(article.get("dateModified")) or _modified(page),
        authors=_authors(root, page, article),
        tags=_tags(page, article),
        section=page.meta("article:section") or text_of(article.get("articleSection")),
        language=_language(root, page, article),
        image=_featured_image(page, article, url),
        canonical_url=_absolute(url, canonical_link(root) or page.meta("og:url")),
    )


def page_title(root: HtmlElement, page: PageData, article: dict[str, Any]) -> str | None:
    site = page.meta("og:site_name") or ""
    for candidate in (
        page.meta("og:title"),
        text_of(article.get("headline")),
        page.meta("twitter:title"),
        _first_text(root, "h1"),
        _first_text(root, "title"),
    ):
        if candidate and collapse_whitespace(candidate):
            return strip_site_name(collapse_whitespace(candidate), site)
    return None


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


def _first_text(root: HtmlElement, tag: str) -> str | None:
    element = next(root.iter(tag), None)
    return element_text(element) or None if element is not None else None


def _published(root: HtmlElement, page: PageData) -> str | None:
    value = page.meta(
        "article:published_time", "og:published_time", "datepublished", "date",
        "pubdate", "publishdate", "publish-date", "dc.date", "dc.date.issued",
        "dcterms.created", "parsely-pub-date", "sailthru.date",
    )  # fmt: skip
    if value:
        return value
    for element in root.iter("time"):
        if element.get("datetime"):
            return str(element.get("datetime"))
    return None


def _modified(page: PageData) -> str | None:
    return page.meta("article:modified_time", "og:updated_time", "datemodified", "dcterms.modified")


def _authors(root: HtmlElement, page: PageData, article: dict[str, Any]) -> list[str]:
    names = names_of(article.get("author")) or names_of(article.get("creator"))
    names = names or page.meta_all("author") or page.meta_all("article:author")
    if not names:
        names = [element_text(a) for a in root.iter("a") if "author" in (a.get("rel") or "")]
    if not names:
        names = [element_text(e) for e in root.find_class("byline")[:1]]
    names = [collapse_whitespace(n) for n in names if n and "://" not in n and len(n) < 120]
    return list(dict.fromkeys(n for n in names if n))


def _tags(page: PageData, article: dict[str, Any]) -> list[str]:
    tags = page.meta_all("article:tag")
    keywords = article.get("keywords")
    if not tags and isinstance(keywords, str):
        tags = keywords.split(",")
    elif not tags and isinstance(keywords, list):
        tags = [k for k in keywords if isinstance(k, str)]
    return list(dict.fromkeys(t.strip() for t in tags if t.strip()))


def _language(root: HtmlElement, page: PageData, article: dict[str, Any]) -> str | None:
    found = html_language(root)
    if found:
        return found
    for value in (
        page.meta("og:locale", "content-language", "language"),
        article.get("inLanguage"),
    ):
        match = _LANGUAGE.match(text_of(value) or "")
        if match:
            return match.group(1).lower()
    return None


def _featured_image(page: PageData, article: dict[str, Any], url: str) -> Image | None:
    found = page.meta("og:image", "og:image:url", "og:image:secure_url", "twitter:image")
    found = found or text_of(article.get("image")) or text_of(article.get("thumbnailUrl"))
    if not found:
        return None
    absolute = _absolute(url, found)
    return Image(url=absolute) if absolute else None


def _absolute(base: str, href: str | None) -> str | None:
    return absolute_url(base, href) if href else None


__all__ = ["GenericMetadata", "generic_metadata", "page_title", "strip_site_name"]
