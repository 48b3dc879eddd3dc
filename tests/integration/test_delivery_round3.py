"""The delivery contract under the faults an outside probe still broke it with ("an article
ends in a finished feed or in `undelivered`; exit 0 means exactly that"): real `scrapy crawl`
processes against the demo site on 127.0.0.1."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from helpers.demo import (
    ROOT,
    SCRAPY,
    DemoSite,
    crawl_command,
    crawl_env,
    feeds,
    last_log_line,
    run_crawl,
    run_with_fault,
)

from newscrawl.evaluation import compare, read_jsonl
from newscrawl.state.lock import RunLock
from newscrawl.state.naming import store_name

pytestmark = pytest.mark.integration


def test_a_reader_that_stops_early_fails_the_run_and_loses_nothing(
    demo_site: DemoSite, tmp_path: Path
) -> None:
    """`scrapy crawl … -o -:jsonlines | head -n 5`: EPIPE on a later line stops the run, exit 7,
    and nothing is marked delivered, so the next run delivers every article."""
    process = subprocess.Popen(
        crawl_command(demo_site.base_url, "-o", "-:jsonlines"),
        cwd=ROOT,
        env=crawl_env(tmp_path),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert process.stdout is not None and process.stderr is not None
    head = [process.stdout.readline() for _ in range(5)]
    process.stdout.close()  # `head -n 5` exits
    stderr = process.stderr.read().decode()
    process.stderr.close()
    assert process.wait(timeout=120) == 7, stderr[-3000:]
    assert all(line.startswith(b"{") for line in head)
    assert "standard output cannot be written" in stderr.splitlines()[-1]
    rerun = run_crawl(demo_site.base_url, tmp_path)
    assert "finished: 240 articles emitted" in last_log_line(rerun), rerun.stderr[-2000:]
    report = compare(read_jsonl(feeds(tmp_path)), demo_site.truth())
    assert report.perfect(), "\n".join(report.lines())


def test_a_summary_that_cannot_be_written_fails_the_run(
    demo_site: DemoSite, tmp_path: Path
) -> None:
    """The summary is the only record of what was not delivered: without it, exit 8."""
    result = run_with_fault("summary-error", demo_site.base_url, tmp_path)
    assert result.returncode == 8, result.stderr[-2000:]
    assert "run summary could not be written" in last_log_line(result)
    assert "No space left on device" in last_log_line(result)
    assert len(feeds(tmp_path)) == 1  # the feed itself is delivered


def test_a_site_wide_wrong_canonical_loses_no_article(tmp_path: Path) -> None:
    """Every article's rel=canonical names a section page (a template's mistake): the crawl
    ignores it and delivers every article at its own address, not one "original" and the
    rest dropped as its duplicates and marked done for good."""
    import re

    from helpers.logged_site import Plan, logged_site

    from newscrawl.demo.site import DemoSite

    def section_canonical(path: str, body: bytes) -> bytes:
        if not re.match(r"^/\d{4}/", path):
            return body
        return re.sub(
            rb'<link rel="canonical" href="([^"]*?//[^/"]+)/[^"]*"',
            rb'<link rel="canonical" href="\1/kategorie/politik/"',
            body,
        )

    with logged_site(DemoSite(12), Plan(rewrite=section_canonical)) as site:
        result = subprocess.run(
            crawl_command(site.base_url),
            cwd=ROOT,
            env=crawl_env(tmp_path),
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert result.returncode == 0, result.stderr[-2000:]
        assert "'newscrawl/urls/canonical_ignored': 12" in result.stderr
        report = compare(read_jsonl(feeds(tmp_path)), site.truth())
    assert report.perfect(), "\n".join(report.lines())


def rebuild(
    site: DemoSite, out: Path, fault: str | None = None
) -> subprocess.CompletedProcess[str]:
    command = [SCRAPY, "rebuildstate", "bna_germany", "-a", f"base_url={site.base_url}"]
    if fault is not None:
        command = [
            sys.executable,
            str(ROOT / "tests" / "helpers" / "inject.py"),
            fault,
            *command[1:],
        ]
    return subprocess.run(
        command, cwd=ROOT, env=crawl_env(out), capture_output=True, text=True, timeout=120
    )


def test_a_rebuild_stopped_halfway_leaves_the_old_state_in_place(
    demo_site: DemoSite, tmp_path: Path
) -> None:
    """Built aside and swapped in whole: a rebuild killed after 30 articles leaves the old
    state, so the next crawl emits nothing twice (an empty but valid state re-emitted all)."""
    first = run_crawl(demo_site.base_url, tmp_path)
    assert first.returncode == 0, last_log_line(first)
    killed = rebuild(demo_site, tmp_path, fault="rebuild-kill-after:30")
    assert killed.returncode == -9, killed.stderr[-2000:]
    rerun = run_crawl(demo_site.base_url, tmp_path)
    assert "finished: 0 articles emitted" in last_log_line(rerun), rerun.stderr[-2000:]
    done = rebuild(demo_site, tmp_path)
    assert done.returncode == 0, done.stderr[-2000:]
    assert "240 articles marked delivered" in done.stdout
    state = tmp_path / "state"
    assert not list(state.glob("*.rebuild-*"))  # the finished rebuild's file is in place
    again = run_crawl(demo_site.base_url, tmp_path)
    assert "finished: 0 articles emitted" in last_log_line(again), again.stderr[-2000:]


def test_a_rebuild_is_refused_while_a_crawl_of_the_site_runs(
    demo_site: DemoSite, tmp_path: Path
) -> None:
    lock = RunLock(tmp_path / "state" / f"{store_name('bna_germany', demo_site.base_url)}.lock")
    lock.acquire()  # as a running crawl holds it
    try:
        refused = rebuild(demo_site, tmp_path)
    finally:
        lock.release()
    assert refused.returncode == 75, refused.stderr[-2000:]
    assert "a crawl of this site is running" in refused.stderr
    assert not (
        tmp_path / "state" / f"{store_name('bna_germany', demo_site.base_url)}.sqlite"
    ).exists()


def test_a_rename_that_fails_after_the_commit_is_reported_as_delivered(
    demo_site: DemoSite, tmp_path: Path
) -> None:
    """Not "nothing delivered": the articles are committed and the feed complete; the run
    exits 3 saying so, and the next run moves the feed into place and emits nothing twice."""
    failed = run_with_fault("move-error", demo_site.base_url, tmp_path)
    assert failed.returncode == 3, failed.stderr[-2000:]
    last = last_log_line(failed)
    assert "delivered, not yet in place" in last and "Input/output error" in last
    assert "nothing delivered" not in failed.stderr
    assert feeds(tmp_path) == [] and list((tmp_path / "bna_germany").glob(".*.part"))
    rerun = run_crawl(demo_site.base_url, tmp_path)
    assert "finished the feed of an interrupted run" in rerun.stderr
    assert "finished: 0 articles emitted" in last_log_line(rerun), rerun.stderr[-2000:]
    report = compare(read_jsonl(feeds(tmp_path)), demo_site.truth())
    assert report.perfect(), "\n".join(report.lines())


def test_two_runs_appending_to_one_output_file_keep_both_runs(
    demo_site: DemoSite, tmp_path: Path
) -> None:
    """`-o all.jsonl` from two runs at once (two state directories: each emits all 240):
    the file ends with both runs' lines, each whole, none lost to the other's write."""
    target = tmp_path / "all.jsonl"
    runs = [
        subprocess.Popen(
            crawl_command(demo_site.base_url, "-o", str(target)),
            cwd=ROOT,
            env=crawl_env(tmp_path / f"run{n}"),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
        )
        for n in (1, 2)
    ]
    results = [run.communicate(timeout=300) for run in runs]
    assert [run.returncode for run in runs] == [0, 0], [err[-1500:] for _, err in results]
    lines = read_jsonl([target])
    assert len(lines) == 480
    for half in (lines[:240], lines[240:]):
        report = compare(half, demo_site.truth())
        assert report.perfect(), "\n".join(report.lines())
