"""Is a fetched page an article? The evidence of structured data and of what the page shows,
weighed together; a refusal names what the page is instead.

A crawl without a profile reaches pages by URL shape alone, so it fetches some that are not
stories (forum threads, shop and service pages, documentation, listings). Those are dropped
with a reason code:

- `forum`, `product`, `collection`: the page's JSON-LD says so (a forum posting or Q&A page, a
  product or offer, a collection or item list) and names no article beside it;
- `documentation`: three or more code blocks on a page that states no publication date;
- `product`: shop controls or price markup on a page that states no publication date;
- `too_little_text`: under 300 characters of running text;
- `og_type_<type>`, `json_ld_<type>`: a page typed as something else (`og:type=website`, a
  JSON-LD `WebPage`) that does not show a story either: a dated page with running text
  (1,000 characters in paragraphs) is one, whatever its type says, as many sites type every
  page `website`;
- `no_single_headline`, `many_teasers`: a page with no structured data at all and no single
  `<h1>`, or several `<article>` teasers.

An article type (JSON-LD `NewsArticle` & co., `og:type=article`) is strong evidence but not
decisive: sites type every page `article`, so code blocks or shop controls without a date
still refuse it. Measured by `benchmarks/page_types.py`.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from typing import Any

from lxml import etree

from newscrawl.extraction.document import Document, json_ld_types
from newscrawl.extraction.generic.metadata import PUBLISHED_META, PUBLISHED_OPENGRAPH
from newscrawl.extraction.refusal import NotAnArticle
from newscrawl.extraction.text import element_text

_ARTICLE_OG_TYPES = frozenset({"article", "news", "newsarticle", "blog", "blogposting"})
_ARTICLE_TYPES = re.compile(
    r"^(\w*newsarticle|article|blogposting|liveblogposting|report|scholarlyarticle|techarticle|"
    r"\w*article)$",
    re.IGNORECASE,
)
_KINDS = (
    ("forum", frozenset({"discussionforumposting", "qapage", "question"})),
    ("product", frozenset({"product", "productgroup", "offer", "aggregateoffer", "car"})),
    ("collection", frozenset({"collectionpage", "itemlist", "searchresultspage"})),
)
# JSON-LD types every kind of page carries: they say nothing about the page itself
_ANY_PAGE = frozenset(
    ("webpage", "website", "breadcrumblist", "organization", "imageobject", "person",
     "searchaction", "sitenavigationelement", "wpheader", "wpfooter", "readaction", "listitem",
     "entrypoint", "place", "postaladdress", "contactpoint", "brand", "logo", "wpsidebar")
)  # fmt: skip
_SHOP_CONTROL = re.compile(
    r"add to (cart|bag|basket)|in den (warenkorb|einkaufswagen)|buy now|jetzt kaufen|"
    r"ajouter au panier",
    re.IGNORECASE,
)
CODE_BLOCKS = 3  # this many <pre> on an undated page: documentation
STORY_TEXT = 1000  # characters of paragraphs a dated page of another type needs to be a story
LITTLE_TEXT = 300  # characters of paragraphs under which no page is a story
_PARAGRAPH = 80  # characters a piece of text needs to count as running text
# Pieces of text long enough to be running text (paragraphs, and the loose text between
# <br>s), found in C; those inside links, scripts and styles are left out after
_LONG_TEXT = etree.XPath(f"//body//text()[string-length(.) >= {_PARAGRAPH}]")
_COUNTED = ("pre", "h1", "article", "time", "button", "input")
_PRICE_MARKUP = etree.XPath("//*[@itemprop='price' or @itemprop='offers']")
_NOT_TEXT = frozenset(("script", "style", "noscript", "template", "a", "head"))


def running_text(doc: Document) -> int:
    """Characters in pieces of text of 80+ characters outside links, scripts and styles."""
    running = 0
    found = _LONG_TEXT(doc.root)
    for chunk in found if isinstance(found, list) else []:
        if not isinstance(chunk, str):
            continue
        size = len(chunk.strip())
        if size >= _PARAGRAPH and _in_running_text(chunk):
            running += size
    return running


def _in_running_text(chunk: Any) -> bool:
    """Whether a text node of an XPath result (lxml's smart string) lies outside links,
    scripts and styles."""
    element = chunk.getparent()
    if element is not None and chunk.is_tail:
        element = element.getparent()
    while element is not None:
        if element.tag in _NOT_TEXT:
            return False
        element = element.getparent()
    return True


@dataclass(slots=True)
class PageSigns:
    """What the page shows, beside what its structured data says."""

    published: bool  # a publication date in JSON-LD, <meta> or <time>
    code_blocks: int
    headlines: int
    articles: int
    controls: int  # buttons and inputs

    @classmethod
    def of(cls, doc: Document) -> PageSigns:
        tags = Counter(element.tag for element in doc.root.iter(*_COUNTED))  # one walk
        published = bool(
            doc.article.get("datePublished")
            or doc.meta(*PUBLISHED_OPENGRAPH, *PUBLISHED_META)
            or tags["time"]
        )
        controls = tags["button"] + tags["input"]
        return cls(published, tags["pre"], tags["h1"], tags["article"], controls)


def shop_signs(doc: Document, signs: PageSigns) -> bool:
    """Price markup or a cart/buy control (looked for only on an undated page)."""
    if _PRICE_MARKUP(doc.root):
        return True
    return bool(signs.controls) and any(
        _SHOP_CONTROL.search(element_text(e) or e.get("value") or "")
        for e in doc.root.iter("button", "input")
    )


def article_evidence(doc: Document) -> str:
    """How the page shows it is an article; raises NotAnArticle with the reason if it is not."""
    types = {t.lower() for obj in doc.objects for t in json_ld_types(obj)}
    typed_article = any(_ARTICLE_TYPES.match(t) for t in types)
    if not typed_article:
        for kind, kind_types in _KINDS:
            if types & kind_types:
                raise _refused(kind)
    signs = PageSigns.of(doc)
    og_type = (doc.meta("og:type") or "").strip().lower()
    _not_a_page_of_another_kind(doc, signs)  # an article type does not override these
    if typed_article or og_type in _ARTICLE_OG_TYPES or og_type.startswith("article"):
        return "json-ld" if typed_article else "opengraph"
    other = sorted(types - _ANY_PAGE)
    if og_type and og_type != "website":
        raise _refused(f"og_type_{_code(og_type)}")
    if other:
        raise _refused(f"json_ld_{_code(other[0])}")
    if og_type or types:  # typed as a plain page: only a dated story overrides that
        if signs.published and running_text(doc) >= STORY_TEXT:
            return "page"
        raise _refused(f"og_type_{_code(og_type)}" if og_type else f"json_ld_{_code(min(types))}")
    if not signs.published and running_text(doc) < LITTLE_TEXT:
        raise _refused("too_little_text")
    return _markup_evidence(signs)


def _not_a_page_of_another_kind(doc: Document, signs: PageSigns) -> None:
    if signs.published:
        return
    if signs.code_blocks >= CODE_BLOCKS:
        raise _refused("documentation")
    if shop_signs(doc, signs):
        raise _refused("product")


def _markup_evidence(signs: PageSigns) -> str:
    """No structured data at all: one headline and at most one <article> (a listing has many)."""
    if signs.headlines != 1:
        raise _refused("no_single_headline")
    if signs.articles > 1:
        raise _refused("many_teasers")
    return "markup"


def _refused(code: str) -> NotAnArticle:
    """`code` is a short stable name for the evidence, e.g. `og_type_website`."""
    return NotAnArticle("not_article", code)


def _code(value: str) -> str:
    return "".join(c if c.isalnum() else "_" for c in value.lower())[:30]
