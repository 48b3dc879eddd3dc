"""The cleaning steps on a draft, one function per pipeline stage, usable without Scrapy.

Pipelines wrap these one by one (to count and drop per stage); `extract_article` chains them
for library use and for tests, so both paths run the same code.
"""

from __future__ import annotations

from datetime import datetime

from newscrawl.extraction.body import body_parts
from newscrawl.extraction.clean import strip_ads, strip_boilerplate, strip_related_links
from newscrawl.extraction.draft import ArticleDraft
from newscrawl.extraction.fields import extract_draft
from newscrawl.extraction.generic.draft import generic_draft
from newscrawl.extraction.normalize import to_article
from newscrawl.extraction.profile import SiteProfile
from newscrawl.extraction.urls import MAX_URL_LENGTH, canonicalize_url, host_of, same_site
from newscrawl.items import Article


def settle_url(draft: ArticleDraft) -> str:
    """The article's one URL: rel=canonical when it stays on the site, cleaned of tracking."""
    fetched = canonicalize_url(draft.url)
    canonical = draft.canonical_url
    hosts = frozenset({host_of(fetched)})
    if canonical and len(canonical) <= MAX_URL_LENGTH and same_site(canonical, hosts):
        fetched = canonicalize_url(canonical)
    draft.canonical_url = fetched
    return fetched


def remove_ads(draft: ArticleDraft, profile: SiteProfile | None) -> int:
    if draft.content is None:
        return 0
    return strip_ads(draft.content, profile.strip_ads if profile else ())


def remove_widgets(draft: ArticleDraft, profile: SiteProfile | None) -> int:
    """Related-link boxes and page furniture (share, newsletter, comments)."""
    if draft.content is None:
        return 0
    removed = strip_related_links(draft.content, profile.strip_related if profile else ())
    return removed + strip_boilerplate(draft.content, profile.strip_boilerplate if profile else ())


def fill_body(draft: ArticleDraft, profile: SiteProfile | None) -> None:
    if draft.content is None:
        return
    parts = body_parts(
        draft.content,
        draft.canonical_url or draft.url,
        title=draft.title,
        credit_selectors=profile.fields.image_credit if profile else (),
        strip_text=profile.strip_text if profile else (),
    )
    draft.paragraphs = parts.paragraphs
    draft.images = draft.images + [
        i for i in parts.images if i.url not in {seen.url for seen in draft.images}
    ]
    draft.content = None  # the tree has served its purpose; don't carry it further


def extract_article(
    html: str | bytes,
    url: str,
    profile: SiteProfile | None = None,
    crawled_at: datetime | None = None,
) -> Article:
    """Everything the pipelines do to one page, minus the cross-page duplicate checks.

    Without a profile the page goes the generic way (structured data and content scoring).
    """
    draft = generic_draft(url, html) if profile is None else extract_draft(url, html, profile)
    settle_url(draft)
    remove_ads(draft, profile)
    remove_widgets(draft, profile)
    fill_body(draft, profile)
    return to_article(draft, crawled_at)
