"""Article metadata of a page no profile knows: JSON-LD first, then OpenGraph, <meta>, markup."""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from lxml import etree
from lxml.html import HtmlElement

from newscrawl.extraction.dates import parse_date, refines, written_date
from newscrawl.extraction.document import Document, class_words, has_class
from newscrawl.extraction.generic.headline import RUNNING_TEXT, near_headline
from newscrawl.extraction.generic.jsonld import names_of, organisations_of, people_of, text_of
from newscrawl.extraction.generic.markup import category_slugs, has_rel, time_value
from newscrawl.extraction.generic.page_dates import page_date, shown_date
from newscrawl.extraction.generic.second_opinion import page_authors
from newscrawl.extraction.provenance import HTML, JSON_LD, META, OPENGRAPH
from newscrawl.extraction.text import collapse_whitespace, element_text
from newscrawl.items import Image
from newscrawl.urls import absolute_url

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
    sections: list[str] = field(default_factory=list)  # slugs from rel=category links
    sources: dict[str, str] = field(default_factory=dict)  # output field -> method


Found = tuple[str | None, str]  # a value and the method (provenance) that found it


def generic_metadata(doc: Document, url: str) -> GenericMetadata:
    article = doc.article
    found: dict[str, Found] = {
        "title": _title(doc, article),
        "lead": _lead(doc, article),
        "published_at": _published(doc, article, url),
        "modified_at": _modified(doc, article),
        "language": _language(doc, article),
    }
    meta = GenericMetadata(
        title=found["title"][0],
        lead=found["lead"][0],
        published=found["published_at"][0],
        modified=found["modified_at"][0],
        language=found["language"][0],
        canonical_url=_absolute(url, doc.canonical or doc.meta("og:url")),
    )
    meta.sources = {name: how for name, (value, how) in found.items() if value}
    _add_lists(meta, doc, article, url)
    meta.sources = {name: how for name, how in meta.sources.items() if how}
    return meta


def _add_lists(meta: GenericMetadata, doc: Document, article: dict[str, Any], url: str) -> None:
    """The fields that are lists or objects, each with its method."""
    links = _RelLinks(doc.root)  # authors and tags may both fall back to the rel microformats
    meta.authors, meta.sources["authors"] = _authors(doc, article, links, url)
    meta.tags, meta.sources["tags"] = _tags(doc, article, links)
    meta.section, meta.sections, meta.sources["sections"] = read_sections(doc, article, url)
    meta.image, meta.sources["images"] = featured_image(doc, article, url)


def read_sections(
    doc: Document, article: dict[str, Any], url: str
) -> tuple[str | None, list[str], str]:
    """The page's own section name, else the slugs of its category links (not both)."""
    section, how = _first(
        (doc.meta("article:section"), OPENGRAPH),
        (text_of(article.get("articleSection")), JSON_LD),
    )
    if section is None:
        return None, category_slugs(doc.root, url) or _post_categories(doc), HTML
    return section, [], how


_POST_CATEGORY = re.compile(r"^category-([a-z0-9][a-z0-9-]*)$")
_TAG_PAGE = re.compile(r"/(?:tags?|schlagw(?:ort|orte)|stichw(?:ort|orte))/[^/?#]+/?(?:$|[?#])")


def _story_element(doc: Document) -> HtmlElement | None:
    """The `<article>` around the page's headline: where the story's own links and classes
    are, apart from the sidebars' and teasers'."""
    headline = next(doc.root.iter("h1"), None)
    return None if headline is None else next(headline.iterancestors("article"), None)


def _post_categories(doc: Document) -> list[str]:
    """WordPress's post classes on the story's `<article>` ("category-politik")."""
    story = _story_element(doc)
    words = class_words(story.get("class") or "") if story is not None else []
    return [m.group(1) for m in map(_POST_CATEGORY.match, words) if m][:5]


Reader = Callable[[Document, dict[str, Any], str], tuple[Any, str]]

# Each field a profiled page may lack, read alone exactly as `generic_metadata` reads it, for a
# caller that needs one or two (sections: see `read_sections`). The generic reading never
# finds a `source`.
FIELD_READERS: dict[str, Reader] = {
    "title": lambda doc, article, url: _title(doc, article),
    "lead": lambda doc, article, url: _lead(doc, article),
    "published_at": lambda doc, article, url: _published(doc, article, url),
    "modified_at": lambda doc, article, url: _modified(doc, article),
    "authors": lambda doc, article, url: _authors(doc, article, url=url),
    "tags": lambda doc, article, url: _tags(doc, article),
}


def _first(*candidates: Found) -> Found:
    for value, how in candidates:
        if value and value.strip():
            return value.strip(), how
    return None, ""


