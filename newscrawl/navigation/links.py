"""A listing page read without a profile: its story links, its sections, its next page.

Pure functions over a parsed page (the spider only schedules what they return). General
heuristics only: menus in <nav>/<header>, teasers' headlines and permalinks, URL shapes that
news sites share, rel=next.
"""

from __future__ import annotations

import re
from functools import lru_cache
from urllib.parse import urlsplit

from lxml.html import HtmlElement

from newscrawl.extraction.generic.markup import has_rel
from newscrawl.extraction.text import element_text
from newscrawl.urls import (
    absolute_url,
    canonicalize_url,
    dated_story_path,
    host_of,
    page_path,
    same_site,
)

MAX_SECTIONS = 40
_SERVICE_WORDS = (
    r"impressum|imprint|datenschutz|privacy|cookies?|kontakt|contact|about|ueber-uns|agb|"
    r"terms|jobs|karriere|careers|hilfe|help|faq"
)
_NOT_CONTENT = re.compile(
    r"/(tag|tags|author|autor|authors|user|profile|search|suche|login|logout|register|"
    r"wp-admin|wp-content|wp-json|wp-login|feed|rss|comments|cart|shop|abo|newsletter|"
    rf"{_SERVICE_WORDS})(/|$|\.)",
    re.IGNORECASE,
)
# The page's own name is a service word ("/privacy/", "/info/cookies.html"): a service page,
# unless a listing presents it as a story (a post titled "Cookie" at "/posts/cookie/")
_SERVICE_NAME = re.compile(rf"/({_SERVICE_WORDS})(\.html?)?/?$", re.IGNORECASE)
_FILE = re.compile(r"\.(jpe?g|png|gif|webp|svg|pdf|zip|mp3|mp4|xml|rss|atom|json|css|js)$", re.I)
# A numbered listing page: "/page/3/" (WordPress), "/seite/3/", "/page3/" (Jekyll)
_PAGE_IN_PATH = re.compile(r"/(page|seite)/?(\d+)/?$", re.IGNORECASE)
_PAGE_IN_QUERY = re.compile(r"(?:^|&)(?:page|seite|pg)=(\d+)(?:&|$)", re.IGNORECASE)
# The last segment of an index of stories: an archive, the list of categories or topics, a
# generator's numbered page ("/page7/", Jekyll's paginator)
_LISTING_NAME = re.compile(
    r"archives?|archiv|categories|kategorien|topics|themen|sections|rubriken|tags|page\d+",
    re.IGNORECASE,
)
_NEXT_TEXT = re.compile(
    r"^(next|next page|older|older posts|weiter|nächste|nächste seite|ältere|ältere beiträge|"
    r"suivant|siguiente|[»›>→]+)(\s*[»›>→]+)?$",
    re.IGNORECASE,
)
# A story's number: five digits or more, or four that are no year ("-a-4821.html")
_NUMERIC_ID = re.compile(r"(^|[-_/.])(\d{5,}|(?!19|20)\d{4})([-_.]|\.html?$|$)")
_MENU = re.compile(r"(^|[\s_-])(nav|navigation|menu|menubar|ressorts?)([\s_-]|$)", re.IGNORECASE)


NO_STORY_SHAPE = "no date, id or long slug in its address"
SERVICE_NAME = "a service page by its name"
# what a listing's linked headline outweighs: the address alone speaks against a story
HEADLINE_OUTWEIGHS = frozenset({NO_STORY_SHAPE, SERVICE_NAME})


def looks_like_article(url: str) -> bool:
    """A URL shaped like a story: a date in the path, a numeric id, or a long slug."""
    return not_a_story_because(url) is None


