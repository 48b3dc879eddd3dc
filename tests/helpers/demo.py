"""Start the demo site as its own program (the crawler knows nothing about it) and crawl it."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
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

    def truth(self, *extra: str) -> list[dict[str, Any]]:
        """The site's truth (`extra`: more `truth` options, e.g. `--since-edition 1`)."""
        command = [sys.executable, "-m", "newscrawl.demo", "truth", "--base-url", self.base_url]
        out = subprocess.run(
            [*command, *self.args, *extra], capture_output=True, text=True, check=True, timeout=120
        ).stdout
        return [json.loads(line) for line in out.splitlines() if line.strip()]


def start_demo(*args: str, port: int = 0, host: str | None = None) -> DemoSite:
    """Serve the demo site; `port` lets a test bring the "same site" back at a new edition,
    `host` serves it on another loopback address (127.0.0.2, …)."""
    address = ["--host", host] if host else []
    command = [
        sys.executable,
        "-m",
        "newscrawl.demo",
        "serve",
        "--port",
        str(port),
        *address,
        *args,
    ]
    process = subprocess.Popen(command, stdout=subprocess.PIPE, text=True, cwd=ROOT)
    assert process.stdout is not None
    base_url = process.stdout.readline().strip()
    assert base_url.startswith("http://127."), base_url
    return DemoSite(base_url=base_url, args=list(args), process=process)


def stop_demo(site: DemoSite) -> None:
    site.process.terminate()
    site.process.wait(timeout=10)
    if site.process.stdout is not None:
        site.process.stdout.close()


@contextmanager
def demo_sites(specs: dict[str, tuple[str, int, int, str]]) -> Iterator[dict[str, DemoSite]]:
    """Several demo sites at once, by name: (loopback host, articles, seed, sections)."""
    started: dict[str, DemoSite] = {}
    try:
        for name, (host, articles, seed, sections) in specs.items():
            started[name] = start_demo(
                "--articles", str(articles), "--seed", str(seed), "--sections", sections, host=host
            )  # fmt: skip
        yield started
    finally:
        for site in started.values():
            stop_demo(site)


def port_of(site: DemoSite) -> int:
    return int(site.base_url.rstrip("/").rsplit(":", 1)[1])


# Our own loopback servers are crawled at full speed, with the documented switch; the tests
# of politeness itself leave it out.
OWN_SERVER = ("-s", "NEWSCRAWL_POLITENESS=off")


def crawl_command(
    base_url: str, *extra: str, polite: bool = False, spider: str = "bna_germany"
) -> list[str]:
    """`scrapy crawl` of the site at `base_url`: the profiled spider, or `generic` (url=)."""
    switch = () if polite else OWN_SERVER
    address = f"url={base_url}" if spider == "generic" else f"base_url={base_url}"
    return [SCRAPY, "crawl", spider, "-a", address, *switch, *extra]


def crawl_env(output_dir: Path) -> dict[str, str]:
    """Feeds and state under `output_dir`, as NEWSCRAWL_OUTPUT_DIR documents."""
    env = {k: v for k, v in os.environ.items() if k != "NEWSCRAWL_STATE_DIR"}
    return {**env, "NEWSCRAWL_OUTPUT_DIR": str(output_dir)}


def run_crawl(
    base_url: str,
    output_dir: Path,
    *extra: str,
    timeout: float = 300,
    spider: str = "bna_germany",
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        crawl_command(base_url, *extra, spider=spider),
        cwd=ROOT,
        env=crawl_env(output_dir),
        capture_output=True,
        text=True,
        timeout=timeout,
    )


def crawl_sites(sites_file: Path, output_dir: Path) -> subprocess.CompletedProcess[str]:
    """`scrapy crawl sites -a sites=FILE` on our own servers, feeds and state under
    `output_dir`."""
    return subprocess.run(
        [SCRAPY, "crawl", "sites", "-a", f"sites={sites_file}", *OWN_SERVER],
        cwd=ROOT,
        env=crawl_env(output_dir),
        capture_output=True,
        text=True,
        timeout=600,
    )


def feeds(output_dir: Path, site: str = "bna_germany") -> list[Path]:
    """Finished feeds only (the hidden .part files of killed runs are not feeds)."""
    return sorted((output_dir / site).glob(f"{site}-*.jsonl"))


def summaries(output_dir: Path, site: str = "bna_germany") -> list[dict[str, Any]]:
    paths = sorted((output_dir / site).glob(f"{site}-*.summary.json"))
    return [json.loads(p.read_text("utf-8")) for p in paths]


def last_log_line(result: subprocess.CompletedProcess[str]) -> str:
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    return lines[-1] if lines else ""


def run_with_fault(
    fault: str, base_url: str, output_dir: Path, *extra: str, timeout: float = 300
) -> subprocess.CompletedProcess[str]:
    """`run_crawl` with a fault injected by tests/helpers/inject.py (`kill:STEP`, …)."""
    inject = str(ROOT / "tests" / "helpers" / "inject.py")
    return subprocess.run(
        [sys.executable, inject, fault, *crawl_command(base_url, *extra)[1:]],
        cwd=ROOT,
        env=crawl_env(output_dir),
        capture_output=True,
        text=True,
        timeout=timeout,
    )
