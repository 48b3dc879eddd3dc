"""An article is "known" only once it is delivered: a stage that fails, a page that is not the
article, leaves it unknown, listed in `undelivered`, and the next run delivers it (real
`scrapy crawl` processes against the demo site)."""

from __future__ import annotations

import subprocess
import sys
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
    summaries,
)

from newscrawl.evaluation import compare, read_jsonl

pytestmark = pytest.mark.integration
INJECT = str(ROOT / "tests" / "helpers" / "inject.py")


def test_a_stage_that_raises_loses_nothing(demo_site: DemoSite, tmp_path: Path) -> None:
    in_process = ["-s", "NEWSCRAWL_EXTRACT_PROCESSES=0"]
    failing = subprocess.run(
        [
            sys.executable,
            INJECT,
            "stage-error:5",
            *crawl_command(demo_site.base_url, *in_process)[1:],
        ],
        cwd=ROOT,
        env=crawl_env(tmp_path),
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert "finished: 235 articles emitted" in last_log_line(failing), failing.stderr[-2000:]
    summary = summaries(tmp_path)[0]
    errors = [u for u in summary["undelivered"] if u["reason"] == "error_RuntimeError"]
    assert len(errors) == 5
    assert summary["errors"]["total"] >= 5
    rerun = run_crawl(demo_site.base_url, tmp_path)
    assert "finished: 5 articles emitted" in last_log_line(rerun)
    report = compare(read_jsonl(feeds(tmp_path)), demo_site.truth())
    assert report.perfect(), "\n".join(report.lines())
