"""(Named incremental_runs.py: a benchmarks/incremental.py would shadow Twisted's `incremental`
dependency for every benchmark script that imports Scrapy.)

Incremental-crawl cost on the demo site: a first run, an unchanged rerun, an edition-2 rerun.

    python benchmarks/incremental_runs.py [--articles 2000]

Prints requests and seconds per run (from each run's summary file) next to the targets:
unchanged rerun <= sections + 2 requests; edition-2 rerun <= new articles + 2 x sections + 2.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
QUIET = ("-s", "LOG_LEVEL=WARNING")
OWN_SERVER = ("-s", "NEWSCRAWL_POLITENESS=off")  # our own loopback server: full speed
SCRAPY = str(Path(sys.executable).with_name("scrapy"))


def serve(articles: int, edition: int, port: int = 0) -> tuple[subprocess.Popen[str], str]:
    command = [sys.executable, "-m", "newscrawl.demo", "serve", "--port", str(port)]
    command += ["--articles", str(articles), "--edition", str(edition)]
    server = subprocess.Popen(command, stdout=subprocess.PIPE, text=True, cwd=ROOT)
    assert server.stdout is not None
    return server, server.stdout.readline().strip()


def truth_urls(base_url: str, articles: int, edition: int) -> set[str]:
    command = [sys.executable, "-m", "newscrawl.demo", "truth", "--base-url", base_url]
    command += ["--articles", str(articles), "--edition", str(edition)]
    out = subprocess.run(command, capture_output=True, text=True, check=True, cwd=ROOT).stdout
    return {json.loads(line)["url"] for line in out.splitlines() if line.strip()}


def crawl(base_url: str, output: Path) -> dict[str, object]:
    env = {**os.environ, "NEWSCRAWL_OUTPUT_DIR": str(output)}
    started = time.perf_counter()
    result = subprocess.run(
        [SCRAPY, "crawl", "bna_germany", "-a", f"base_url={base_url}", *QUIET, *OWN_SERVER],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    wall = time.perf_counter() - started
    newest = sorted((output / "bna_germany").glob("*.summary.json"))[-1]
    summary: dict[str, object] = json.loads(newest.read_text("utf-8"))
    summary["wall_seconds"] = wall
    summary["returncode"] = result.returncode
    return summary


def report(name: str, summary: dict[str, object], target: int | None) -> None:
    pages = summary["pages"]
    assert isinstance(pages, dict)
    verdict = (
        ""
        if target is None
        else f"  target <= {target}: " + ("met" if pages["requests"] <= target else "MISSED")
    )
    print(
        f"{name:<18} requests {pages['requests']:>6}  emitted {summary['items_emitted']:>6}  "
        f"crawl {summary['duration_seconds']:.2f} s  process {summary['wall_seconds']:.2f} s"
        f"  exit {summary['returncode']}{verdict}"
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--articles", type=int, default=2000)
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT))
    from newscrawl.extraction.rendering import rule_for_listing
    from newscrawl.sites import get_profile

    profile = get_profile("bna_germany")  # needs_js sections are skipped without -a js=true
    sections = sum(
        1 for s in profile.sections if not rule_for_listing(profile.needs_js, s.slug, s.path)
    )
    with tempfile.TemporaryDirectory() as tmp:
        output = Path(tmp)
        server, base_url = serve(args.articles, 1)
        port = int(base_url.rstrip("/").rsplit(":", 1)[1])
        print(f"demo site: {args.articles} articles, {sections} sections, {base_url}")
        report("first run", crawl(base_url, output), None)
        report("unchanged rerun", crawl(base_url, output), sections + 2)
        server.terminate()
        server.wait()
        server, base_url = serve(args.articles, 2, port)
        new = len(truth_urls(base_url, args.articles, 2) - truth_urls(base_url, args.articles, 1))
        print(f"edition 2: {new} new articles")
        report("edition-2 rerun", crawl(base_url, output), new + 2 * sections + 2)
        server.terminate()
        server.wait()


if __name__ == "__main__":
    main()
