"""Politeness by default, seen from the server: a default crawl of a 12-article demo site
(19 requests) is timed by the server itself, which logs each request's start and end.

These crawls keep politeness on (no `NEWSCRAWL_POLITENESS=off`), so each takes 10-40 s.
"""

from __future__ import annotations

import itertools
import subprocess
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from pathlib import Path
from typing import Any

import pytest
from helpers.demo import ROOT, crawl_command, crawl_env, feeds, summaries
from helpers.logged_site import Hit, LoggedSite, Plan, logged_site

from newscrawl.demo.site import DemoSite
from newscrawl.evaluation import compare, read_jsonl

pytestmark = pytest.mark.integration

ARTICLES = 12


def crawl(
    site: LoggedSite, out: Path, *extra: str, polite: bool = True
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        crawl_command(site.base_url, *extra, polite=polite),
        cwd=ROOT,
        env=crawl_env(out),
        capture_output=True,
        text=True,
        timeout=240,
    )


def delivered_exactly(site: LoggedSite, out: Path) -> None:
    report = compare(read_jsonl(feeds(out)), site.truth())
    assert report.perfect(), "\n".join(report.lines())


def gaps(starts: list[float]) -> list[float]:
    return [b - a for a, b in itertools.pairwise(starts)]


def quiet_after(hits: list[Hit], status: int) -> float:
    """Seconds from the end of the one answer with `status` to the next request's start."""
    (refused,) = [hit for hit in hits if hit.status == status]
    later = [hit.start for hit in hits if hit.start > refused.start]
    assert later, "no request after the refusal"
    return min(later) - refused.end


def host_report(out: Path) -> dict[str, Any]:
    (summary,) = summaries(out)
    hosts = summary["politeness"]["hosts"]
    assert list(hosts) == ["127.0.0.1"], hosts
    return dict(hosts["127.0.0.1"])


def test_default_crawl_is_one_request_a_second_and_at_most_two_in_flight(tmp_path: Path) -> None:
    with logged_site(DemoSite(ARTICLES)) as site:
        result = crawl(site, tmp_path)
        starts = site.starts()
        in_flight = site.max_in_flight()
    assert result.returncode == 0, result.stderr[-3000:]
    delivered_exactly(site, tmp_path)
    assert len(starts) >= ARTICLES + 7  # robots.txt, six sections, the articles
    rate = (len(starts) - 1) / (starts[-1] - starts[0])
    assert rate <= 1.1, rate
    assert in_flight <= 2
    (summary,) = summaries(tmp_path)
    assert summary["politeness"]["politeness"] == "on"
    assert summary["politeness"]["max_retry_after_seconds"] == 120.0
    assert summary["politeness"]["max_crawl_delay_seconds"] == 30.0
    host = host_report(tmp_path)
    assert host["requests"] == len(starts)
    assert host["delay_seconds"] == 1.0 and host["delay_source"] == "default"
    assert host["waited_seconds"] > 5  # eighteen one-second gaps, most of them waited out


def test_robots_crawl_delay_is_the_smallest_gap(tmp_path: Path) -> None:
    plan = Plan(robots="User-agent: *\nCrawl-delay: 2\nDisallow: /wp-admin/\n")
    with logged_site(DemoSite(4), plan) as site:
        result = crawl(site, tmp_path)
        starts = site.starts()
    assert result.returncode == 0, result.stderr[-3000:]
    delivered_exactly(site, tmp_path)
    assert min(gaps(starts)) >= 1.9, gaps(starts)
    host = host_report(tmp_path)
    assert host["delay_source"] == "robots" and host["robots_delay_seconds"] == 2.0


