"""An article is "known" only once it is delivered: a stage that fails, a page that is not the
article, leaves it unknown, listed in `undelivered`, and the next run delivers it (real
`scrapy crawl` processes against the demo site)."""

from __future__ import annotations

import subprocess
import time
from pathlib import Path

import pytest
from helpers.demo import (
    ROOT,
    DemoSite,
    crawl_command,
    crawl_env,
    feeds,
    last_log_line,
    run_crawl,
    run_with_fault,
    start_demo,
    stop_demo,
    summaries,
)

from newscrawl.evaluation import compare, read_jsonl

pytestmark = pytest.mark.integration


def test_a_stage_that_raises_loses_nothing(demo_site: DemoSite, tmp_path: Path) -> None:
    in_process = ["-s", "NEWSCRAWL_EXTRACT_PROCESSES=0"]
    failing = run_with_fault("stage-error:5", demo_site.base_url, tmp_path, *in_process)
    assert "finished: 235 articles emitted" in last_log_line(failing), failing.stderr[-2000:]
    summary = summaries(tmp_path)[0]
    errors = [u for u in summary["undelivered"] if u["reason"] == "error_RuntimeError"]
    assert len(errors) == 5
    assert summary["errors"]["total"] >= 5
    rerun = run_crawl(demo_site.base_url, tmp_path)
    assert "finished: 5 articles emitted" in last_log_line(rerun)
    report = compare(read_jsonl(feeds(tmp_path)), demo_site.truth())
    assert report.perfect(), "\n".join(report.lines())


def test_a_failing_last_stage_loses_nothing(demo_site: DemoSite, tmp_path: Path) -> None:
    """Emit fails after the duplicate stages recorded the articles' URL and content keys:
    the keys are taken back, so the next run delivers those articles instead of dropping them
    as duplicates of articles no feed holds."""
    failing = run_with_fault("emit-error:5", demo_site.base_url, tmp_path)
    assert "finished: 235 articles emitted" in last_log_line(failing), failing.stderr[-2000:]
    summary = summaries(tmp_path)[0]
    errors = [u for u in summary["undelivered"] if u["reason"] == "error_OSError"]
    assert len(errors) == 5
    rerun = run_crawl(demo_site.base_url, tmp_path)
    assert "finished: 5 articles emitted" in last_log_line(rerun), rerun.stderr[-2000:]
    report = compare(read_jsonl(feeds(tmp_path)), demo_site.truth())
    assert report.perfect(), "\n".join(report.lines())


def test_two_spellings_of_one_base_url_share_one_lock(demo_site: DemoSite, tmp_path: Path) -> None:
    """The lock and the store take one identity: with and without the trailing slash."""
    bare = demo_site.base_url.rstrip("/")
    slow = ["-s", "CONCURRENT_REQUESTS=1", "-s", "DOWNLOAD_DELAY=0.05"]
    first = subprocess.Popen(
        crawl_command(bare, *slow),
        cwd=ROOT,
        env=crawl_env(tmp_path),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and not list((tmp_path / "bna_germany").glob(".*.part")):
            time.sleep(0.05)
        second = run_crawl(demo_site.base_url, tmp_path, timeout=60)
        assert second.returncode == 75, last_log_line(second)
        assert f"pid {first.pid}" in last_log_line(second)
    finally:
        first.terminate()
        first.communicate(timeout=60)


def test_a_misspelled_argument_is_refused_with_a_suggestion(
    demo_site: DemoSite, tmp_path: Path
) -> None:
    result = run_crawl(demo_site.base_url, tmp_path, "-a", "sinse=7d", timeout=60)
    assert result.returncode == 1
    assert "did you mean -a since" in last_log_line(result)
    assert "Spider opened" not in result.stderr


def test_reemit_alone_emits_everything_again(demo_site: DemoSite, tmp_path: Path) -> None:
    first = run_crawl(demo_site.base_url, tmp_path)
    assert "finished: 240 articles emitted" in last_log_line(first)
    again = run_crawl(demo_site.base_url, tmp_path, "-a", "reemit=true")
    assert "finished: 240 articles emitted" in last_log_line(again)


def test_a_reused_jobdir_does_not_hide_the_sections(demo_site: DemoSite, tmp_path: Path) -> None:
    job = ["-s", f"JOBDIR={tmp_path / 'job'}"]
    first = run_crawl(demo_site.base_url, tmp_path, *job)
    assert first.returncode == 0, last_log_line(first)
    second = run_crawl(demo_site.base_url, tmp_path, *job)
    assert second.returncode == 0, last_log_line(second)  # was 4: section fronts filtered


def test_closespider_itemcount_is_honoured_and_the_rest_comes_next_run(
    demo_site: DemoSite, tmp_path: Path
) -> None:
    limited = run_crawl(demo_site.base_url, tmp_path, "-s", "CLOSESPIDER_ITEMCOUNT=10")
    assert limited.returncode == 3
    assert len(read_jsonl(feeds(tmp_path))) <= 10 + 16  # Scrapy's own overshoot at most
    rest = run_crawl(demo_site.base_url, tmp_path)
    assert rest.returncode == 0, last_log_line(rest)
    report = compare(read_jsonl(feeds(tmp_path)), demo_site.truth())
    assert report.perfect(), "\n".join(report.lines())


def test_another_name_for_the_site_is_said_not_silent(demo_site: DemoSite, tmp_path: Path) -> None:
    port = demo_site.base_url.rstrip("/").rsplit(":", 1)[1]
    result = run_crawl(f"http://localhost:{port}/", tmp_path)
    assert "stories on another host" in result.stderr
    assert "give it as base_url" in result.stderr
    assert summaries(tmp_path)[0]["other_host_article_links"] > 0


def test_a_200_page_that_is_not_the_article_poisons_nothing(tmp_path: Path) -> None:
    """Each article answers its first request with a 200 maintenance page: the first run
    emits none of them, remembers none and, having had every story page refused, exits 6
    saying so; the second delivers every article exactly once."""
    site = start_demo("--maintenance")
    try:
        first = run_crawl(site.base_url, tmp_path)
        assert first.returncode == 6, first.stderr[-2000:]
        assert "every page fetched as a story was refused (not_site_article 240)" in (
            last_log_line(first)
        )
        reasons = {u["reason"] for u in summaries(tmp_path)[0]["undelivered"]}
        assert reasons == {"dropped_not_site_article"}
        second = run_crawl(site.base_url, tmp_path)
        assert "finished: 240 articles emitted" in last_log_line(second)
        report = compare(read_jsonl(feeds(tmp_path)), site.truth())
        assert report.perfect(), "\n".join(report.lines())
    finally:
        stop_demo(site)


def test_a_callback_exception_is_counted_once(demo_site: DemoSite, tmp_path: Path) -> None:
    failing = run_with_fault("callback-error:7", demo_site.base_url, tmp_path)
    assert failing.returncode == 0, last_log_line(failing)  # 7 of ~275 requests: not 14
    summary = summaries(tmp_path)[0]
    assert summary["errors"]["total"] == 7
    assert summary["errors"]["ValueError"] == 7
    rerun = run_crawl(demo_site.base_url, tmp_path)
    assert "finished: 7 articles emitted" in last_log_line(rerun)
