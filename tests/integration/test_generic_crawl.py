"""`scrapy crawl generic` on the demo site, which it knows nothing about (no profile applies)."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest
from helpers.demo import DemoSite, run_crawl, summaries

from newscrawl.evaluation import compare, read_jsonl
from newscrawl.schema import article_validator

pytestmark = pytest.mark.integration
SITE = "127_0_0_1"


def crawl_generic(url: str, output_dir: Path) -> subprocess.CompletedProcess[str]:
    return run_crawl(url, output_dir, spider="generic")


def generic_feeds(output_dir: Path) -> list[Path]:
    return sorted((output_dir / SITE).glob(f"{SITE}-*.jsonl"))


@pytest.fixture(scope="module")
def crawl(
    demo_site: DemoSite, tmp_path_factory: pytest.TempPathFactory
) -> tuple[subprocess.CompletedProcess[str], Path]:
    output_dir = tmp_path_factory.mktemp("generic")
    return crawl_generic(demo_site.base_url, output_dir), output_dir


def test_generic_crawl_finds_the_articles_and_nothing_else(
    crawl: tuple[subprocess.CompletedProcess[str], Path], demo_site: DemoSite
) -> None:
    result, output_dir = crawl
    assert result.returncode == 0, result.stderr[-3000:]
    report = compare(read_jsonl(generic_feeds(output_dir)), demo_site.truth())
    print("\n".join(report.lines()))  # the per-field figures, shown with -s
    assert report.recall >= 0.98, "\n".join(report.lines())
    assert report.unexpected == [], report.unexpected[:10]
    assert report.duplicates == 0
    for name in ("url", "title", "published_at", "authors", "tags", "section", "lead"):
        assert report.field_accuracy()[name] >= 0.95, (name, report.field_accuracy())


def test_every_line_validates_and_says_how_it_was_extracted(
    crawl: tuple[subprocess.CompletedProcess[str], Path],
) -> None:
    _, output_dir = crawl
    for line in generic_feeds(output_dir)[0].read_text("utf-8").splitlines():
        record = json.loads(line)
        assert list(article_validator().iter_errors(record)) == []
        assert record["site"] == SITE
        assert record["extraction"]["body"] == "generic:content"
        assert "profile" not in record["extraction"].values()


def test_a_rerun_of_the_unchanged_site_emits_nothing(
    crawl: tuple[subprocess.CompletedProcess[str], Path], demo_site: DemoSite
) -> None:
    _, output_dir = crawl
    again = crawl_generic(demo_site.base_url, output_dir)
    assert again.returncode == 0, again.stderr[-3000:]
    last = summaries(output_dir, SITE)[-1]
    assert last["items_emitted"] == 0
    assert last["pages"]["article"] == 0


@pytest.mark.parametrize(("value", "message"), [("", "-a url="), ("not-a-url", "url 'not-a-url'")])
def test_missing_or_bad_url_fails_before_any_request(
    value: str, message: str, tmp_path: Path
) -> None:
    result = crawl_generic(value, tmp_path)
    assert result.returncode != 0
    assert message in result.stderr
    assert "Crawled (" not in result.stderr


def test_the_summary_counts_the_articles_per_discovery_source(
    crawl: tuple[subprocess.CompletedProcess[str], Path],
) -> None:
    """Each delivered article is counted once, under the source whose link was requested
    first: the demo's RSS feed (`/feed/`) holds the 20 newest stories, which the listings
    link too; which of the two asks first depends on how the responses interleave (the
    feed may be read before the home page's second listing page), so only those 20 may be
    the feed's."""
    _, output_dir = crawl
    summary = summaries(output_dir, SITE)[0]  # the first run's (a test reruns into the dir)
    assert summary["items_emitted"] == 240
    assert sum(summary["sources"].values()) == 240
    assert set(summary["sources"]) <= {"listing", "feed"}
    assert summary["sources"].get("feed", 0) <= 20