def page_title(doc: Document, article: dict[str, Any]) -> str | None:
    return _title(doc, article)[0]


def _title(doc: Document, article: dict[str, Any]) -> Found:
    """The first title the metadata names, without the site's name; as the page's `<h1>`
    shows it where that is the same headline (WordPress prints "Update – Plans" where its
    metadata says "Update - Plans"), and then whole: a dash or colon in the `<h1>` belongs to
    the headline, not to a site name."""
    site = doc.meta("og:site_name") or ""
    shown = collapse_whitespace(_first_text(doc.root, "h1") or "")
    for candidate, how in _title_candidates(doc, article):
        whole = collapse_whitespace(candidate or "")
        if not whole:
            continue
        title = strip_site_name(whole, site)
        for same in (whole, title):
            if shown and _loose(shown) == _loose(same):
                return shown, how if shown == same else HTML
        return title, how
    return None, ""


# Characters a CMS prints in another form than its metadata holds (WordPress's wptexturize)
_TYPOGRAPHIC = str.maketrans(
    {"\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2013": "-", "\u2014": "-",
     "\u2015": "-", "\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"',
     "\u00a0": " ", "\u2026": "..."}
)  # fmt: skip


def _loose(text: str) -> str:
    """A headline compared as a reader would: dashes, quotes and case alike."""
    return " ".join(text.translate(_TYPOGRAPHIC).casefold().split())


def _title_candidates(doc: Document, article: dict[str, Any]) -> Iterator[Found]:
    """In order of trust; the markup's text is only rendered when no metadata names a title."""
    yield doc.meta("og:title"), OPENGRAPH
    yield text_of(article.get("headline")), JSON_LD
    yield doc.meta("twitter:title"), META
    yield _first_text(doc.root, "h1"), HTML
    yield _first_text(doc.root, "title"), HTML


def _lead(doc: Document, article: dict[str, Any]) -> Found:
    return _first(*_summary_candidates(doc, article))


def page_summaries(doc: Document) -> set[str]:
    """Every summary the page gives of itself (the lead's candidates), whitespace collapsed."""
    return {collapse_whitespace(text) for text, _ in _summary_candidates(doc, doc.article) if text}


def _summary_candidates(doc: Document, article: dict[str, Any]) -> list[Found]:
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


# Where a page names its publication time in <meta>: OpenGraph, then other conventions
PUBLISHED_OPENGRAPH = ("article:published_time", "og:published_time")
PUBLISHED_META = (
    "datepublished", "date", "pubdate", "publishdate", "publish-date", "dc.date",
    "dc.date.issued", "dcterms.created", "parsely-pub-date", "sailthru.date",
)  # fmt: skip


def _first_date(*candidates: Found) -> Found:
    """The first candidate that reads as a date: a value no parser understands
    ("Thu, 09/25/2025 - 11:38") gives way to the next source instead of leaving none."""
    return _first(*((value, how) for value, how in candidates if value and parse_date(value)))


def _stated_published(doc: Document, article: dict[str, Any]) -> list[Found]:
    """The publication dates the page's metadata states, in order of trust."""
    return [
        (text_of(article.get("datePublished")), JSON_LD),
        (doc.meta(*PUBLISHED_OPENGRAPH), OPENGRAPH),
        (doc.meta(*PUBLISHED_META), META),
    ]


def refined_published(doc: Document, shown: str) -> Found | None:
    """The metadata's publication date where it states the moment `shown` (a date the page
    shows, or a profile's selector read) more exactly (dates.refines), else None."""
    for value, how in _stated_published(doc, doc.article):
        if value and refines(shown, value):
            return value, how
    return None


def _published(doc: Document, article: dict[str, Any], url: str) -> Found:
    """The date shown beside the headline first (see page_dates.py), unless the metadata
    states the same moment more exactly (dates.refines); then the metadata."""
    shown = shown_date(doc)
    if shown is not None and (refined := refined_published(doc, shown)) is not None:
        return refined
    found = _first_date((shown, HTML), *_stated_published(doc, article))
    if found[0] is not None:
        return found
    return _first((time_value(doc.root, "publish"), HTML), (page_date(doc, url), HTML))


def _modified(doc: Document, article: dict[str, Any]) -> Found:
    found = _first_date(
        (text_of(article.get("dateModified")), JSON_LD),
        (doc.meta("article:modified_time", "og:updated_time"), OPENGRAPH),
        (doc.meta("datemodified", "dcterms.modified"), META),
    )
    if found[0] is not None:
        return found
    return _first((time_value(doc.root, "updated", "modified", fallback=False), HTML))


