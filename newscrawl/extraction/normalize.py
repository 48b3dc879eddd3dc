"""From a cleaned draft to the output Article: ids, ISO dates, authors vs source, hashes."""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime

from newscrawl.extraction.authors import authors_and_source
from newscrawl.extraction.dates import parse_date, to_iso
from newscrawl.extraction.draft import ArticleDraft
from newscrawl.extraction.limits import capped
from newscrawl.extraction.provenance import settle_provenance
from newscrawl.extraction.text import collapse_whitespace, strip_controls
from newscrawl.items import Article, Image


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
    """The output record: text without control characters, lists within the page's limits
    (what was cut is counted in `draft.cuts`)."""
    title = collapse_whitespace(strip_controls(draft.title or ""))
    if not title:
        raise IncompleteArticle("missing_title")
    paragraphs = [p for p in (strip_controls(p).strip() for p in draft.paragraphs) if p]
    body = "\n\n".join(paragraphs)
    if not body:
        raise IncompleteArticle("empty_body")
    url = draft.canonical_url or draft.url
    limits, cuts = draft.limits, draft.cuts
    bylines = [strip_controls(b) for b in draft.bylines]
    people, source = authors_and_source(bylines, strip_controls(draft.source or "") or None)
    authors = capped(people, limits.max_authors, "authors", cuts)
    tags = [t for t in (collapse_whitespace(strip_controls(t)) for t in draft.tags) if t]
    images = [_clean_image(i) for i in capped(draft.images, limits.max_images, "images", cuts)]
    published = iso_date(draft.published, draft.timezone)
    modified = iso_date(draft.modified, draft.timezone)
    lead = collapse_whitespace(strip_controls(draft.lead or "")) or None
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
        images=images,
        tags=capped(tags, limits.max_tags, "tags", cuts),
        word_count=len(body.split()),
        content_hash=content_hash(body),
        crawled_at=to_iso(crawled_at or datetime.now(UTC)),
    )
    article.extraction = settle_provenance(draft.provenance, article)
    return article


def _clean_image(image: Image) -> Image:
    caption = strip_controls(image.caption) if image.caption else image.caption
    credit = strip_controls(image.credit) if image.credit else image.credit
    if caption == image.caption and credit == image.credit:
        return image
    return Image(image.url, caption, credit)
