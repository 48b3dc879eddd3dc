"""Is a fetched page an article? Structured data decides; markup only when there is none.

A crawl without a profile reaches pages by URL shape alone, so it fetches some that are not
stories (section fronts, galleries, author pages). Those are dropped with a named reason.
"""

from __future__ import annotations

from newscrawl.extraction.document import Document
from newscrawl.extraction.refusal import NotAnArticle

_ARTICLE_OG_TYPES = frozenset({"article", "news", "newsarticle", "blog", "blogposting"})


def article_evidence(doc: Document) -> str:
    """How the page shows it is an article; raises NotAnArticle with the reason if it is not."""
    if doc.article:
        return "json-ld"
    og_type = (doc.meta("og:type") or "").strip().lower()
    if og_type in _ARTICLE_OG_TYPES or og_type.startswith("article"):
        return "opengraph"
    if og_type:
        raise _refused(f"og_type_{_code(og_type)}")
    typed = [t for obj in doc.objects if isinstance(t := obj.get("@type"), str)]
    if typed:
        raise _refused(f"json_ld_{_code(typed[0])}")
    return _markup_evidence(doc)


def _markup_evidence(doc: Document) -> str:
    """No structured data at all: one headline and at most one <article> (a listing has many)."""
    headlines = sum(1 for _ in doc.root.iter("h1"))
    articles = sum(1 for _ in doc.root.iter("article"))
    if headlines != 1:
        raise _refused("no_single_headline")
    if articles > 1:
        raise _refused("many_teasers")
    return "markup"


def _refused(code: str) -> NotAnArticle:
    """`code` is a short stable name for the evidence, e.g. `og_type_website`."""
    return NotAnArticle("not_article", code)


def _code(value: str) -> str:
    return "".join(c if c.isalnum() else "_" for c in value.lower())[:30]
