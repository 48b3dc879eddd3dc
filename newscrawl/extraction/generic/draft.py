"""A page no profile knows, as an ArticleDraft the ordinary cleaning steps can finish."""

from __future__ import annotations

from newscrawl.extraction.document import parse_html
from newscrawl.extraction.draft import ArticleDraft
from newscrawl.extraction.generic.content import generic_content
from newscrawl.extraction.generic.metadata import generic_metadata
from newscrawl.extraction.generic.page import read_page


def generic_draft(url: str, html: str | bytes, site: str = "generic") -> ArticleDraft:
    root = parse_html(html)
    page = read_page(root)
    meta = generic_metadata(root, url, page)
    content = generic_content(root, url, page)
    section = (meta.section or "").strip().lower()
    return ArticleDraft(
        url=url,
        site=site,
        canonical_url=meta.canonical_url,
        title=meta.title,
        lead=meta.lead,
        published=meta.published,
        modified=meta.modified,
        bylines=list(meta.authors),
        source=meta.source,
        tags=list(meta.tags),
        sections=["-".join(section.split())] if section else [],
        language=meta.language,
        content=content,
        images=[meta.image] if meta.image is not None else [],
    )
