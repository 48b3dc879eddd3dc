"""Work sharing: 2 workers started together on a 1,000-article demo site, 5 runs, with one
core kept busy beside them; prints each worker's share of the articles in each run.

    .venv/bin/python benchmarks/work_sharing.py [--articles 1000] [--runs 5] [--stagger 0]

Target: each worker emits at least 25 % of the articles in every run, and their union is
every article once. `--stagger S` starts the second worker S seconds after the first.
Needs `redis-server` on PATH.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from distributed import start_redis

from newscrawl.demo.server import serve_in_thread
from newscrawl.demo.site import DemoSite
from newscrawl.demo.truth import records_for
from newscrawl.evaluation import read_jsonl

ROOT = Path(__file__).resolve().parent.parent
SCRAPY = str(Path(sys.executable).with_name("scrapy"))


def worker(base_url: str, output: str, redis_url: str, name: str) -> subprocess.Popen[bytes]:
    env = {
        **os.environ,
        "NEWSCRAWL_OUTPUT_DIR": output,
        "NEWSCRAWL_REDIS_URL": redis_url,
        "NEWSCRAWL_WORKER_ID": name,
    }
    command = [SCRAPY, "crawl", "bna_germany", "-a", f"base_url={base_url}"]
    command += ["-s", "NEWSCRAWL_POLITENESS=off", "-s", "LOG_LEVEL=WARNING"]  # our own server
    return subprocess.Popen(command, cwd=ROOT, env=env, stderr=subprocess.DEVNULL)


def one_run(base_url: str, stagger: float) -> tuple[dict[str, int], int, float, list[int]]:
    server, url = start_redis()
    started = time.monotonic()
    try:
        with tempfile.TemporaryDirectory() as output:
            workers = [worker(base_url, output, url, "w1")]
            time.sleep(stagger)
            workers.append(worker(base_url, output, url, "w2"))
            codes = [w.wait(timeout=900) for w in workers]
            parts = sorted(Path(output).glob("bna_germany/bna_germany-*.jsonl"))
            ids = {
                name: [
                    line["id"] for p in parts if p.stem.endswith(name) for line in read_jsonl([p])
                ]
                for name in ("w1", "w2")
            }
    finally:
        server.terminate()
        server.wait()
    unique = len(set(ids["w1"]) | set(ids["w2"]))
    return {k: len(v) for k, v in ids.items()}, unique, time.monotonic() - started, codes


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--articles", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--stagger", type=float, default=0.0)
    args = parser.parse_args()
    site = DemoSite(args.articles, 5)
    burner = subprocess.Popen([sys.executable, "-c", "while True: pass"])
    try:
        with serve_in_thread(site) as base_url:
            truth = len(records_for(site.index, base_url.rstrip("/")))
            print(f"{truth} articles, 2 workers, one core kept busy, {os.cpu_count()} cores")
            lowest = 1.0
            for run in range(1, args.runs + 1):
                shares, unique, seconds, codes = one_run(base_url.rstrip("/"), args.stagger)
                total = sum(shares.values())
                low = min(shares.values()) / max(total, 1)
                lowest = min(lowest, low)
                print(
                    f"run {run}: w1 {shares['w1']}, w2 {shares['w2']} (smaller share "
                    f"{low:.0%}); {unique} unique of {truth}, {total} lines; exit {codes}; "
                    f"{seconds:.1f} s"
                )
            print(f"smallest share in any run: {lowest:.0%} (target >= 25%)")
    finally:
        burner.kill()
        burner.wait()


if __name__ == "__main__":
    main()
