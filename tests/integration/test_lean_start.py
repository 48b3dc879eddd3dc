"""A run does not load what it has switched off: Scrapy imports every component its lists
name, and RemoteControl (aiohttp) and the cookies middleware (tldextract, requests) cost
0.2 s of CPU at the start of every cron run that uses neither. Switched on from the command
line, a component is loaded and works as ever."""

from __future__ import annotations

import os
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from helpers.demo import ROOT, DemoSite, crawl_command, crawl_env, feeds, start_demo, stop_demo


@pytest.fixture(scope="module")
def demo() -> Iterator[DemoSite]:
    site = start_demo("--articles", "12")
    try:
        yield site
    finally:
        stop_demo(site)


# Loaded by `site` at every interpreter's start (the crawler's and its workers'): at exit,
# each writes the names of the modules it imported
_SITECUSTOMIZE = """
import atexit, os, sys

def _write_modules():
    path = os.path.join(os.environ["MODULES_REPORT_DIR"], str(os.getpid()))
    with open(path, "w") as out:
        out.write("\\n".join(sorted(sys.modules)))

atexit.register(_write_modules)
"""


def _crawl_imports(site: DemoSite, output_dir: Path, *extra: str) -> set[str]:
    """The modules the crawl's processes (crawler and workers) imported."""
    hook, report = output_dir / "hook", output_dir / "modules"
    hook.mkdir()
    report.mkdir()
    (hook / "sitecustomize.py").write_text(_SITECUSTOMIZE, "utf-8")
    env = crawl_env(output_dir / "out")
    path = os.pathsep.join(p for p in (str(hook), env.get("PYTHONPATH")) if p)
    env.update(PYTHONPATH=path, MODULES_REPORT_DIR=str(report))
    done = subprocess.run(
        crawl_command(site.base_url, *extra),
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert feeds(output_dir / "out"), "no feed written"
    reports = list(report.iterdir())
    assert len(reports) >= 2, "the crawler's and a worker's reports"
    return {name for path in reports for name in path.read_text("utf-8").split()}


def test_a_crawl_imports_neither_the_control_server_nor_the_cookie_jar(
    demo: DemoSite, tmp_path: Path
) -> None:
    imported = _crawl_imports(demo, tmp_path)
    assert "newscrawl.pipelines.emit" in imported  # the report is there to read
    unused = {name for name in imported if name.split(".")[0] in ("aiohttp", "tldextract")}
    assert not unused
    assert "scrapy.downloadermiddlewares.cookies" not in imported


def test_cookies_switched_on_are_loaded(demo: DemoSite, tmp_path: Path) -> None:
    imported = _crawl_imports(demo, tmp_path, "-s", "COOKIES_ENABLED=True")
    assert "scrapy.downloadermiddlewares.cookies" in imported
    assert "aiohttp" not in imported
