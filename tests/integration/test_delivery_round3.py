"""The delivery contract under the faults an outside probe still broke it with ("an article
ends in a finished feed or in `undelivered`; exit 0 means exactly that"): real `scrapy crawl`
processes against the demo site on 127.0.0.1."""

from __future__ import annotations

import subprocess
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
)

from newscrawl.evaluation import compare, read_jsonl

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
