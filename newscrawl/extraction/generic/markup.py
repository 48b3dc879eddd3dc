"""Metadata that only the markup states: rel microformats and <time> elements."""

from __future__ import annotations

from urllib.parse import urlsplit

from lxml.html import HtmlElement

from newscrawl.extraction.text import element_text
from newscrawl.urls import absolute_url

_MAX_CATEGORIES = 5


def has_rel(element: HtmlElement, value: str) -> bool:
    return value in (element.get("rel") or "").lower().split()


def time_value(root: HtmlElement, *hints: str, fallback: bool = True) -> str | None:
    """The datetime (else the text) of the first <time> whose class names one of `hints`;
    with `fallback`, else the first <time datetime> anywhere on the page."""
    for element in root.iter("time"):
        classes = (element.get("class") or "").lower()
        if any(hint in classes for hint in hints):
            value = element.get("datetime") or element_text(element)
            if value and value.strip():
                return str(value).strip()
    if not fallback:
        return None
    for element in root.iter("time"):
        if element.get("datetime"):
            return str(element.get("datetime")).strip()
    return None


def category_slugs(root: HtmlElement, url: str) -> list[str]:
    """Sections from `rel="category"` links (WordPress's `category tag`): the last path
    segment of each link, in page order."""
    slugs: list[str] = []
    for link in root.iter("a"):
        href = link.get("href")
        if not href or not has_rel(link, "category"):
            continue
        absolute = absolute_url(url, href)
        path = urlsplit(absolute).path if absolute else ""
        slug = path.rstrip("/").rsplit("/", 1)[-1].strip().lower()
        if slug and slug not in slugs:
            slugs.append(slug)
    return slugs[:_MAX_CATEGORIES]
