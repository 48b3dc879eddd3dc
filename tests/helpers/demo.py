"""Start the demo site as its own program (the crawler knows nothing about it) and crawl it."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
SCRAPY = str(Path(sys.executable).with_name("scrapy"))


@dataclass
class DemoSite:
    base_url: str
    args: list[str]
    process: subprocess.Popen[str]

    def truth(self) -> list[dict[str, Any]]:
        command = [sys.executable, "-m", "newscrawl.demo", "truth", "--base-url", self.base_url]
        out = subprocess.run(
            [*command, *self.args], capture_output=True, text=True, check=True, timeout=120
        ).stdout
        return [json.loads(line) for line in out.splitlines() if line.strip()]


def start_demo(*args: str) -> DemoSite:
    command = [sys.executable, "-m", "newscrawl.demo", "serve", "--port", "0", *args]
    process = subprocess.Popen(command, stdout=subprocess.PIPE, text=True, cwd=ROOT)
    assert process.stdout is not None
    base_url = process.stdout.readline().strip()
    assert base_url.startswith("http://127.0.0.1:"), base_url
    return DemoSite(base_url=base_url, args=list(args), process=process)


def stop_demo(site: DemoSite) -> None:
    site.process.terminate()
    site.process.wait(timeout=10)


def run_crawl(
    base_url: str, output_dir: Path, *extra: str, timeout: float = 300
) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "NEWSCRAWL_OUTPUT_DIR": str(output_dir)}
    command = [SCRAPY, "crawl", "bna_germany", "-a", f"base_url={base_url}", *extra]
    return subprocess.run(
        command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=timeout
    )
