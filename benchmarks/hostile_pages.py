"""A crawl of the demo site with bomb pages (`serve --bombs`, demo/bombs.py) against a crawl of
the same site without them: wall time, requests, peak RSS of the crawler's process tree (the
crawler and its extraction workers; summed per process, so an upper bound) and the longest
feed line. Default settings, each crawl in a fresh process with its own state.

    python benchmarks/hostile_pages.py [--articles 240] [--rounds 1]
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
from js_sections import _tree_rss_kib

ROOT = Path(__file__).resolve().parents[1]
OWN_SERVER = ("-s", "NEWSCRAWL_POLITENESS=off")  # our own loopback server: full speed
SCRAPY = str(Path(sys.executable).with_name("scrapy"))
STAT = re.compile(r"'([^']+)': (\d+)[,}\n]")


def crawl(base_url: str, spider: str = "bna_germany") -> dict[str, Any]:
    """One crawl in a fresh process: `bna_germany` (base_url=) or `generic` (url=)."""
    argument = f"base_url={base_url}" if spider == "bna_germany" else f"url={base_url}"
    with tempfile.TemporaryDirectory() as out:
        env = {**os.environ, "NEWSCRAWL_OUTPUT_DIR": out}
        env.pop("NEWSCRAWL_STATE_DIR", None)
        started = time.monotonic()
        process = subprocess.Popen(
            [SCRAPY, "crawl", spider, "-a", argument, *OWN_SERVER],
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
        )
        peak, done = 0, threading.Event()

        def sample() -> None:
            nonlocal peak
            while not done.is_set():
                peak = max(peak, _tree_rss_kib(process.pid))
                time.sleep(0.1)

        sampler = threading.Thread(target=sample, daemon=True)
        sampler.start()
        _, stderr = process.communicate()
        seconds = time.monotonic() - started
        done.set()
        sampler.join()
        dump = stderr[stderr.rfind("Dumping Scrapy stats:") :]
        stats = {k: int(v) for k, v in STAT.findall(dump[: dump.index("}")])}
        lines = [
            len(line)
            for feed in Path(out).glob("*/*.jsonl")
            for line in feed.read_text("utf-8").splitlines()
        ]
    return {
        "exit": process.returncode,
        "seconds": round(seconds, 1),
        "requests": stats.get("downloader/request_count", 0),
        "emitted": stats.get("item_scraped_count", 0),
        "peak_rss_mb": round(peak / 1024),
        "longest_line_kb": round(max(lines, default=0) / 1024, 1),
    }


def serve(*flags: str) -> tuple[subprocess.Popen[str], str]:
    command = [sys.executable, "-m", "newscrawl.demo", "serve", *flags]
    process = subprocess.Popen(command, stdout=subprocess.PIPE, text=True, cwd=ROOT)
    assert process.stdout is not None
    return process, process.stdout.readline().strip()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--articles", type=int, default=240)
    parser.add_argument("--rounds", type=int, default=1)
    args = parser.parse_args()
    flags = {"clean": (), "bombs": ("--bombs",)}

    def ratios(clean: dict[str, Any], bombs: dict[str, Any]) -> str:
        return (
            f"bombs/clean: time {bombs['seconds'] / clean['seconds']:.2f}x, "
            f"requests {bombs['requests'] / clean['requests']:.2f}x, "
            f"peak RSS {bombs['peak_rss_mb'] / clean['peak_rss_mb']:.2f}x"
        )

    compare_sites(args.articles, args.rounds, flags, "bna_germany", ratios)


def compare_sites(
    articles: int,
    rounds: int,
    flags: dict[str, tuple[str, ...]],
    spider: str,
    summary: Any,
) -> None:
    """Serve one demo site per entry of `flags` (the first is the clean one), crawl each in
    every round, print each crawl's figures and `summary(clean, other)` per other site."""
    sites = {name: serve("--articles", str(articles), *extra) for name, extra in flags.items()}
    clean_name, *others = list(flags)
    try:
        for round_ in range(1, rounds + 1):
            results = {name: crawl(url, spider) for name, (_, url) in sites.items()}
            for name, result in results.items():
                print(f"round {round_} {name:13} {json.dumps(result)}")
            for name in others:
                print(f"round {round_} {summary(results[clean_name], results[name])}")
    finally:
        for process, _ in sites.values():
            process.terminate()
            process.wait(timeout=10)


if __name__ == "__main__":
    main()