def _authors(
    doc: Document, article: dict[str, Any], links: _RelLinks | None = None, url: str | None = None
) -> tuple[list[str], str]:
    how = JSON_LD
    names = people_of(article.get("author")) or people_of(article.get("creator"))
    if names:  # an agency credited beside the people ("dpa"), not the site itself: the source
        names += _agencies(doc, article)
    if not names:
        names, how = doc.meta_all("author"), META
    if not names:
        names, how = doc.meta_all("article:author"), OPENGRAPH
    if not names:
        names, how = _microdata_authors(doc.root), HTML
    if not names:
        rel_links = (links or _RelLinks(doc.root)).found()
        names, how = [element_text(a) for a in rel_links if has_rel(a, "author")], HTML
    if not names:
        names = [element_text(e) for e in _first_of_class(doc.root, "byline")]
    if not names:
        names = _marked_byline(doc.root)
    if not names:
        names = shown_byline(doc)
    if not names:  # only an organisation is named: it is the author there is
        names, how = names_of(article.get("author")) or names_of(article.get("creator")), JSON_LD
    if not names and url is not None:
        names = [name for name in map(_bare_name, page_authors(doc, url)) if name]
        how = HTML
    names = [collapse_whitespace(n) for n in names if n and "://" not in n and len(n) < 120]
    return list(dict.fromkeys(n for n in names if n)), how


def _agencies(doc: Document, article: dict[str, Any]) -> list[str]:
    """Organisations in the JSON-LD author list that are not the site or its publisher
    (normalize.py sorts them into `source` where they name an outlet)."""
    own = {name.casefold() for name in names_of(article.get("publisher"))}
    own.add((doc.meta("og:site_name") or "").casefold())
    return [n for n in organisations_of(article.get("author")) if n.casefold() not in own]


def _microdata_authors(root: HtmlElement) -> list[str]:
    """schema.org microdata: `itemprop="author"`, its `itemprop="name"` where it has one."""
    names: list[str] = []
    for element in root.iter(etree.Element):
        if (element.get("itemprop") or "").strip().lower() != "author":
            continue
        named = next((e for e in element.iter(etree.Element) if e.get("itemprop") == "name"), None)
        holder = named if named is not None else element
        name = holder.get("content") or element_text(holder)
        if name:
            names.append(name)
    return names


# A class word naming the byline itself ("author", "post-author", "c-byline__name", "writer"),
# not the things around it (its avatar, bio, box, date, label, links, share buttons).
_BYLINE_WORD = re.compile(r"(?:^|[-_])(?:author|byline|writer)s?(?:$|[-_])", re.IGNORECASE)
_NOT_THE_NAME = re.compile(
    r"avatar|image|img|photo|pic|bio|box|card|date|time|label|title|social|share|link|list|"
    r"url|info|desc|about|more|follow|wrap",
    re.IGNORECASE,
)
_AUTHOR_PAGE = re.compile(r"/(?:author|autor|authors|autoren|writers?)/[^/?#]+/?(?:$|[?#])")


# What a byline in markup wraps around the name: a label before it, a date after it.
_LABEL = re.compile(
    r"^(?:(?:the\s+)?authors?|autor(?:in|en)?|(?:written|posted|articles|posts|stories)\s+by|"
    r"by|von)\b\s*:?\s*",
    re.IGNORECASE,
)
_DATED_TAIL = re.compile(r"\s*(?:[-–—|•·,]|\bon\b|\bam\b)\s*[^-–—|•·]*\d.*$", re.IGNORECASE)


def _marked_byline(root: HtmlElement) -> list[str]:
    """The first short element whose class names the byline, else the links to author
    pages (`/author/<name>/`): where the page marks its author in markup only. Labels and
    dates around the name are cut; what is left with a digit in it is no name."""
    for element in root.iter(etree.Element):
        words = class_words(element.get("class") or "")
        if any(_BYLINE_WORD.search(w) and not _NOT_THE_NAME.search(w) for w in words):
            name = _bare_name(element_text(element))
            if name:
                return [name]
    found = (_bare_name(element_text(a)) for a in root.iter("a")
             if _AUTHOR_PAGE.search(a.get("href") or ""))  # fmt: skip
    return [name for name in found if name][:3]


# A byline as shown under the headline: "By Ann Lee", "Von Anna Meier", "Written by:" and the
# name in the next piece, "January 20th, 2025 by Ann Lee".
_BY_ALONE = re.compile(
    r"^(?:by|von|(?:written|posted|text|story)\s+by|autor(?:in)?|author|text)\s*:?$",
    re.IGNORECASE,
)
_BY_NAME = re.compile(
    r"^(?:by|von|(?:written|posted|story)\s+by|autor(?:in)?|author)\s*:?\s+(.+)$", re.IGNORECASE
)
_DATE_BY_NAME = re.compile(r"^(.*\d.*)\s+by:?\s+(.+)$", re.IGNORECASE)  # "May 2, 2025 by Ann"


