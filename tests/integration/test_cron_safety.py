"""Overlap, exit status and resume after a kill, through real `scrapy crawl` processes."""

from __future__ import annotations

import http.server
import os
import signal
import subprocess
import threading
import time
from collections.abc import Iterator
from functools import partial
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
)

from newscrawl.evaluation import compare, read_jsonl
from newscrawl.state.lock import RunLock
from newscrawl.state.naming import store_name

pytestmark = pytest.mark.integration


def lock_path(output: Path, base_url: str) -> Path:
    return output / "state" / f"{store_name('bna_germany', base_url)}.lock"


def test_second_run_of_the_same_site_exits_at_once_naming_the_holder(
    demo_site: DemoSite, tmp_path: Path
) -> None:
    holder = RunLock(lock_path(tmp_path, demo_site.base_url))
    holder.acquire()
    try:
        started = time.monotonic()
        result = run_crawl(demo_site.base_url, tmp_path, timeout=60)
    finally:
        holder.release()
    assert result.returncode == 75
    assert time.monotonic() - started < 30
    assert f"pid {os.getpid()}" in last_log_line(result)
    assert feeds(tmp_path) == []


def test_a_lock_left_by_a_dead_run_is_taken_over(demo_site: DemoSite, tmp_path: Path) -> None:
    stale = lock_path(tmp_path, demo_site.base_url)
    stale.parent.mkdir(parents=True)
    stale.write_text("pid 999999 on gone-host since 2026-01-01T00:00:00+00:00\n")
    result = run_crawl(demo_site.base_url, tmp_path, "-s", "CLOSESPIDER_PAGECOUNT=3")
    assert "lock taken over" in result.stderr
    assert "pid 999999" in result.stderr


def test_unreachable_site_exits_4_with_the_reason_last(tmp_path: Path) -> None:
    result = run_crawl("http://127.0.0.1:9/", tmp_path, "-s", "RETRY_TIMES=0", timeout=120)
    assert result.returncode == 4
    assert "no section page could be fetched" in last_log_line(result)


@pytest.fixture
def empty_site(tmp_path: Path) -> Iterator[str]:
    """A site whose section pages exist but link to nothing."""
    root = tmp_path / "www"
    for slug in ("politik", "wirtschaft", "welt", "kultur", "sport", "wissenschaft"):
        page = root / "kategorie" / slug / "index.html"
        page.parent.mkdir(parents=True)
        page.write_text("<html><body><main><p>Keine Beiträge.</p></main></body></html>")
    handler = partial(http.server.SimpleHTTPRequestHandler, directory=str(root))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    handler.log_message = lambda *args: None  # type: ignore[attr-defined]
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()
    server.server_close()


def test_a_site_without_articles_exits_6(empty_site: str, tmp_path: Path) -> None:
    result = run_crawl(empty_site, tmp_path / "out", timeout=120)
    assert result.returncode == 6
    assert "linked to no articles" in last_log_line(result)


def kill_mid_crawl(base_url: str, output: Path, how: signal.Signals) -> int:
    """Start a slowed-down crawl, wait until it has emitted some articles, then kill it."""
    slow = ["-s", "CONCURRENT_REQUESTS=2", "-s", "DOWNLOAD_DELAY=0.02"]
    process = subprocess.Popen(
        crawl_command(base_url, *slow),
        cwd=ROOT,
        env=crawl_env(output),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and process.poll() is None:
        parts = list((output / "bna_germany").glob(".*.part"))
        if parts and parts[0].read_bytes().count(b"\n") >= 40:
            break
        time.sleep(0.05)
    process.send_signal(how)
    return process.wait(timeout=60)


@pytest.mark.parametrize("how", [signal.SIGTERM, signal.SIGKILL], ids=["sigterm", "sigkill"])
def test_a_killed_run_resumes_losing_nothing_and_duplicating_nothing(
    demo_site: DemoSite, tmp_path: Path, how: signal.Signals
) -> None:
    code = kill_mid_crawl(demo_site.base_url, tmp_path, how)
    assert code != 0
    rerun = run_crawl(demo_site.base_url, tmp_path)
    assert rerun.returncode == 0, last_log_line(rerun)
    report = compare(read_jsonl(feeds(tmp_path)), demo_site.truth())
    assert report.perfect(), "\n".join(report.lines())
