"""Memory and time of a many-sites run against one site's, in the same run of this script.

    .venv/bin/python benchmarks/many_sites.py [--sites 20] [--articles 500]

Serves `--sites` demo sites (each on its own loopback host, with its own seed and sections),
then crawls one of them alone and all of them together with `scrapy crawl sites` (politeness
off: our own servers), and prints for each: the crawler process's peak resident memory (its
VmHWM, read until it exits), the peak of its extraction workers, the processes it started,
the wall time, and whether every site's feed equals its truth. The figure the many-sites
issue sets: the crawler's peak for all sites within 1.5x of one site's.
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
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from newscrawl.evaluation import compare, read_jsonl  # noqa: E402

SCRAPY = str(Path(sys.executable).with_name("scrapy"))
SECTION_SETS = (
    "politik,wirtschaft,welt,kultur,sport,wissenschaft",
    "sport,politik",
    "kultur,welt,wirtschaft",
    "wissenschaft,welt",
)


def _serve(host: str, articles: int, seed: int, sections: str) -> tuple[subprocess.Popen[str], str]:
    args = ["--articles", str(articles), "--seed", str(seed), "--sections", sections]
    process = subprocess.Popen(
        [sys.executable, "-m", "newscrawl.demo", "serve", "--host", host, *args],
        stdout=subprocess.PIPE,
        text=True,
        cwd=ROOT,
    )
    assert process.stdout is not None
    return process, process.stdout.readline().strip()


def _truth(base_url: str, articles: int, seed: int, sections: str) -> list[dict[str, Any]]:
    out = subprocess.run(
        [sys.executable, "-m", "newscrawl.demo", "truth", "--base-url", base_url,
         "--articles", str(articles), "--seed", str(seed), "--sections", sections],
        capture_output=True, text=True, check=True, cwd=ROOT,
    ).stdout  # fmt: skip
    return [json.loads(line) for line in out.splitlines()]


def _kib(pid: int, field: str) -> int:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith(field + ":"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


def _children(pid: int) -> list[int]:
    try:
        text = Path(f"/proc/{pid}/task/{pid}/children").read_text()
    except OSError:
        return []
    return [int(p) for p in text.split()]


def _crawl(sites_file: Path, output: Path) -> dict[str, Any]:
    """One `scrapy crawl sites` run: peak memory of the crawler and of its workers."""
    env = {**os.environ, "NEWSCRAWL_OUTPUT_DIR": str(output)}
    env.pop("NEWSCRAWL_STATE_DIR", None)
    command = [SCRAPY, "crawl", "sites", "-a", f"sites={sites_file}", "-s",
               "NEWSCRAWL_POLITENESS=off", "-s", "LOG_LEVEL=WARNING"]  # fmt: skip
    started = time.monotonic()
    process = subprocess.Popen(command, cwd=ROOT, env=env, stderr=subprocess.PIPE, text=True)
    crawler_peak = workers_peak = 0
    workers: set[int] = set()
    while process.poll() is None:
        crawler_peak = max(crawler_peak, _kib(process.pid, "VmHWM"))
        children = _children(process.pid)
        workers.update(children)
        workers_peak = max(workers_peak, sum(_kib(child, "VmRSS") for child in children))
        time.sleep(0.1)
    _, errors = process.communicate()
    return {
        "exit": process.returncode,
        "seconds": time.monotonic() - started,
        "crawler_peak_mb": crawler_peak / 1024,
        "workers_peak_mb": workers_peak / 1024,
        "processes_started": len(workers),
        "log_tail": errors.strip().splitlines()[-1:] if errors else [],
    }


def _sites_file(path: Path, sites: list[tuple[str, str, int, int, str]]) -> Path:
    path.write_text(
        "\n".join(
            f'[[site]]\nbase_url = "{url}"\nprofile = "bna_germany"\nname = "{name}"\n'
            f"sections = {json.dumps(sections.split(','))}\n"
            for name, url, _, _, sections in sites
        ),
        "utf-8",
    )
    return path


def _exact(output: Path, sites: list[tuple[str, str, int, int, str]]) -> int:
    exact = 0
    for name, url, articles, seed, sections in sites:
        got = read_jsonl(sorted((output / name).glob(f"{name}-*.jsonl")))
        report = compare(got, _truth(url, articles, seed, sections))
        exact += report.perfect()
        if not report.perfect():
            summaries = sorted((output / name).glob(f"{name}-*.summary.json"))
            summary = json.loads(summaries[-1].read_text("utf-8")) if summaries else {}
            reasons: dict[str, int] = {}
            for lost in summary.get("undelivered", []):
                reasons[lost["reason"]] = reasons.get(lost["reason"], 0) + 1
            print(
                f"  {name}: {len(report.missing)} missing, {len(report.mismatches)} fields "
                f"wrong; undelivered {reasons}",
                file=sys.stderr,
            )
    return exact


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sites", type=int, default=20)
    parser.add_argument("--articles", type=int, default=500)
    args = parser.parse_args()
    servers = []
    sites: list[tuple[str, str, int, int, str]] = []
    try:
        for n in range(args.sites):
            sections = SECTION_SETS[n % len(SECTION_SETS)]
            process, url = _serve(f"127.0.1.{n + 1}", args.articles, 100 + n, sections)
            servers.append(process)
            sites.append((f"site{n + 1:02d}", url, args.articles, 100 + n, sections))
        with tempfile.TemporaryDirectory() as work:
            root = Path(work)
            one = _crawl(_sites_file(root / "one.toml", sites[:1]), root / "one")
            one["exact"] = f"{_exact(root / 'one', sites[:1])}/1"
            many = _crawl(_sites_file(root / "many.toml", sites), root / "many")
            many["exact"] = f"{_exact(root / 'many', sites)}/{len(sites)}"
    finally:
        for process in servers:
            process.terminate()
            process.wait(timeout=10)
    articles = args.articles
    print(f"one site of {articles} articles vs {args.sites} sites of {articles}, one process")
    print(f"{'':<14}{'crawler peak':>14}{'workers peak':>14}{'workers':>9}{'time':>9}  exact")
    for label, run in (("1 site", one), (f"{args.sites} sites", many)):
        print(
            f"{label:<14}{run['crawler_peak_mb']:>11.0f} MB{run['workers_peak_mb']:>11.0f} MB"
            f"{run['processes_started']:>9}{run['seconds']:>8.1f}s  {run['exact']}"
            f"  (exit {run['exit']})"
        )
    ratio = many["crawler_peak_mb"] / one["crawler_peak_mb"] if one["crawler_peak_mb"] else 0
    print(f"crawler peak RSS ratio {args.sites} sites / 1 site: {ratio:.2f} (target <= 1.5)")


if __name__ == "__main__":
    main()
