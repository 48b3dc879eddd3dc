"""Cron behaviour through real `scrapy crawl` runs: only what's new, stop at known, editions."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from helpers.demo import (
    DemoSite,
    feeds,
    last_log_line,
    port_of,
    run_crawl,
    start_demo,
    stop_demo,
    summaries,
)

from newscrawl.evaluation import VOLATILE_FIELDS, read_jsonl
from newscrawl.extraction.rendering import rule_for_listing
from newscrawl.sites import get_profile

pytestmark = pytest.mark.integration
PROFILE = get_profile("bna_germany")
# Sections crawled without -a js=true (needs_js sections are skipped, never requested).
SECTIONS = sum(
    1 for s in PROFILE.sections if rule_for_listing(PROFILE.needs_js, s.slug, s.path) is None
)
FEEDS = len(PROFILE.feeds)


@pytest.fixture(scope="module")
def history(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, object]]:
    """First run, unchanged rerun, then the site moves to edition 2 and a third run."""
    output = tmp_path_factory.mktemp("cron")
    site = start_demo()
    runs = {"truth1": site.truth(), "first": run_crawl(site.base_url, output)}
    runs["feeds_after_first"] = feeds(output)
    runs["unchanged"] = run_crawl(site.base_url, output)
    stop_demo(site)
    site2: DemoSite = start_demo("--edition", "2", port=port_of(site))
    runs["truth2"] = site2.truth()
    before = set(feeds(output))
    runs["edition2"] = run_crawl(site2.base_url, output)
    runs["edition2_feed"] = sorted(set(feeds(output)) - before)
    runs["full"] = run_crawl(site2.base_url, output, "-a", "full=true")
    stop_demo(site2)
    runs["summaries"] = summaries(output)
    yield runs


def test_first_run_emits_the_whole_site(history: dict) -> None:  # type: ignore[type-arg]
    assert history["first"].returncode == 0, last_log_line(history["first"])
    emitted = read_jsonl(history["feeds_after_first"])
    assert sorted(r["url"] for r in emitted) == sorted(t["url"] for t in history["truth1"])


def test_unchanged_rerun_fetches_only_first_listing_pages(history: dict) -> None:  # type: ignore[type-arg]
    """Each section's first page is asked for with the ETag the first run kept: the server
    answers 304, and nothing is parsed or fetched beyond it."""
    result = history["unchanged"]
    assert result.returncode == 0, last_log_line(result)
    summary = history["summaries"][1]
    assert summary["items_emitted"] == 0
    assert summary["pages"]["listing"] == 0
    assert summary["pages"]["article"] == 0
    assert summary["pages"]["not_modified"] == SECTIONS + FEEDS
    assert summary["pages"]["requests"] <= SECTIONS + FEEDS + 2  # + robots.txt


def test_edition_two_emits_exactly_the_new_articles(history: dict) -> None:  # type: ignore[type-arg]
    result = history["edition2"]
    assert result.returncode == 0, last_log_line(result)
    old = {t["url"] for t in history["truth1"]}
    new = {t["url"]: t for t in history["truth2"] if t["url"] not in old}
    emitted = read_jsonl(history["edition2_feed"])
    assert sorted(r["url"] for r in emitted) == sorted(new)
    for record in emitted:
        for name in VOLATILE_FIELDS:  # not in the truth: crawled_at, duplicate_of, extraction
            record.pop(name)
        assert record == new[record["url"]]
    summary = history["summaries"][2]
    assert summary["pages"]["requests"] <= len(new) + 2 * SECTIONS + FEEDS + 2


def test_full_recrawl_fetches_everything_but_emits_nothing_twice(history: dict) -> None:  # type: ignore[type-arg]
    result = history["full"]
    assert result.returncode == 0, last_log_line(result)
    summary = history["summaries"][3]
    assert summary["pages"]["article"] == len(history["truth2"])
    assert summary["items_emitted"] == 0
    assert summary["dropped"] == {"duplicate_url": len(history["truth2"])}


def test_since_cut_off_skips_older_articles_and_stops_paging(
    demo_site: DemoSite, tmp_path: Path
) -> None:
    truth = demo_site.truth()
    days = sorted({t["published_at"][:10] for t in truth})
    since = days[len(days) // 2]
    result = run_crawl(demo_site.base_url, tmp_path, "-a", f"since={since}")
    assert result.returncode == 0, last_log_line(result)
    emitted = {r["url"] for r in read_jsonl(feeds(tmp_path))}
    assert emitted == {t["url"] for t in truth if t["published_at"][:10] >= since}
    assert summaries(tmp_path)[0]["pages"]["listing"] < 30  # deeper pages are all older
