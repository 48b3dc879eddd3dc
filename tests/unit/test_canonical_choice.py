"""Which rel=canonical the chain honours: one that names a story's page of the same site;
not the front page, a section's or a listing's page (a template's site-wide mistake)."""

from __future__ import annotations

import pytest

from newscrawl.extraction.chain import settle_url
from newscrawl.extraction.draft import ArticleDraft
from newscrawl.sites import all_profiles

BNA = all_profiles()["bna_germany"]
STORY = "https://bna.example/2024/06/19/stadtrat-radwege/"


def settled(fetched: str, canonical: str | None, profiled: bool) -> str:
    draft = ArticleDraft(url=fetched, site="bna_germany", canonical_url=canonical)
    return settle_url(draft, BNA if profiled else None)


@pytest.mark.parametrize("profiled", [True, False])
@pytest.mark.parametrize(
    "canonical",
    [
        "https://bna.example/",
        "https://bna.example",
        "https://bna.example/kategorie/politik/",
        "https://bna.example/kategorie/politik/page/2/",
        "https://bna.example/news/",
        "https://bna.example/tag/radwege/",
    ],
)
def test_a_canonical_naming_a_front_section_or_listing_page_is_ignored(
    canonical: str, profiled: bool
) -> None:
    assert settled(STORY + "?utm_source=x", canonical, profiled) == STORY


@pytest.mark.parametrize("profiled", [True, False])
def test_a_canonical_naming_another_story_address_is_honoured(profiled: bool) -> None:
    other = "https://bna.example/2024/06/18/stadtrat-radwege-beschlossen/"
    assert settled(STORY, other, profiled) == other
    assert settled(STORY + "?utm_source=x#c", STORY, profiled) == STORY


def test_a_profiled_sites_canonical_must_be_an_article_address_of_the_profile() -> None:
    amp = "https://bna.example/amp/stadtrat-radwege"
    assert settled(STORY, amp, profiled=True) == STORY
    assert settled(STORY, amp, profiled=False) == amp  # the generic path cannot tell


def test_a_canonical_on_another_site_is_ignored_as_before() -> None:
    assert settled(STORY, "https://other.example/2024/06/19/x-y/", profiled=False) == STORY
