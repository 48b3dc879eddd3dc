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
from helpers.demo import DemoSite, run_crawl, start_demo, stop_demo

from newscrawl.evaluation import compare, read_jsonl

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
