"""Many workers, one politeness: three workers of a distributed crawl on one site ask its host
no faster and with no more requests in flight than one worker alone may (their turns are
taken in Redis, distributed/turns.py). Measured at the server, as a site owner sees it."""

from __future__ import annotations

import itertools
import subprocess
from pathlib import Path

import pytest
from helpers.demo import ROOT, crawl_command, crawl_env, feeds
from helpers.logged_site import logged_site
from helpers.services import redis_server

from newscrawl.demo.site import DemoSite
from newscrawl.evaluation import compare, read_jsonl

pytestmark = [pytest.mark.integration, pytest.mark.redis]
DELAY = 0.5  # two requests a second to the host: what one worker may


def _worker(base_url: str, output: Path, redis_url: str, name: str) -> subprocess.Popen[str]:
    extra = ("-s", f"DOWNLOAD_DELAY={DELAY}", "-s", "NEWSCRAWL_IDLE_TIMEOUT=2")
    return subprocess.Popen(
        crawl_command(base_url, *extra, polite=True),
        cwd=ROOT,
        env={**crawl_env(output), "NEWSCRAWL_REDIS_URL": redis_url, "NEWSCRAWL_WORKER_ID": name},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )


def test_three_workers_ask_a_host_no_faster_than_one(tmp_path: Path) -> None:
    with logged_site(DemoSite(24, 41)) as site, redis_server() as (url, _):
        workers = [_worker(site.base_url, tmp_path, url, f"w{n}") for n in (1, 2, 3)]
        results = [worker.communicate(timeout=300) for worker in workers]
        starts = site.starts()
        in_flight = site.max_in_flight()
    codes = [worker.returncode for worker in workers]
    assert codes == [0, 0, 0], [err[-1500:] for _, err in results]
    report = compare(read_jsonl(feeds(tmp_path)), site.truth())
    assert report.perfect(), "\n".join(report.lines())  # each article once across the workers
    gaps = [b - a for a, b in itertools.pairwise(starts)]
    rate = (len(starts) - 1) / (starts[-1] - starts[0])
    shares = [len(read_jsonl([path])) for path in feeds(tmp_path)]
    print(f"\n3 workers: {len(starts)} requests, {rate:.2f}/s, {in_flight} in flight, {shares}")
    assert sum(1 for share in shares if share) >= 2, shares  # they crawled side by side
    assert rate <= 1.1 / DELAY, rate
    assert in_flight <= 2  # CONCURRENT_REQUESTS_PER_DOMAIN for the host, not per worker
    assert sorted(gaps)[len(gaps) // 10] >= 0.8 * DELAY  # nine gaps in ten at least the delay
