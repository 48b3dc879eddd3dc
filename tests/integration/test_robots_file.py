"""robots.txt read as RFC 9309 asks, seen from the server: a robots.txt over the download cap
is obeyed from its first 512 KiB, one that answers 5xx or never arrives forbids the whole host
for the run, and an article it forbids is listed once, not on every cron run."""

from __future__ import annotations

import subprocess
from pathlib import Path
from typing import Any

import pytest
from helpers.demo import feeds, run_crawl, summaries
from helpers.logged_site import LoggedSite, Plan, logged_site

from newscrawl.demo.site import DemoSite
from newscrawl.evaluation import read_jsonl

pytestmark = pytest.mark.integration


def crawl(site: LoggedSite, out: Path, *extra: str) -> subprocess.CompletedProcess[str]:
    return run_crawl(site.base_url, out, *extra, timeout=240)


def last_summary(out: Path) -> dict[str, Any]:
    return summaries(out)[-1]


def undelivered(summary: dict[str, Any]) -> dict[str, str]:
    return {entry["url"]: entry["reason"] for entry in summary["undelivered"]}


def fetched(site: LoggedSite, path: str) -> bool:
    return any(hit.path == path for hit in site.hits)


def test_a_robots_txt_over_the_download_cap_is_obeyed_from_its_first_lines(
    tmp_path: Path,
) -> None:
    with logged_site(DemoSite(4)) as site:
        forbidden = site.article_paths()[1]
        filler = "# " + "x" * 78 + "\n"
        site.plan.robots = f"User-agent: *\nDisallow: {forbidden}\n" + filler * 120_000  # 9.6 MB
        result = crawl(site, tmp_path)
        touched = fetched(site, forbidden)
    assert result.returncode == 0, result.stderr[-3000:]
    assert not touched
    summary = last_summary(tmp_path)
    assert undelivered(summary) == {site.base_url.rstrip("/") + forbidden: "robots_txt"}
    assert (
        summary["robots"]["127.0.0.1:" + site.base_url.rsplit(":", 1)[1].rstrip("/")]["status"]
        == "cut"
    )
    assert len(read_jsonl(feeds(tmp_path))) == 3


def test_a_rule_past_the_cap_is_not_read(tmp_path: Path) -> None:
    with logged_site(DemoSite(2)) as site:
        forbidden = site.article_paths()[0]
        filler = "# " + "x" * 78 + "\n"
        site.plan.robots = "User-agent: *\n" + filler * 8_000 + f"Disallow: {forbidden}\n"
        result = crawl(site, tmp_path)
    assert result.returncode == 0, result.stderr[-3000:]
    assert len(read_jsonl(feeds(tmp_path))) == 2  # 640 KB in: past the 512 KiB read


@pytest.mark.parametrize(
    ("plan", "detail"),
    [
        (Plan(errors={"/robots.txt": (503, {}, 99)}), "http_503"),
        (Plan(robots="User-agent: *\nAllow: /\n", robots_stall=8), "timeout"),
    ],
)
def test_an_unreadable_robots_txt_forbids_the_host_for_the_run(
    tmp_path: Path, plan: Plan, detail: str
) -> None:
    with logged_site(DemoSite(2), plan) as site:
        result = crawl(site, tmp_path, "-s", "DOWNLOAD_TIMEOUT=2", "-s", "RETRY_TIMES=1")
        paths = list(site.requested)
    assert set(paths) == {"/robots.txt"}, paths  # nothing but robots.txt (and its retry)
    assert result.returncode == 4, result.stderr[-3000:]
    assert "robots.txt could not be read" in result.stderr.splitlines()[-1]
    (host,) = last_summary(tmp_path)["robots"].values()
    assert host["status"] == "unreachable" and host["detail"] == detail


def test_a_missing_robots_txt_allows_everything(tmp_path: Path) -> None:
    plan = Plan(errors={"/robots.txt": (404, {}, 99)})
    with logged_site(DemoSite(2), plan) as site:
        result = crawl(site, tmp_path)
    assert result.returncode == 0, result.stderr[-3000:]
    assert len(read_jsonl(feeds(tmp_path))) == 2
    (host,) = last_summary(tmp_path)["robots"].values()
    assert host["status"] == "absent"


def test_a_forbidden_article_is_listed_once_until_robots_txt_changes(tmp_path: Path) -> None:
    with logged_site(DemoSite(3)) as site:
        forbidden = site.article_paths()[0]
        url = site.base_url.rstrip("/") + forbidden
        site.plan.robots = f"User-agent: *\nDisallow: {forbidden}\n"
        runs = [crawl(site, tmp_path), crawl(site, tmp_path)]
        site.plan.robots = f"User-agent: *\nCrawl-delay: 0\nDisallow: {forbidden}\n"
        runs.append(crawl(site, tmp_path))
        touched = fetched(site, forbidden)
    assert [run.returncode for run in runs] == [0, 0, 0], runs[-1].stderr[-3000:]
    assert not touched
    first, second, changed = summaries(tmp_path)
    assert undelivered(first) == {url: "robots_txt"}
    assert undelivered(second) == {}  # the same robots.txt: known, not warned about again
    assert f"not delivered: {url}" not in runs[1].stderr
    assert undelivered(changed) == {url: "robots_txt"}  # a new robots.txt: said once more


def test_requests_waiting_for_robots_txt_are_checked_too(tmp_path: Path) -> None:
    """All six sections start at once and wait for robots.txt; Scrapy's own middleware let
    every waiter but the first through unchecked."""
    plan = Plan(robots="User-agent: *\nDisallow: /kategorie/kultur/\nDisallow: /kategorie/sport/\n")
    with logged_site(DemoSite(6), plan) as site:
        result = crawl(site, tmp_path)
        paths = list(site.requested)
    assert result.returncode == 0, result.stderr[-3000:]
    assert "/kategorie/welt/" in paths
    assert not [p for p in paths if p.startswith(("/kategorie/kultur/", "/kategorie/sport/"))]
