"""Find a site's way around without a profile: sections, pagination, article links, feeds.

Pure functions over a parsed page (the spider only schedules what they return). General
heuristics only: menus in <nav>/<header>, URL shapes that news sites share, rel=next.
"""

from __future__ import annotations

import re
from functools import lru_cache
from urllib.parse import urlsplit

from lxml.html import HtmlElement

from newscrawl.extraction.generic.markup import has_rel
from newscrawl.extraction.text import element_text
from newscrawl.extraction.urls import (
    absolute_url,
    canonicalize_url,
    dated_story_path,
    same_site,
)

MAX_SECTIONS = 40
_NOT_CONTENT = re.compile(
    r"/(tag|tags|author|autor|authors|user|profile|search|suche|login|logout|register|"
    r"wp-admin|wp-content|wp-json|wp-login|feed|rss|comments|cart|shop|abo|newsletter|"
    r"impressum|imprint|datenschutz|privacy|cookies?|kontakt|contact|about|ueber-uns|agb|"
    r"terms|jobs|karriere|careers|hilfe|help|faq)(/|$|\.)",
    re.IGNORECASE,
)
_FILE = re.compile(r"\.(jpe?g|png|gif|webp|svg|pdf|zip|mp3|mp4|xml|rss|atom|json|css|js)$", re.I)
_PAGE_IN_PATH = re.compile(r"/(page|seite)/(\d+)/?$", re.IGNORECASE)
_NEXT_TEXT = re.compile(
    r"^(next|next page|older|older posts|weiter|nächste|nächste seite|ältere|ältere beiträge|"
    r"suivant|siguiente|[»›>→]+)(\s*[»›>→]+)?$",
    re.IGNORECASE,
)
_NUMERIC_ID = re.compile(r"(^|[-_/.])\d{5,}([-_.]|\.html?$|$)")
_MENU = re.compile(r"(^|[\s_-])(nav|navigation|menu|menubar|ressorts?)([\s_-]|$)", re.IGNORECASE)


@lru_cache(maxsize=16384)  # menus and sidebars repeat the same links on every listing page
def looks_like_article(url: str) -> bool:
    """A URL shaped like a story: a date in the path, a numeric id, or a long slug."""
    path = urlsplit(url).path
    if _NOT_CONTENT.search(path) or _FILE.search(path) or _PAGE_IN_PATH.search(path):
        return False
    segments = [s for s in path.split("/") if s]
    if not segments:
        return False
    last = segments[-1]
    if dated_story_path(url):
        return True
    if _NUMERIC_ID.search(last) and len(segments) >= 1 and not last.isdigit():
        return True
    words = [w for w in re.split(r"[-_]+", re.sub(r"\.html?$", "", last)) if w]
    return len(words) >= 5 and len(last) >= 30


def looks_like_section(url: str, home: str) -> bool:
    """A same-site listing path: short, not the home page, not a story, not a service page."""
    path = urlsplit(url).path
    segments = [s for s in path.split("/") if s]
    if not segments or len(segments) > 3 or urlsplit(url).query:
        return False
    if canonicalize_url(url) == canonicalize_url(home) or _FILE.search(path):
        return False
    return not _NOT_CONTENT.search(path) and not looks_like_article(url)


def page_links(root: HtmlElement, base: str, hosts: frozenset[str]) -> list[str]:
    """Every on-site link of the page, canonical, in order, once."""
    found: dict[str, None] = {}
    for link in root.iter("a"):
        href = link.get("href")
        url = absolute_url(base, href) if href else None
        if url and same_site(url, hosts):
            found[canonicalize_url(url)] = None
    return list(found)


def article_links(root: HtmlElement, base: str, hosts: frozenset[str]) -> list[str]:
    return [u for u in page_links(root, base, hosts) if looks_like_article(u)]


def section_links(root: HtmlElement, base: str, hosts: frozenset[str]) -> list[str]:
    """Section fronts linked from the page's menus (<nav>, <header>, role=navigation, menus)."""
    found: dict[str, None] = {}
    for menu in _menus(root):
        for url in page_links(menu, base, hosts):
            if looks_like_section(url, base):
                found[url] = None
    return list(found)[:MAX_SECTIONS]


def _menus(root: HtmlElement) -> list[HtmlElement]:
    menus: list[HtmlElement] = []
    for element in root.iter("nav", "header", "ul", "div"):
        if _is_menu(element):
            menus.append(element)
    return [m for m in menus if not any(m is not o and _inside(m, o) for o in menus)]


def _is_menu(element: HtmlElement) -> bool:
    if element.tag in ("nav", "header") or element.get("role") == "navigation":
        return True
    return bool(_MENU.search(f"{element.get('class', '')} {element.get('id', '')}"))


def _inside(element: HtmlElement, other: HtmlElement) -> bool:
    return any(parent is other for parent in element.iterancestors())


def next_page(root: HtmlElement, base: str, hosts: frozenset[str]) -> str | None:
    """The next listing page: rel=next, a "next"/"weiter" link, else /page/N+1/ of this one."""
    for element in root.iter("link", "a"):
        if has_rel(element, "next") and element.get("href"):
            url = absolute_url(base, element.get("href") or "")
            if url and same_site(url, hosts):
                return canonicalize_url(url)
    for link in root.iter("a"):
        classes = (link.get("class") or "").lower().split()
        text = element_text(link).strip()
        if link.get("href") and ("next" in classes or _NEXT_TEXT.match(text)):
            url = absolute_url(base, link.get("href") or "")
            if url and same_site(url, hosts) and url != base:
                return canonicalize_url(url)
    return _numbered_next(root, base, hosts)


def _numbered_next(root: HtmlElement, base: str, hosts: frozenset[str]) -> str | None:
    path = urlsplit(base).path
    match = _PAGE_IN_PATH.search(path)
    current = int(match.group(2)) if match else 1
    stem = path[: match.start()] if match else path.rstrip("/")
    for url in page_links(root, base, hosts):
        found = _PAGE_IN_PATH.search(urlsplit(url).path)
        same_stem = found is not None and urlsplit(url).path[: found.start()] == stem
        if found and same_stem and int(found.group(2)) == current + 1:
            return url
    return None


def feed_links(root: HtmlElement, base: str) -> list[str]:
    """RSS/Atom feeds the page declares with <link rel=alternate type=...>."""
    found: dict[str, None] = {}
    for link in root.iter("link"):
        kind = (link.get("type") or "").lower()
        if has_rel(link, "alternate") and kind.endswith(("rss+xml", "atom+xml")):
            url = absolute_url(base, link.get("href") or "")
            if url:
                found[url] = None
    return list(found)