def test_robots_delay_over_the_cap_is_capped_and_said_once(tmp_path: Path) -> None:
    plan = Plan(robots="User-agent: newscrawl\nCrawl-delay: 600\n")
    with logged_site(DemoSite(4), plan) as site:
        result = crawl(site, tmp_path, "-s", "NEWSCRAWL_MAX_CRAWL_DELAY=1.5")
        starts = site.starts()
    assert result.returncode == 0, result.stderr[-3000:]
    delivered_exactly(site, tmp_path)
    assert min(gaps(starts)) >= 1.4, gaps(starts)
    warnings = [line for line in result.stderr.splitlines() if "NEWSCRAWL_MAX_CRAWL_DELAY" in line]
    assert len(warnings) == 1 and "WARNING" in warnings[0], warnings
    assert host_report(tmp_path)["delay_seconds"] == 1.5


def test_retry_after_pauses_the_host_and_the_page_is_delivered(tmp_path: Path) -> None:
    with logged_site(DemoSite(4)) as site:
        target = site.article_paths()[3]
        site.plan.errors[target] = (429, {"Retry-After": "4"}, 1)
        result = crawl(site, tmp_path)
        hits = list(site.hits)
    assert result.returncode == 0, result.stderr[-3000:]
    delivered_exactly(site, tmp_path)
    assert quiet_after(hits, 429) >= 3.9
    assert [hit.status for hit in hits if hit.path == target] == [429, 200]
    host = host_report(tmp_path)
    assert host["retry_after_pauses"] == 1 and host["retry_after_paused_seconds"] >= 3.9


def test_retry_after_as_an_http_date_on_a_503_pauses_too(tmp_path: Path) -> None:
    with logged_site(DemoSite(4)) as site:
        target = site.article_paths()[0]

        def in_four_seconds() -> str:
            return format_datetime(datetime.now(UTC) + timedelta(seconds=4), usegmt=True)

        site.plan.errors[target] = (503, {"Retry-After": in_four_seconds}, 1)
        result = crawl(site, tmp_path)
        hits = list(site.hits)
    assert result.returncode == 0, result.stderr[-3000:]
    delivered_exactly(site, tmp_path)
    # an HTTP date has whole seconds: the pause lasts until that second, at least 2.5 s from here
    assert quiet_after(hits, 503) >= 2.5


def test_retry_after_past_the_cap_leaves_the_host_for_the_next_run(tmp_path: Path) -> None:
    """Nothing dropped silently: the deferred pages are undelivered, the run says incomplete
    (exit 3), and the next run delivers them."""
    fast = ("-s", "DOWNLOAD_DELAY=0.2")  # the rule under test is the cap, not the pace
    with logged_site(DemoSite(4)) as site:
        target = site.article_paths()[1]
        site.plan.errors[target] = (429, {"Retry-After": "3600"}, 1)
        first = crawl(site, tmp_path, *fast)
        (summary,) = summaries(tmp_path)
        assert first.returncode == 3, first.stderr[-3000:]
        assert "incomplete" in summary["status"]
        reasons = {entry["url"]: entry["reason"] for entry in summary["undelivered"]}
        assert reasons[site.base_url.rstrip("/") + target] == "deferred_retry_after"
        assert set(reasons.values()) == {"deferred_retry_after"}
        emitted = read_jsonl(feeds(tmp_path))
        assert len(emitted) + len(reasons) == 4
        assert host_report(tmp_path)["deferred_retry_after_seconds"] == 3600
        assert [hit.status for hit in site.hits if hit.path == target] == [429]  # not retried
        second = crawl(site, tmp_path, *fast)
    assert second.returncode == 0, second.stderr[-3000:]
    delivered_exactly(site, tmp_path)


def test_switch_off_fetches_in_parallel_and_says_so(tmp_path: Path) -> None:
    with logged_site(DemoSite(ARTICLES), Plan(latency=0.2)) as site:
        result = crawl(site, tmp_path, polite=False)
        in_flight = site.max_in_flight()
    assert result.returncode == 0, result.stderr[-3000:]
    delivered_exactly(site, tmp_path)
    assert in_flight >= 4
    warnings = [line for line in result.stderr.splitlines() if "politeness is off" in line]
    assert len(warnings) == 1 and "WARNING" in warnings[0]
    assert host_report(tmp_path)["delay_source"] == "off"
