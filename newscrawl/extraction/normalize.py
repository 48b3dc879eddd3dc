"""From a cleaned draft to the output Article: ids, ISO dates, authors vs source, hashes."""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime, timedelta

from newscrawl.extraction.authors import authors_and_source
from newscrawl.extraction.dates import parse_date, to_iso, zone_named
from newscrawl.extraction.draft import ArticleDraft
from newscrawl.extraction.limits import (
    CAPTION_CHARS,
    LEAD_CHARS,
    NAME_CHARS,
    TITLE_CHARS,
    capped,
)
from newscrawl.extraction.provenance import IMPLAUSIBLE, settle_provenance
from newscrawl.extraction.text import collapse_whitespace, cut_text, strip_controls
from newscrawl.items import Article, Image
from newscrawl.urls import article_id

# The dates a story can plausibly carry: none before 1800 (digitised archives reach back to
# the 19th century), none more than two days after the crawl (a wrong zone or a scheduled post
# is off by hours, not days). A date outside is the page's error or a hostile value (year 1 or
# 9999 overflows a consumer's timezone conversion): it is left out, and the line's provenance
# says `rejected:implausible`.
EARLIEST_DATE = datetime(1800, 1, 1, tzinfo=UTC)
FUTURE_SLACK = timedelta(days=2)
SAME_MOMENT = timedelta(minutes=1)  # a modified_at closer to published_at is no change


class IncompleteArticle(ValueError):
    """A draft that cannot become an Article; `reason` names what is missing."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def content_hash(body: str) -> str:
    return hashlib.sha256(body.encode("utf-8")).hexdigest()


def iso_date(value: str | None, timezone: str) -> str | None:
    moment = parse_date(value, timezone) if value else None
    return to_iso(moment) if moment else None


def _plausible_date(
    value: str | None, timezone: str, crawled_at: datetime
) -> tuple[str | None, bool]:
    """The ISO date, and whether a date was found but lies outside the plausible window."""
    moment = parse_date(value, timezone) if value else None
    if moment is None:
        return None, False
    try:
        plausible = EARLIEST_DATE <= moment <= crawled_at + FUTURE_SLACK
    except OverflowError:  # 9999-12-31 with a negative offset lies past datetime.max in UTC
        plausible = False
    return (to_iso(moment), False) if plausible else (None, True)


def _changed_after(modified: str | None, published: str | None) -> bool:
    """A last change stated (ISO, with its offset) over a minute after the publication, or
    with no publication date to compare it with."""
    if modified is None:
        return False
    if published is None:
        return True
    gap = datetime.fromisoformat(modified) - datetime.fromisoformat(published)
    return gap >= SAME_MOMENT


def in_offset_of(moment: str | None, reference: str | None, timezone: str = "UTC") -> str | None:
    """`moment` written on `reference`'s clock (the same instant): one line never mixes
    offsets (`published_at …-05:00`, `modified_at …+00:00`). Where the reference is the
    site's own zone (`timezone`, e.g. Europe/Berlin), the moment is read on that zone, so a
    story published in winter (+01:00) and changed in summer keeps its summer offset (+02:00)
    instead of a wall-clock time an hour off."""
    if moment is None or reference is None:
        return moment
    when, where = datetime.fromisoformat(moment), datetime.fromisoformat(reference)
    if where.tzinfo is None:
        return moment
    zone = zone_named(timezone)
    if zone is not None and where.utcoffset() == where.astimezone(zone).utcoffset():
        return to_iso(when.astimezone(zone))
    if when.utcoffset() == where.utcoffset():
        return moment
    return to_iso(when.astimezone(where.tzinfo))


def _short(text: str | None, limit: int, name: str, cuts: dict[str, int]) -> str | None:
    """A one-line field cleaned and within `limit` characters (a cut counted)."""
    cleaned = collapse_whitespace(strip_controls(text or ""))
    if len(cleaned) > limit:
        cuts[name] = cuts.get(name, 0) + 1
        cleaned = cut_text(cleaned, limit)
    return cleaned or None


def _names(values: list[str], name: str, cuts: dict[str, int]) -> list[str]:
    """Names (tags, sections) cleaned, empty ones gone; one over NAME_CHARS is no name: dropped
    and counted."""
    kept = []
    for value in values:
        cleaned = collapse_whitespace(strip_controls(value))
        if len(cleaned) > NAME_CHARS:
            cuts[name] = cuts.get(name, 0) + 1
        elif cleaned:
            kept.append(cleaned)
    return kept


def to_article(draft: ArticleDraft, crawled_at: datetime | None = None) -> Article:
    """The output record: text without control characters, lists and short fields within the
    page's limits (what was cut is counted in `draft.cuts`), dates within the plausible
    window."""
    limits, cuts = draft.limits, draft.cuts
    title = _short(draft.title, TITLE_CHARS, "title", cuts)
    if not title:
        raise IncompleteArticle("missing_title")
    paragraphs = [p for p in (strip_controls(p).strip() for p in draft.paragraphs) if p]
    body = "\n\n".join(paragraphs)
    if not body:
        raise IncompleteArticle("empty_body")
    url = draft.canonical_url or draft.url
    bylines = [strip_controls(b) for b in draft.authors]
    people, source = authors_and_source(bylines, strip_controls(draft.source or "") or None)
    authors = capped(_names(people, "authors", cuts), limits.max_authors, "authors", cuts)
    if source is not None and len(source) > NAME_CHARS:
        cuts["source"] = cuts.get("source", 0) + 1
        source = None
    tags = _names(draft.tags, "tags", cuts)
    sections = list(dict.fromkeys(_names(draft.sections, "sections", cuts)))
    images = capped(draft.images, limits.max_images, "images", cuts)
    images = [_clean_image(i, cuts) for i in images]
    crawled = crawled_at or datetime.now(UTC)
    published, late_published = _plausible_date(draft.published_at, draft.timezone, crawled)
    modified, late_modified = _plausible_date(draft.modified_at, draft.timezone, crawled)
    if not _changed_after(modified, published):
        modified = None  # no change since it appeared: saved before a scheduled publication,
        # or the same moment given to the second in one source and to the minute in another
    modified = in_offset_of(modified, published, draft.timezone)
    article = Article(
        id=article_id(url),
        url=url,
        site=draft.site,
        section=sections[0] if sections else None,
        sections=sections,
        title=title,
        lead=_short(draft.lead, LEAD_CHARS, "lead", cuts),
        authors=authors,
        source=source,
        published_at=published,
        modified_at=modified,
        language=draft.language,
        body=body,
        images=images,
        tags=capped(tags, limits.max_tags, "tags", cuts),
        word_count=len(body.split()),
        content_hash=content_hash(body),
        crawled_at=to_iso(crawled),
    )
    article.extraction = settle_provenance(draft.provenance, article)
    for name, refused in (("published_at", late_published), ("modified_at", late_modified)):
        if refused:
            article.extraction[name] = IMPLAUSIBLE
    return article


def _clean_image(image: Image, cuts: dict[str, int]) -> Image:
    caption = _short(image.caption, CAPTION_CHARS, "caption", cuts) if image.caption else None
    credit = strip_controls(image.credit or "").strip() or None
    if credit is not None and len(credit) > NAME_CHARS:
        cuts["credit"] = cuts.get("credit", 0) + 1
        credit = None
    if caption == image.caption and credit == image.credit:
        return image
    return Image(image.url, caption, credit)
