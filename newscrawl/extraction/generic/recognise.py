"""Is a fetched page an article? Structured data decides; markup only when there is none.

A crawl without a profile reaches pages by URL shape alone, so it fetches some that are not
stories (section fronts, galleries, author pages). Those are dropped with a named reason.
"""

from __future__ import annotations

from newscrawl.extraction.document import Document

_ARTICLE_OG_TYPES = frozenset({"article", "news", "newsarticle", "blog", "blogposting"})


class NotAnArticle(ValueError):
    """`reason` is a short stable code for the drop stat, e.g. `og_type_website`."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def article_evidence(doc: Document) -> str:
    """How the page shows it is an article; raises NotAnArticle with the reason if it is not."""
    if doc.article:
        return "json-ld"
    og_type = (doc.meta("og:type") or "").strip().lower()
    if og_type in _ARTICLE_OG_TYPES or og_type.startswith("article"):
        return "opengraph"
    if og_type:
        raise NotAnArticle(f"og_type_{_code(og_type)}")
    typed = [t for obj in doc.objects if isinstance(t := obj.get("@type"), str)]
    if typed:
        raise NotAnArticle(f"json_ld_{_code(typed[0])}")
    return _markup_evidence(doc)


def _markup_evidence(doc: Document) -> str:
    """No structured data at all: one headline and at most one <article> (a listing has many)."""
    headlines = sum(1 for _ in doc.root.iter("h1"))
    articles = sum(1 for _ in doc.root.iter("article"))
    if headlines != 1:
        raise NotAnArticle("no_single_headline")
    if articles > 1:
        raise NotAnArticle("many_teasers")
    return "markup"


def _code(value: str) -> str:
    return "".join(c if c.isalnum() else "_" for c in value.lower())[:30]
