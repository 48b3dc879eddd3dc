"""Stories no listing links, found through the sitemaps robots.txt names: the demo served as a
WordPress site with Yoast serves it (`serve --orphans 15`: a sitemap index, post sitemaps, a
news sitemap, and 15 articles linked from no listing, home page or sidebar)."""

from __future__ import annotations

import json
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from helpers.demo import DemoSite, port_of, run_crawl, start_demo, stop_demo

from newscrawl.demo import vocab
from newscrawl.evaluation import compare, read_jsonl
from newscrawl.extraction.rendering import rule_for_listing
from newscrawl.sites import get_profile

pytestmark = pytest.mark.integration
ORPHANS = 15


@pytest.fixture(scope="module")
def site() -> Iterator[DemoSite]:
    served = start_demo("--orphans", str(ORPHANS))
    yield served
    stop_demo(served)


def crawl(spider: str, site: DemoSite, out: Path) -> subprocess.CompletedProcess[str]:
    return run_crawl(site.base_url, out, spider=spider)


def only_summary(out: Path) -> dict[str, Any]:
    (path,) = out.glob("*/*.summary.json")
    return dict(json.loads(path.read_text("utf-8")))


@pytest.mark.parametrize("spider", ["bna_germany", "generic"])
def test_orphans_are_found_through_the_sitemaps_and_the_crawl_equals_the_truth(
    spider: str, site: DemoSite, tmp_path: Path
) -> None:
    result = crawl(spider, site, tmp_path)
    assert result.returncode == 0, result.stderr[-3000:]
    truth = site.truth()
    assert len(truth) == 240  # the 15 orphans among them
    if spider == "generic":  # no profile: the site is named after its host
        truth = [{**record, "site": "127_0_0_1"} for record in truth]
    report = compare(read_jsonl(sorted(tmp_path.glob("*/*.jsonl"))), truth)
    assert report.perfect(), "\n".join(report.lines())
    summary = only_summary(tmp_path)
    assert sum(summary["sources"].values()) == summary["items_emitted"] == 240
    assert summary["sources"].get("sitemap", 0) + summary["sources"].get("news_sitemap", 0) >= (
        ORPHANS
    )
    assert summary["discovery"]["feeds_and_sitemaps_read"] >= 2  # the index and a post sitemap


@pytest.mark.parametrize("spider", ["bna_germany", "generic"])
def test_an_unchanged_site_costs_a_request_per_document_and_a_new_edition_only_its_stories(
    spider: str, tmp_path: Path
) -> None:
    """Feeds, sitemaps and listing fronts are asked for conditionally on a rerun: the server
    answers 304 for each, nothing is parsed, and the run sends no more than one request per
    section, feed and sitemap, plus robots.txt (read for politeness and for discovery) and
    the home page. The site at its next edition costs its new stories and the pages that
    changed (the fronts, the feed, the sitemaps that list them)."""
    site = start_demo("--orphans", str(ORPHANS))
    try:
        first = crawl(spider, site, tmp_path)
        rerun = crawl(spider, site, tmp_path)
    finally:
        stop_demo(site)
    assert first.returncode == 0 and rerun.returncode == 0, rerun.stderr[-3000:]
    _, unchanged = summaries_of(tmp_path)
    assert unchanged["items_emitted"] == 0 and unchanged["pages"]["article"] == 0
    assert unchanged["pages"]["requests"] <= SECTIONS[spider] + FEEDS[spider] + SITEMAPS + 2
    # 304: the sitemap index and the news sitemap robots.txt names (the index unchanged, its
    # post sitemap is not asked for), the feeds; a profiled site's section fronts too
    assert unchanged["pages"]["not_modified"] >= 2 + FEEDS[spider]
    if spider == "bna_germany":
        assert unchanged["pages"]["listing"] == 0
    site2 = start_demo("--orphans", str(ORPHANS), "--edition", "2", port=port_of(site))
    try:
        edition2 = crawl(spider, site2, tmp_path)
        truth1 = {t["url"] for t in site.truth()}
        new = [t for t in site2.truth() if t["url"] not in truth1]
    finally:
        stop_demo(site2)
    assert edition2.returncode == 0, edition2.stderr[-3000:]
    summary = summaries_of(tmp_path)[2]
    assert summary["items_emitted"] == summary["pages"]["article"] == len(new) > 0


PROFILE = get_profile("bna_germany")
# the sections crawled: the profile's (those needing JavaScript are not requested without
# -a js=true); those the home page links, for the generic spider
SECTIONS = {
    "bna_germany": sum(
        1 for s in PROFILE.sections if rule_for_listing(PROFILE.needs_js, s.slug, s.path) is None
    ),
    "generic": len(vocab.SECTIONS),
}
FEEDS = {"bna_germany": len(PROFILE.feeds), "generic": 1}  # the home page declares one
SITEMAPS = 3  # the index, its post sitemap, the news sitemap


def summaries_of(out: Path) -> list[dict[str, Any]]:
    paths = sorted(out.glob("*/*.summary.json"))
    return [dict(json.loads(p.read_text("utf-8"))) for p in paths]


def test_a_sitemap_bombed_site_is_read_within_the_budget_and_said_so(tmp_path: Path) -> None:
    """robots.txt names 12 gzipped sitemaps of 52 MB of XML each: 10 are read, each to its
    entry budget, the other 2 not at all; the summary says both, and every article is
    delivered all the same."""
    bombed = start_demo("--sitemap-bombs", "--articles", "24")
    try:
        result = crawl("generic", bombed, tmp_path)
    finally:
        stop_demo(bombed)
    assert result.returncode == 0, result.stderr[-3000:]
    summary = only_summary(tmp_path)
    assert summary["discovery"] == {
        "feeds_and_sitemaps_read": 11,  # the ten sitemaps and the home page's feed
        "sitemaps_over_cap": 2,
        "cut_at_budget": 10,
    }
    assert summary["items_emitted"] == 24
