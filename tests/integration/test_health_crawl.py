"""A site's health through real crawls: an unchanged site is healthy run after run; after a
theme update (`serve --redesign`) the crawl still delivers its stories (the generic
fallback), names the fields whose profile selectors stopped matching, and exits 9."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest
from helpers.demo import port_of, run_crawl, start_demo, stop_demo, summaries

from newscrawl.runstatus import DRIFTED

pytestmark = pytest.mark.integration


def test_a_redesign_after_normal_runs_is_a_drift_and_a_rerun_is_not(tmp_path: Path) -> None:
    site = start_demo()
    port = port_of(site)
    try:
        first = run_crawl(site.base_url, tmp_path)
        truth = site.truth()
    finally:
        stop_demo(site)
    assert first.returncode == 0, first.stderr[-2000:]
    summary = summaries(tmp_path)[-1]
    assert summary["health"]["drifts"] == []
    # each section's listing pages and story links, and the delivered articles by section
    figures = summary["health"]["figures"]
    # the ticker is walked only with -a js=true
    assert set(figures["listing_pages"]) == {
        "politik", "wirtschaft", "welt", "kultur", "sport", "wissenschaft"
    }  # fmt: skip
    pages, links = figures["listing_pages"], figures["listing_links"]
    assert all(links[section] >= pages[section] for section in pages)
    assert sum(figures["listing_links"].values()) >= summary["sources"]["listing"]
    assert figures["sections"] == dict(Counter(line["section"] or "(none)" for line in truth))
    site = start_demo("--edition", "2", port=port)  # the same site, new stories, same theme
    try:
        rerun = run_crawl(site.base_url, tmp_path)
    finally:
        stop_demo(site)
    assert rerun.returncode == 0, rerun.stderr[-2000:]
    health = summaries(tmp_path)[-1]["health"]
    assert health["drifts"] == [] and health["baseline_runs"] == 1
    assert health["figures"]["articles"] > 0
    site = start_demo("--edition", "3", "--redesign", port=port)
    try:
        redesigned = run_crawl(site.base_url, tmp_path)
    finally:
        stop_demo(site)
    assert redesigned.returncode == DRIFTED, redesigned.stderr[-2000:]
    summary = summaries(tmp_path)[-1]
    assert summary["exit_code"] == DRIFTED and summary["items_emitted"] > 0  # still flowing
    drifted = {d["metric"] for d in summary["health"]["drifts"]}
    assert {"body.profile", "images.profile"} <= drifted, drifted
    # bylines too stopped matching; on a dozen new stories, where 3 in 10 had a person's
    # byline before, that alone could be chance (0.7 ** 12 = 1.4 %): not yet called a drift
    assert summary["health"]["figures"]["by_profile"].get("authors", 0) == 0
    warnings = [line for line in redesigned.stderr.splitlines() if "WARNING" in line]
    assert any("fields.body matched nothing" in line for line in warnings), warnings[-10:]
