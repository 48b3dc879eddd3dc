"""`scrapy crawl bna_germany -a js=true` against `serve --js`: the ticker section exists only
in the browser (listing filled from JSON behind "Mehr laden", bodies loaded by script)."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path
from typing import Any

import pytest
from helpers.browser import require_chromium
from helpers.demo import (
    ROOT,
    DemoSite,
    crawl_command,
    crawl_env,
    feeds,
    last_log_line,
    start_demo,
    stop_demo,
)

from newscrawl.evaluation import compare, read_jsonl

pytestmark = pytest.mark.integration
STAT = re.compile(r"'([^']+)': (\d+)[,}\n]")


def crawl(
    base_url: str, output_dir: Path, chromium: str, *extra: str
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        crawl_command(base_url, *extra),
        cwd=ROOT,
        env={**crawl_env(output_dir), "NEWSCRAWL_CHROMIUM": chromium},
        capture_output=True,
        text=True,
        timeout=300,
    )


def stats_of(result: subprocess.CompletedProcess[str]) -> dict[str, int]:
    """The integer stats of the run's final stats dump."""
    dump = result.stderr[result.stderr.rfind("Dumping Scrapy stats:") :]
    return {key: int(value) for key, value in STAT.findall(dump[: dump.index("}")])}


@pytest.fixture(scope="module")
def js_site() -> Any:
    site = start_demo("--js")
    yield site
    stop_demo(site)


@pytest.fixture(scope="module")
def js_crawl(js_site: DemoSite, tmp_path_factory: pytest.TempPathFactory) -> tuple[Any, Path]:
    chromium = require_chromium()
    output_dir = tmp_path_factory.mktemp("js-output")
    return crawl(js_site.base_url, output_dir, chromium, "-a", "js=true"), output_dir


@pytest.mark.browser
def test_every_ticker_article_once_with_every_field_equal(
    js_crawl: tuple[Any, Path], js_site: DemoSite
) -> None:
    result, output_dir = js_crawl
    assert result.returncode == 0, result.stderr[-3000:]
    truth = js_site.truth()
    ticker = [r for r in truth if r["section"] == "ticker"]
    assert len(ticker) >= 12
    output = read_jsonl(feeds(output_dir))
    report = compare(output, truth)
    assert report.perfect(), "\n".join(report.lines())
    urls = [r["url"] for r in output]
    assert sorted(u for u in urls if "/ticker/" in u) == sorted(r["url"] for r in ticker)


@pytest.mark.browser
def test_only_the_ticker_pages_went_through_the_browser(
    js_crawl: tuple[Any, Path], js_site: DemoSite
) -> None:
    result, _ = js_crawl
    stats = stats_of(result)
    ticker = sum(1 for r in js_site.truth() if r["section"] == "ticker")
    pages = stats["newscrawl/pages/listing"] + stats["newscrawl/pages/article"]
    assert stats["newscrawl/pages/browser"] == 1 + ticker  # one listing + its articles
    assert stats["newscrawl/pages/plain"] == pages - 1 - ticker
    assert stats["playwright/page_count"] == 1 + ticker  # nothing else opened a page
    assert stats["playwright/page_count/closed"] == stats["playwright/page_count"]
    assert stats["playwright/page_count/max_concurrent"] <= 4
    assert stats["playwright/context_count/max_concurrent"] == 1
    assert stats["playwright/request_count/aborted"] > 0  # images, the ad script
    assert "playwright/response_count/resource_type/image" not in stats


def test_a_crawl_without_js_skips_the_ticker_and_never_loads_playwright(
    js_site: DemoSite, tmp_path: Path
) -> None:
    result = crawl(js_site.base_url, tmp_path, "/nonexistent/chromium", "-s", "LOG_LEVEL=DEBUG")
    assert result.returncode == 0, result.stderr[-3000:]
    stats = stats_of(result)
    assert stats["newscrawl/pages/skipped_needs_js"] == 1
    assert "newscrawl/pages/browser" not in stats
    assert "scrapy-playwright" not in result.stderr and "playwright/" not in result.stderr
    output = read_jsonl(feeds(tmp_path))
    assert output and not [r for r in output if "/ticker/" in r["url"]]


def test_missing_browser_stops_the_crawl_at_start(js_site: DemoSite, tmp_path: Path) -> None:
    result = crawl(js_site.base_url, tmp_path, "/nonexistent/chromium", "-a", "js=true")
    assert result.returncode == 1
    last = last_log_line(result)
    assert "exit 1: the crawl could not start" in last
    assert "NEWSCRAWL_CHROMIUM=/nonexistent/chromium" in last
    assert "playwright install chromium" in last and "apt-get install chromium" in last
    assert "Crawled (" not in result.stderr
