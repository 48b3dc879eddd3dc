"""A worker beside a busy peer takes its share: it does not give up while the peer is still
getting the pages that will fill the shared queue (distributed/worker.py), and it looks at
the queue itself when it has room (distributed/scheduler.py, `take_when_idle`).
`benchmarks/work_sharing.py` runs the 1,000-article, 5-run check on a busy machine."""

from __future__ import annotations

import json
import re
import subprocess
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import redis
from helpers.demo import (
    OWN_SERVER,
    ROOT,
    SCRAPY,
    crawl_command,
    crawl_env,
    demo_sites,
    feeds,
)
from helpers.demo import DemoSite as DemoSiteServer
from helpers.services import redis_server

from newscrawl.demo.html_common import Response
from newscrawl.demo.server import serve_in_thread
from newscrawl.demo.site import DemoSite
from newscrawl.demo.truth import records_for
from newscrawl.evaluation import compare, read_jsonl

pytestmark = [pytest.mark.integration, pytest.mark.redis]
ARTICLES = 120
HELD_FOR = 12.0  # seconds the listings are held after the second worker comes: longer than
# the old rule let an idle worker wait beside a live peer (3 idle timeouts, checked every 5 s)
_ARTICLE_PATH = re.compile(r"/\d{4}/")


class HeldListings(DemoSite):
    """The demo site whose listing pages (sections, front page) are held until `release`:
    an origin slow to render them, or a loaded machine."""

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.release = threading.Event()
        self.asked = threading.Event()  # a listing page was asked for

    def respond(self, target: str, base_url: str = "http://127.0.0.1:8000") -> Response:
        path = urlsplit(target).path
        if not _ARTICLE_PATH.match(path) and path != "/robots.txt" and "sitemap" not in path:
            self.asked.set()
            self.release.wait(timeout=120)
        return super().respond(target, base_url)


@pytest.fixture()
def held_site() -> Iterator[tuple[HeldListings, str]]:
    site = HeldListings(ARTICLES, 3)
    with serve_in_thread(site) as base_url:
        yield site, base_url.rstrip("/")
        site.release.set()


def worker(base_url: str, output: Path, redis_url: str, name: str) -> subprocess.Popen[str]:
    env = {**crawl_env(output), "NEWSCRAWL_REDIS_URL": redis_url, "NEWSCRAWL_WORKER_ID": name}
    command = crawl_command(base_url, "-s", "NEWSCRAWL_IDLE_TIMEOUT=1")
    return subprocess.Popen(
        command, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True
    )


def registered(redis_url: str, workers: int) -> bool:
    client = redis.Redis.from_url(redis_url)
    return any(client.scard(key) >= workers for key in client.scan_iter("newscrawl:*:workers"))


def test_a_worker_waits_for_a_peer_slow_to_get_its_listings_and_takes_its_share(
    held_site: tuple[HeldListings, str], tmp_path: Path
) -> None:
    site, base_url = held_site
    with redis_server() as (url, _):
        first = worker(base_url, tmp_path, url, "w1")
        assert site.asked.wait(timeout=60), "the first worker asked for no listing page"
        second = worker(base_url, tmp_path, url, "w2")  # finds the listings taken
        deadline = time.monotonic() + 60
        while not registered(url, 2) and time.monotonic() < deadline:
            time.sleep(0.1)
        stop = time.monotonic() + HELD_FOR
        while second.poll() is None and time.monotonic() < stop:
            time.sleep(0.1)
        site.release.set()
        errors = [p.communicate(timeout=300)[1] for p in (first, second)]
    assert [first.returncode, second.returncode] == [0, 0], [e[-1500:] for e in errors]
    per_worker = {
        name: [
            line["id"] for p in feeds(tmp_path) if p.stem.endswith(name) for line in read_jsonl([p])
        ]
        for name in ("w1", "w2")
    }
    everything = per_worker["w1"] + per_worker["w2"]
    truth = records_for(site.index, base_url)
    assert sorted(everything) == sorted(r["id"] for r in truth)  # each article once
    assert len(per_worker["w2"]) >= ARTICLES // 4, {k: len(v) for k, v in per_worker.items()}


SITES = {"north": ("127.0.0.6", 60, 21, "politik,sport"), "south": ("127.0.0.7", 90, 23, "welt")}


@pytest.fixture()
def two_sites() -> Iterator[dict[str, DemoSiteServer]]:
    with demo_sites(SITES) as started:
        yield started


def test_workers_sharing_a_sites_file_deliver_each_site_once_into_its_own_feeds(
    two_sites: dict[str, DemoSiteServer], tmp_path: Path
) -> None:
    """Both sites are crawled by the same spider class: each site's frontier is its own
    (scrapy-redis would key both on the spider's name and mix their requests)."""
    sites_file = tmp_path / "sites.toml"
    sites_file.write_text(
        "\n".join(
            f'[[site]]\nbase_url = "{site.base_url}"\nprofile = "bna_germany"\nname = "{name}"\n'
            f"sections = {json.dumps(SITES[name][3].split(','))}\n"
            for name, site in two_sites.items()
        ),
        "utf-8",
    )
    output = tmp_path / "out"
    with redis_server() as (url, _):
        workers = []
        for name in ("w1", "w2"):
            env = {**crawl_env(output), "NEWSCRAWL_REDIS_URL": url, "NEWSCRAWL_WORKER_ID": name}
            command = [SCRAPY, "crawl", "sites", "-a", f"sites={sites_file}", *OWN_SERVER]
            command += ["-s", "NEWSCRAWL_IDLE_TIMEOUT=1"]
            pipes = {"stdout": subprocess.DEVNULL, "stderr": subprocess.PIPE}
            workers.append(subprocess.Popen(command, cwd=ROOT, env=env, text=True, **pipes))
        errors = [w.communicate(timeout=300)[1] for w in workers]
    assert [w.returncode for w in workers] == [0, 0], [e[-1500:] for e in errors]
    for name, site in two_sites.items():
        lines = read_jsonl(feeds(output, name))
        report = compare(lines, site.truth())
        assert report.perfect(), (name, "\n".join(report.lines()))
