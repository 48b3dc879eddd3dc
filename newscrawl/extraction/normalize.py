"""From a cleaned draft to the output Article: ids, ISO dates, authors vs source, hashes."""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime

from newscrawl.extraction.authors import authors_and_source
from newscrawl.extraction.dates import parse_date, to_iso
from newscrawl.extraction.draft import ArticleDraft
from newscrawl.extraction.provenance import settle_provenance
from newscrawl.extraction.text import collapse_whitespace
from newscrawl.items import Article


class IncompleteArticle(ValueError):
    """A draft that cannot become an Article; `reason` names what is missing."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def article_id(url: str) -> str:
    return hashlib.sha256(url.encode("utf-8")).hexdigest()[:16]


def content_hash(body: str) -> str:
    return hashlib.sha256(body.encode("utf-8")).hexdigest()


def iso_date(value: str | None, timezone: str) -> str | None:
    moment = parse_date(value, timezone) if value else None
    return to_iso(moment) if moment else None


def to_article(draft: ArticleDraft, crawled_at: datetime | None = None) -> Article:
    title = collapse_whitespace(draft.title or "")
    if not title:
        raise IncompleteArticle("missing_title")
    body = "\n\n".join(draft.paragraphs)
    if not body:
        raise IncompleteArticle("empty_body")
    url = draft.canonical_url or draft.url
    authors, source = authors_and_source(draft.bylines, draft.source)
    published = iso_date(draft.published, draft.timezone)
    modified = iso_date(draft.modified, draft.timezone)
    lead = collapse_whitespace(draft.lead or "") or None
    article = Article(
        id=article_id(url),
        url=url,
        site=draft.site,
        section=draft.sections[0] if draft.sections else None,
        sections=list(draft.sections),
        title=title,
        lead=lead,
        authors=authors,
        source=source,
        published_at=published,
        modified_at=modified if modified != published else None,
        language=draft.language,
        body=body,
        images=list(draft.images),
        tags=list(draft.tags),
        word_count=len(body.split()),
        content_hash=content_hash(body),
        crawled_at=to_iso(crawled_at or datetime.now(UTC)),
    )
    article.extraction = settle_provenance(draft.provenance, article)
    return article
