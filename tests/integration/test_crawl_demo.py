"""`scrapy crawl bna_germany` against the demo site, compared line by line with its truth."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest
from helpers.demo import DemoSite, feeds, run_crawl

from newscrawl.evaluation import compare, read_jsonl
from newscrawl.schema import article_validator

pytestmark = pytest.mark.integration

FORBIDDEN_IN_BODY = (
    "Siehe auch",
    "Lesen Sie auch",
    "Mehr zum Thema",
    "Das könnte Sie auch interessieren",
    "Anzeige",
    "Werbung",
    "Sponsored",
    "Teilen mit",
    "Newsletter",
    "Foto:",
    "Getty Images",
    "Kommentare",
    "Schreibe einen Kommentar",
)


@pytest.fixture(scope="module")
def crawl(
    demo_site: DemoSite, tmp_path_factory: pytest.TempPathFactory
) -> tuple[subprocess.CompletedProcess[str], Path]:
    output_dir = tmp_path_factory.mktemp("output")
    return run_crawl(demo_site.base_url, output_dir), output_dir


def test_crawl_succeeds_and_writes_one_finished_feed(crawl: tuple) -> None:  # type: ignore[type-arg]
    result, output_dir = crawl
    assert result.returncode == 0, result.stderr[-3000:]
    assert len(feeds(output_dir)) == 1
    assert not list((output_dir / "bna_germany").glob(".*.part"))


def test_every_truth_article_once_with_every_field_equal(
    crawl: tuple,
    demo_site: DemoSite,  # type: ignore[type-arg]
) -> None:
    _, output_dir = crawl
    report = compare(read_jsonl(feeds(output_dir)), demo_site.truth())
    assert report.perfect(), "\n".join(report.lines())


def test_every_line_validates_and_bodies_are_clean(crawl: tuple) -> None:  # type: ignore[type-arg]
    _, output_dir = crawl
    lines = feeds(output_dir)[0].read_text("utf-8").splitlines()
    assert lines
    for line in lines:
        record = json.loads(line)
        assert list(article_validator().iter_errors(record)) == []
        for label in FORBIDDEN_IN_BODY:
            assert label not in record["body"], (label, record["url"])
        for image in record["images"]:
            for text in (image["caption"], image["credit"]):
                assert not text or text not in record["body"]


def test_duplicate_links_were_not_fetched_twice(crawl: tuple, demo_site: DemoSite) -> None:  # type: ignore[type-arg]
    result, _ = crawl
    truth_count = len(demo_site.truth())
    stats = result.stderr[result.stderr.rfind("Dumping Scrapy stats") :]
    article_pages = int(stats.split("'newscrawl/pages/article': ")[1].split(",")[0])
    assert article_pages == truth_count


def test_missing_base_url_fails_before_any_request(tmp_path: Path) -> None:
    result = run_crawl("not-a-url", tmp_path, timeout=60)
    assert result.returncode != 0
    assert "base_url 'not-a-url' is not an http(s) URL" in result.stderr
    assert "Crawled (" not in result.stderr