@lru_cache(maxsize=16384)  # menus and sidebars repeat the same links on every listing page
def not_a_story_because(url: str) -> str | None:
    """Why a URL is not shaped like a story ("service page", "a file", "a listing page",
    "no date, id or long slug"), or None when it is."""
    path = page_path(url)
    if (match := _NOT_CONTENT.search(path)) is not None:
        named = _SERVICE_NAME.search(path)
        inside = path.count("/", 0, match.start()) >= 1  # below a section: "/posts/cookie/"
        own_name = named is not None and named.start() == match.start()
        return SERVICE_NAME if inside and own_name else "a service page"
    if _FILE.search(path):
        return "a file"
    if _PAGE_IN_PATH.search(path):
        return "a listing page"
    segments = [s for s in path.split("/") if s]
    if not segments:
        return "the front page"
    last = segments[-1]
    if _LISTING_NAME.fullmatch(last):
        return "a listing page"
    if dated_story_path(url):
        return None
    if _NUMERIC_ID.search(last) and not last.isdigit():
        return None
    words = [w for w in re.split(r"[-_]+", re.sub(r"\.html?$", "", last)) if w]
    if len(words) >= 5 and len(last) >= 30:
        return None
    return NO_STORY_SHAPE


def looks_like_section(url: str, home: str) -> bool:
    """A same-site listing path: short, not the home page, not a story, not a service page."""
    path = page_path(url)
    segments = [s for s in path.split("/") if s]
    if not segments or len(segments) > 3 or urlsplit(url).query:
        return False
    if (host_of(url), path) == (host_of(home), page_path(home)) or _FILE.search(path):
        return False  # the home page itself (`/index.html` too), or a file
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


def headline_links(root: HtmlElement, base: str, hosts: frozenset[str]) -> set[str]:
    """On-site links a listing presents as stories whatever their address: a permalink
    (`rel=bookmark`, which WordPress themes put on every post's link) or a teaser's linked
    headline (an `<a>` in an `<h1>`-`<h4>`), outside the page's menus, header, footer and
    asides. Their pages are judged once fetched, like any other."""
    found: set[str] = set()
    for link in root.iter("a"):
        href = link.get("href")
        if not href or not (has_rel(link, "bookmark") or _in_heading(link)):
            continue
        if any(a.tag in _FURNITURE or _is_menu(a) for a in link.iterancestors()):
            continue
        url = absolute_url(base, href)
        if url and same_site(url, hosts):
            found.add(canonicalize_url(url))
    return found


_HEADINGS = frozenset({"h1", "h2", "h3", "h4"})  # Chirpy's listings: an <h1> per post
_FURNITURE = frozenset({"nav", "header", "footer", "aside"})


def _in_heading(link: HtmlElement) -> bool:
    parent = link.getparent()
    for _ in range(2):  # <h3><a>, <h3><span><a>
        if parent is None:
            return False
        if parent.tag in _HEADINGS:
            return True
        parent = parent.getparent()
    return False


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
    """This listing's page N+1 among the page's links: in its path ("/page/N+1/", "/pageN+1/")
    or in its query ("?page=N+1")."""
    return _next_in_path(root, base, hosts) or _next_in_query(root, base, hosts)


def _next_in_query(root: HtmlElement, base: str, hosts: frozenset[str]) -> str | None:
    parts = urlsplit(base)
    match = _PAGE_IN_QUERY.search(parts.query)
    current = int(match.group(1)) if match else 1
    for url in page_links(root, base, hosts):
        other = urlsplit(url)
        found = _PAGE_IN_QUERY.search(other.query)
        if found and other.path == parts.path and int(found.group(1)) == current + 1:
            return url
    return None


def _next_in_path(root: HtmlElement, base: str, hosts: frozenset[str]) -> str | None:
    path = page_path(base)
    match = _PAGE_IN_PATH.search(path)
    current = int(match.group(2)) if match else 1
    stem = path[: match.start()] if match else path.rstrip("/")
    for url in page_links(root, base, hosts):
        found = _PAGE_IN_PATH.search(page_path(url))
        same_stem = found is not None and page_path(url)[: found.start()] == stem
        if found and same_stem and int(found.group(2)) == current + 1:
            return url
    return None