def shown_byline(doc: Document) -> list[str]:
    """The name in the byline shown under the headline, where the page marks it in no other
    way: after "By"/"Von" in the same piece of text or alone in the one before."""
    labelled = False
    for piece in near_headline(doc):
        if piece.in_headline or piece.time is not None or len(piece.text) > RUNNING_TEXT:
            continue
        text = collapse_whitespace(piece.text)
        if labelled:
            name = _shown_name(text)
            return [name] if name else []
        if _BY_ALONE.match(text):
            labelled = True
            continue
        match = _BY_NAME.match(text)
        dated = _DATE_BY_NAME.match(text)
        if dated and written_date(dated.group(1)):
            match = dated
        if match:
            name = _shown_name(match.groups()[-1])
            if name:
                return [name]
    return []


def _shown_name(text: str) -> str | None:
    """A name, not a phrase ("by a student", "by printing one of our examples"): where it has
    several words, the first is capitalised."""
    name = _bare_name(text)
    if name is None or (" " in name and not name[0].isupper()):
        return None
    return name


def _bare_name(text: str) -> str | None:
    if not text or len(text) > 80:
        return None
    name = _DATED_TAIL.sub("", _LABEL.sub("", text.strip())).strip(" :,-")
    return name if name and not any(c.isdigit() for c in name) else None


def _tags(
    doc: Document, article: dict[str, Any], links: _RelLinks | None = None
) -> tuple[list[str], str]:
    tags, how = doc.meta_all("article:tag"), OPENGRAPH
    keywords = article.get("keywords")
    if not tags and isinstance(keywords, str):
        tags, how = keywords.split(","), JSON_LD
    elif not tags and isinstance(keywords, list):
        tags, how = [k for k in keywords if isinstance(k, str)], JSON_LD
    if not tags:  # the rel-tag microformat (WordPress and most blog engines)
        rel_links = (links or _RelLinks(doc.root)).found()
        tags, how = [element_text(a) for a in rel_links if _is_tag_link(a)], HTML
    if not tags:  # links to tag pages (/tag/<name>/) in the story's own <article>
        story = _story_element(doc)
        found = story.iter("a") if story is not None else iter(())
        tags = [element_text(a) for a in found if _TAG_PAGE.search(a.get("href") or "")][:20]
    return list(dict.fromkeys(t.strip() for t in tags if t and t.strip())), how


class _RelLinks:
    """The page's <a> elements with a rel attribute, found once when first asked for: most
    links have none, and skip the rel tests."""

    __slots__ = ("_found", "_root")

    def __init__(self, root: HtmlElement) -> None:
        self._root = root
        self._found: list[HtmlElement] | None = None

    def found(self) -> list[HtmlElement]:
        if self._found is None:
            self._found = [a for a in self._root.iter("a") if a.get("rel")]
        return self._found


def _first_of_class(root: HtmlElement, word: str) -> list[HtmlElement]:
    """`root.find_class(word)[:1]`, without find_class's XPath string functions on every
    element of the page: the scan stops at the first element with that class word."""
    for element in root.iter(etree.Element):
        if has_class(element, word):
            return [element]
    return []


def _is_tag_link(link: HtmlElement) -> bool:
    """rel="tag", but not WordPress's category links (rel="category tag")."""
    return has_rel(link, "tag") and not has_rel(link, "category")


def _language(doc: Document, article: dict[str, Any]) -> Found:
    found = doc.language
    if found:
        return found, HTML
    for value, how in (
        (doc.meta("og:locale"), OPENGRAPH),
        (doc.meta("content-language", "language"), META),
        (article.get("inLanguage"), JSON_LD),
    ):
        match = _LANGUAGE.match(text_of(value) or "")
        if match:
            return match.group(1).lower(), how
    return None, ""


def featured_image(doc: Document, article: dict[str, Any], url: str) -> tuple[Image | None, str]:
    found, how = _first(
        (doc.meta("og:image", "og:image:url", "og:image:secure_url"), OPENGRAPH),
        (doc.meta("twitter:image"), META),
        (text_of(article.get("image")) or text_of(article.get("thumbnailUrl")), JSON_LD),
    )
    absolute = _absolute(url, found) if found else None
    return (Image(url=absolute), how) if absolute else (None, "")


def _absolute(base: str, href: str | None) -> str | None:
    return absolute_url(base, href) if href else None


__all__ = [
    "FIELD_READERS",
    "GenericMetadata",
    "featured_image",
    "generic_metadata",
    "page_title",
    "read_sections",
    "strip_site_name",
]
