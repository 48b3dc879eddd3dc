"""The crontab line and the systemd ExecStart in the README run as written (paths swapped)."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest
from helpers.demo import ROOT, DemoSite, crawl_env, feeds

pytestmark = pytest.mark.integration
README = (ROOT / "README.md").read_text("utf-8")
INSTALL_DIR = "/srv/newscrawl"
LIVE_URL = "https://www.example-bna.de/"


def localised(command: str, base_url: str) -> str:
    """The live site swapped for our own demo server, crawled with politeness off as the
    README says to do for one's own servers."""
    own_server = f"{base_url} -s NEWSCRAWL_POLITENESS=off"
    return command.replace(INSTALL_DIR, str(ROOT)).replace(LIVE_URL, own_server)


def crontab_command() -> str:
    block = re.search(r"```crontab\n(.+?)\n```", README, re.DOTALL)
    assert block, "README has no crontab example"
    return block.group(1).split(None, 5)[5]  # drop the five schedule fields


def systemd_exec_start() -> str:
    match = re.search(r"^ExecStart=(.+)$", README, re.MULTILINE)
    assert match, "README has no systemd ExecStart"
    return match.group(1)


def test_crontab_line_runs_as_written(demo_site: DemoSite, tmp_path: Path) -> None:
    command = localised(crontab_command(), demo_site.base_url)
    command = command.replace("output/cron.log", str(tmp_path / "cron.log"))
    result = subprocess.run(["sh", "-c", command], env=crawl_env(tmp_path), timeout=300)
    assert result.returncode == 0, (tmp_path / "cron.log").read_text()[-2000:]
    assert len(feeds(tmp_path)) == 1


def test_systemd_exec_start_runs_as_written(demo_site: DemoSite, tmp_path: Path) -> None:
    command = localised(systemd_exec_start(), demo_site.base_url).split()
    result = subprocess.run(
        command, cwd=ROOT, env=crawl_env(tmp_path), capture_output=True, text=True, timeout=300
    )
    assert result.returncode == 0, result.stderr[-2000:]
    assert len(feeds(tmp_path)) == 1
