"""Pure extraction: (url, html, profile) -> article. Imports nothing from Scrapy's engine."""

from newscrawl.extraction.draft import ArticleDraft
from newscrawl.extraction.fields import extract_draft
from newscrawl.extraction.profile import FieldSelectors, ProfileError, Section, SiteProfile
from newscrawl.extraction.steps import extract_article

__all__ = [
    "ArticleDraft",
    "FieldSelectors",
    "ProfileError",
    "Section",
    "SiteProfile",
    "extract_article",
    "extract_draft",
]
