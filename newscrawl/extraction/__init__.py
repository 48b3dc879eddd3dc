"""Pure extraction: (url, html, profile) -> article. Imports nothing from Scrapy's engine."""

from newscrawl.extraction.chain import Finished, extract_article, finish
from newscrawl.extraction.draft import ArticleDraft, extract_draft
from newscrawl.extraction.profile import FieldSelectors, ProfileError, Section, SiteProfile
from newscrawl.extraction.refusal import NotAnArticle

__all__ = [
    "ArticleDraft",
    "FieldSelectors",
    "Finished",
    "NotAnArticle",
    "ProfileError",
    "Section",
    "SiteProfile",
    "extract_article",
    "extract_draft",
    "finish",
]
