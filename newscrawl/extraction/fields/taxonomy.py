"""Where the story is filed: its sections (slugs) and tags. The profile's selectors, else the
page's own section name (`article:section`, JSON-LD `articleSection`), its category links
and WordPress's post classes; tags from `article:tag`, JSON-LD `keywords`, rel=tag links and
links to tag pages in the story's own `<article>`."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from lxml.html import HtmlElement

from newscrawl.extraction.class_index import class_words
from newscrawl.extraction.document import Document
from newscrawl.extraction.fields.found import Found, first, selected_all
from newscrawl.extraction.generic.jsonld import text_of
from newscrawl.extraction.generic.markup import category_slugs, has_rel
from newscrawl.extraction.provenance import HTML, JSON_LD, OPENGRAPH, PROFILE
from newscrawl.extraction.text import element_text
from newscrawl.urls import absolute_url

_POST_CATEGORY = re.compile(r"^category-([a-z0-9][a-z0-9-]*)$")
_TAG_PAGE = re.compile(r"/(?:tags?|schlagw(?:ort|orte)|stichw(?:ort|orte))/[^/?#]+/?(?:$|[?#])")


def read_sections(doc: Document, selectors: tuple[str, ...] = (), url: str = "") -> Found:
    """Slugs: of the profile's section links or names; else the page's own section name,
    else the slugs of its category links (not both)."""
    if selectors:
        slugs = _section_slugs(url, doc.values(selectors))
        if slugs:
            return Found(slugs, PROFILE)
    section, how = first(
        (doc.meta("article:section"), OPENGRAPH),
        (text_of(doc.article.get("articleSection")), JSON_LD),
    )
    if section is None:
        return Found(category_slugs(doc.root, url) or _post_categories(doc), HTML)
    return Found(["-".join(section.lower().split())], how)


# A site-rooted path of plain segments ("/kategorie/politik/"): resolved against any page URL
# it keeps exactly this path (no dot segments, nothing to quote or to cut off), so its
# segments are read without the cost of joining and splitting URLs.
_ROOTED_PATH = re.compile(r"(?:/[A-Za-z0-9_~-]+)+/?")


def _section_slugs(url: str, values: list[str]) -> list[str]:
    """Section links or names to slugs: the last path segment of a category URL."""
    slugs: list[str] = []
    for value in values:
        path = _path_of(url, value) if "/" in value else value
        slug = path.rstrip("/").rsplit("/", 1)[-1].strip().lower()
        if slug and slug not in slugs:
            slugs.append(slug)
    return slugs


def _path_of(url: str, value: str) -> str:
    """The path of a link as the page resolves it."""
    if _ROOTED_PATH.fullmatch(value):
        return value
    return urlsplit(absolute_url(url, value) or value).path


def story_element(doc: Document) -> HtmlElement | None:
    """The `<article>` around the page's headline: where the story's own links and classes
    are, apart from the sidebars' and teasers'."""
    headline = doc.headline
    return None if headline is None else next(headline.iterancestors("article"), None)


def _post_categories(doc: Document) -> list[str]:
    """WordPress's post classes on the story's `<article>` ("category-politik")."""
    story = story_element(doc)
    words = class_words(story.get("class") or "") if story is not None else []
    return [m.group(1) for m in map(_POST_CATEGORY.match, words) if m][:5]


def read_tags(doc: Document, selectors: tuple[str, ...] = ()) -> Found:
    found = selected_all(doc, selectors)
    if found.value:
        return found
    tags, how = doc.meta_all("article:tag"), OPENGRAPH
    keywords = doc.article.get("keywords")
    if not tags and isinstance(keywords, str):
        tags, how = keywords.split(","), JSON_LD
    elif not tags and isinstance(keywords, list):
        tags, how = [k for k in keywords if isinstance(k, str)], JSON_LD
    if not tags:  # the rel-tag microformat (WordPress and most blog engines)
        tags, how = [element_text(a) for a in doc.rel_links if _is_tag_link(a)], HTML
    if not tags:  # links to tag pages (/tag/<name>/) in the story's own <article>
        story = story_element(doc)
        links = story.iter("a") if story is not None else iter(())
        tags = [element_text(a) for a in links if _TAG_PAGE.search(a.get("href") or "")][:20]
    return Found(list(dict.fromkeys(t.strip() for t in tags if t and t.strip())), how)


def _is_tag_link(link: HtmlElement) -> bool:
    """rel="tag", but not WordPress's category links (rel="category tag")."""
    return has_rel(link, "tag") and not has_rel(link, "category")
