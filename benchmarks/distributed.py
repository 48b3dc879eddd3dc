"""Scale-out: crawl one demo site with 1 and then 2 worker processes sharing a Redis server.

    python benchmarks/distributed.py [--articles 5000] [--workers 2] [--extract-processes 0]

The demo site is rendered to static files served by nginx (static_site.py), so the server is
not what limits the crawl. Each worker is one crawler process with, by default, no extraction
worker processes of its own: one worker uses one core, and the 2-worker run shows what sharing
the frontier and state through Redis costs. Prints pages per second for each run and their
ratio (target >= 1.7 with 2 workers on this 2-core machine), checks that each article was
emitted once across the workers' feed parts, and prints Redis memory per seen URL: what is
kept for good (seen marks, near-duplicate index) and what only for the revision window.
Needs `redis-server` on PATH.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from datetime import datetime
from pathlib import Path

import redis

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(Path(__file__).resolve().parent))

from static_site import static_server  # noqa: E402

SCRAPY = str(Path(sys.executable).with_name("scrapy"))
IDLE = 1.0


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def start_redis() -> tuple[subprocess.Popen[bytes], str]:
    port = free_port()
    args = ["--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"]
    server = subprocess.Popen(
        [shutil.which("redis-server") or "redis-server", *args], stdout=subprocess.DEVNULL
    )
    url = f"redis://127.0.0.1:{port}/0"
    for _ in range(100):
        try:
            redis.Redis.from_url(url).ping()
            break
        except redis.ConnectionError:
            time.sleep(0.05)
    return server, url


def key_families(client: redis.Redis) -> dict[tuple[str, str, str], list[int]]:
    """Redis's keys grouped by family (numbers and the site's prefix folded away: `near:r:<n>`),
    with their type and encoding: each key's `MEMORY USAGE`."""
    families: dict[tuple[str, str, str], list[int]] = {}
    for key in client.scan_iter("*"):
        size = int(client.memory_usage(key, samples=0) or 0)
        kind = client.type(key).decode()
        encoding = client.object("encoding", key)
        family = re.sub(r"^newscrawl:[^:]+:", "", re.sub(r":\d+", ":<n>", key.decode()))
        shown = encoding.decode() if encoding else "?"
        families.setdefault((family, kind, shown), []).append(size)
    return families


def windowed_bytes(families: dict[tuple[str, str, str], list[int]]) -> int:
    """Bytes of what Redis keeps only for the revision window (the delivered versions,
    NEWSCRAWL_REVISION_DAYS after delivery), not for good."""
    return sum(
        sum(sizes) for (family, _, _), sizes in families.items() if family.startswith("versions")
    )


def crawl(base_url: str, workers: int, extract_processes: int) -> dict[str, float]:
    server, url = start_redis()
    client = redis.Redis.from_url(url)
    memory_before = int(client.info("memory")["used_memory"])
    with tempfile.TemporaryDirectory() as tmp:
        env = {
            **os.environ,
            "NEWSCRAWL_OUTPUT_DIR": tmp,
            "NEWSCRAWL_REDIS_URL": url,
            "NEWSCRAWL_EXTRACT_PROCESSES": str(extract_processes),
        }
        command = [
            SCRAPY,
            "crawl",
            "bna_germany",
            "-a",
            f"base_url={base_url}",
            "-s",
            f"NEWSCRAWL_IDLE_TIMEOUT={IDLE}",
            "-s",
            "LOG_LEVEL=WARNING",
            "-s",
            "NEWSCRAWL_POLITENESS=off",  # our own loopback server
        ]
        processes = [
            subprocess.Popen(command, cwd=ROOT, env={**env, "NEWSCRAWL_WORKER_ID": f"w{n}"})
            for n in range(1, workers + 1)
        ]
        last_fetch = _watch_fetches(client, processes)
        codes = [p.wait() for p in processes]
        summaries = [json.loads(p.read_text()) for p in Path(tmp).glob("*/*.summary.json")]
        lines = [json.loads(line) for p in Path(tmp).glob("*/*.jsonl") for line in p.open()]
    seen = int(client.scard(next(iter(client.scan_iter("newscrawl:*:seen:link")))))
    memory = int(client.info("memory")["used_memory"]) - memory_before
    windowed = windowed_bytes(key_families(client))
    server.terminate()
    server.wait()
    started = min(datetime.fromisoformat(s["started_at"]) for s in summaries).timestamp()
    seconds = last_fetch - started  # the idle wait at the end is not crawling
    requests = sum(s["pages"]["requests"] for s in summaries)
    return {
        "codes": float(max(codes)),
        "seconds": seconds,
        "requests": requests,
        "pages_per_s": requests / seconds,
        "lines": len(lines),
        "unique": len({line["url"] for line in lines}),
        "bytes_per_url": memory / max(seen, 1),
        "kept_per_url": (memory - windowed) / max(seen, 1),
        "window_per_url": windowed / max(seen, 1),
    }


def _watch_fetches(client: redis.Redis, processes: list[subprocess.Popen[bytes]]) -> float:
    """Wall-clock time of the crawl's last article fetch (its shared `seen:link` set's last
    growth), polled ten times a second until the workers exit. The end of the work, not of
    the idle timeout the workers then wait out (three times longer while a peer lives)."""
    key, count, last = None, -1, time.time()
    while any(p.poll() is None for p in processes):
        key = key or next(iter(client.scan_iter("newscrawl:*:seen:link")), None)
        now = int(client.scard(key)) if key else 0
        if now != count:
            count, last = now, time.time()
        time.sleep(0.1)
    return last


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--articles", type=int, default=5000)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--extract-processes", type=int, default=0)
    args = parser.parse_args()
    with static_server(args.articles) as (base_url, server, pages):
        print(
            f"static demo site: {args.articles} articles, {pages} pages, served by {server} at "
            f"{base_url}; {os.cpu_count()} cores; extraction processes per worker: "
            f"{args.extract_processes}"
        )
        results = {n: crawl(base_url, n, args.extract_processes) for n in (1, args.workers)}
    for n, r in results.items():
        print(
            f"{n} worker(s): {r['requests']:.0f} requests in {r['seconds']:.1f} s = "
            f"{r['pages_per_s']:.1f} pages/s; {r['lines']:.0f} lines, {r['unique']:.0f} unique "
            f"articles; exit {r['codes']:.0f}; Redis {r['bytes_per_url']:.0f} B per seen URL: "
            f"{r['kept_per_url']:.0f} B kept for good (target <= 1,500) and "
            f"{r['window_per_url']:.0f} B for the revision window (NEWSCRAWL_REVISION_DAYS)"
        )
    ratio = results[args.workers]["pages_per_s"] / results[1]["pages_per_s"]
    print(f"scaling with {args.workers} workers: {ratio:.2f}x (target >= 1.7)")


if __name__ == "__main__":
    main()
