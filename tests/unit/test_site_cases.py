"""Per-site cases: `tests/sites/<slug>/<case>/page.html` with `expected.json`, the values a
reader sees on that page, written by hand (`scripts/save_fixture.py` records a new case).

Each case runs through the library's `extract_article` and through the crawl's whole chain of
pipelines; every field `expected.json` pins must come out exactly so (a case pins only what it
is about; the others may change). `generic` cases have no profile: the generic path reads them.
Keys of the case itself: `fetched_url` (the address it was fetched from, default `url`),
`listing_section` (the section whose listing linked it), `profile` (a site profile's slug),
`why` (what kind of page or failure the case stands for).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from helpers.pipelines import CASE_KEYS, SITES, PipelineChain

from newscrawl.extraction import extract_article
from newscrawl.extraction.fetched import FetchedPage
from newscrawl.sites import get_profile
from newscrawl.spiders.generic import site_slug
from newscrawl.urls import host_of

CASES = sorted(path.parent for path in SITES.glob("*/*/expected.json"))
PINNED_AT_LEAST = ("title",)  # every case pins the headline


def _case(path: Path) -> tuple[bytes, dict[str, Any], dict[str, Any]]:
    """The page's bytes, the case's own keys and the pinned fields."""
    expected: dict[str, Any] = json.loads((path / "expected.json").read_text("utf-8"))
    own = {key: expected.pop(key) for key in CASE_KEYS if key in expected}
    return (path / "page.html").read_bytes(), own, expected


def _differences(record: dict[str, Any], pinned: dict[str, Any]) -> dict[str, Any]:
    return {
        name: {"expected": value, "got": record.get(name)}
        for name, value in pinned.items()
        if record.get(name) != value
    }


@pytest.mark.parametrize("path", CASES, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_a_case_pins_a_headline_and_names_its_kind(path: Path) -> None:
    _, own, pinned = _case(path)
    assert all(pinned.get(name) for name in PINNED_AT_LEAST), f"{path}: pin the title"
    assert "url" in pinned, f"{path}: pin the canonical url"
    assert own.get("why") or own.get("profile"), f"{path}: say what kind of page this is"


@pytest.mark.parametrize("path", CASES, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_the_library_gives_what_a_reader_sees(path: Path) -> None:
    page, own, pinned = _case(path)
    profile = get_profile(own["profile"]) if own.get("profile") else None
    article = extract_article(page, own.get("fetched_url", pinned["url"]), profile)
    assert _differences(article.to_record(), pinned) == {}


@pytest.mark.parametrize("path", CASES, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_the_crawl_chain_gives_the_same(path: Path, pipelines: PipelineChain) -> None:
    page, own, pinned = _case(path)
    address = own.get("fetched_url", pinned["url"])
    site = own.get("profile") or site_slug(host_of(address))
    fetched = FetchedPage(
        address, page, site, own.get("listing_section"), generic=not own.get("profile")
    )
    assert _differences(pipelines.run(fetched).to_record(), pinned) == {}
