"""Workers sharing one crawl through scrapy-redis on a real redis-server."""

from __future__ import annotations

import signal
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import redis
from helpers.demo import (
    ROOT,
    SCRAPY,
    DemoSite,
    crawl_command,
    crawl_env,
    feeds,
    last_log_line,
    port_of,
    start_demo,
    stop_demo,
)
from helpers.services import free_port, redis_server

from newscrawl.evaluation import compare, read_jsonl

pytestmark = [pytest.mark.integration, pytest.mark.redis]
FAST_IDLE = ["-s", "NEWSCRAWL_IDLE_TIMEOUT=2"]
SLOW = ["-s", "CONCURRENT_REQUESTS=2", "-s", "DOWNLOAD_DELAY=0.02"]


_STARTED: list[subprocess.Popen[str]] = []


@pytest.fixture(autouse=True)
def no_worker_outlives_its_test() -> Iterator[None]:
    """A failed test must not leave crawls running into the next one."""
    yield
    while _STARTED:
        process = _STARTED.pop()
        if process.poll() is None:
            process.kill()
        process.communicate(timeout=30)  # also closes the pipes of one that already ended


def worker(
    base_url: str, output: Path, redis_url: str, name: str, *extra: str
) -> subprocess.Popen[str]:
    env = {**crawl_env(output), "NEWSCRAWL_REDIS_URL": redis_url, "NEWSCRAWL_WORKER_ID": name}
    process = subprocess.Popen(
        crawl_command(base_url, *FAST_IDLE, *extra),
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    _STARTED.append(process)
    return process


def finish(process: subprocess.Popen[str]) -> tuple[int, str]:
    _, stderr = process.communicate(timeout=300)
    return process.returncode, stderr


def wait_for_lines(output: Path, name: str, lines: int) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        parts = list((output / "bna_germany").glob(f".*-{name}.jsonl.*.part"))
        if parts and parts[0].read_bytes().count(b"\n") >= lines:
            return
        time.sleep(0.05)
    raise AssertionError(f"worker {name} wrote fewer than {lines} lines in time")


def test_two_workers_share_the_crawl_and_emit_each_article_once(
    demo_site: DemoSite, tmp_path: Path
) -> None:
    with redis_server() as (url, _):
        first = worker(demo_site.base_url, tmp_path, url, "w1", *SLOW)
        second = worker(demo_site.base_url, tmp_path, url, "w2", *SLOW)
        results = [finish(first), finish(second)]
    assert [code for code, _ in results] == [0, 0], [err[-1500:] for _, err in results]
    names = [path.name for path in feeds(tmp_path)]
    assert any(n.endswith("-w1.jsonl") for n in names) and any(
        n.endswith("-w2.jsonl") for n in names
    )
    lines = read_jsonl(feeds(tmp_path))
    report = compare(lines, demo_site.truth())
    assert report.perfect(), "\n".join(report.lines())
    per_worker = [len(read_jsonl([p])) for p in feeds(tmp_path)]
    assert min(per_worker) > 0, per_worker  # both took part


def test_a_redis_password_given_with_dash_s_is_never_written(
    demo_site: DemoSite, tmp_path: Path
) -> None:
    """Scrapy logs every overridden setting at start; the password must not be in it, nor in
    any other line, the summary or a feed."""
    with redis_server(password="hunter2-pw") as (url, _):
        result = subprocess.run(
            crawl_command(demo_site.base_url, *FAST_IDLE, "-s", f"NEWSCRAWL_REDIS_URL={url}"),
            cwd=ROOT,
            env={**crawl_env(tmp_path), "NEWSCRAWL_WORKER_ID": "w1"},
            capture_output=True,
            text=True,
            timeout=300,
        )
    assert result.returncode == 0, result.stderr[-1500:]
    assert "Overridden settings" in result.stderr and "redis://:***@127.0.0.1" in result.stderr
    assert "hunter2-pw" not in result.stderr + result.stdout
    for written in tmp_path.rglob("*"):
        if written.is_file():
            assert b"hunter2-pw" not in written.read_bytes(), written


def test_a_worker_killed_mid_crawl_and_restarted_loses_and_duplicates_nothing(
    demo_site: DemoSite, tmp_path: Path
) -> None:
    with redis_server() as (url, _):
        steady = worker(demo_site.base_url, tmp_path, url, "w1", *SLOW)
        doomed = worker(demo_site.base_url, tmp_path, url, "w2", *SLOW)
        wait_for_lines(tmp_path, "w2", 20)
        doomed.send_signal(signal.SIGKILL)
        doomed.communicate(timeout=30)
        restarted = worker(demo_site.base_url, tmp_path, url, "w2")
        results = [finish(steady), finish(restarted)]
    assert [code for code, _ in results] == [0, 0], [err[-1500:] for _, err in results]
    report = compare(read_jsonl(feeds(tmp_path)), demo_site.truth())
    assert report.perfect(), "\n".join(report.lines())
    assert any("put back in the queue" in err for _, err in results)


def wait_until_the_queue_stays_empty(url: str, seconds: float) -> None:
    """The shared queue has been empty for `seconds`: every request is taken, w1 idles."""
    client = redis.Redis.from_url(url)
    deadline, empty_since = time.monotonic() + 120, None
    while empty_since is None or time.monotonic() - empty_since < seconds:
        assert time.monotonic() < deadline, "the shared queue never drained"
        queued = any(client.scan_iter("newscrawl:*:requests"))
        empty_since = None if queued else (empty_since or time.monotonic())
        time.sleep(0.05)
    client.close()


def test_an_idle_worker_takes_over_a_dead_peers_work_before_it_stops(
    demo_site: DemoSite, tmp_path: Path
) -> None:
    """No restart: the surviving worker, already idle, must redo the dead one's share."""
    with redis_server() as (url, _):
        # the slow one first, so that it holds a share of the work whatever the machine's load
        slow = worker(demo_site.base_url, tmp_path, url, "w2", *SLOW)
        wait_for_lines(tmp_path, "w2", 3)
        # w1 waits up to 3 x 8 s while a peer lives, 8 s once it is alone
        survivor = worker(demo_site.base_url, tmp_path, url, "w1", "-s", "NEWSCRAWL_IDLE_TIMEOUT=8")
        wait_until_the_queue_stays_empty(url, 1.0)
        slow.send_signal(signal.SIGKILL)
        slow.communicate(timeout=30)
        code, stderr = finish(survivor)
    assert code == 0, stderr[-1500:]
    assert "put back in the queue" in stderr
    survivor_feeds = [p for p in feeds(tmp_path) if p.name.endswith("-w1.jsonl")]
    report = compare(read_jsonl(survivor_feeds), demo_site.truth())
    assert report.perfect(), "\n".join(report.lines())


def test_a_paused_worker_taken_for_dead_delivers_nothing_when_it_resumes(
    demo_site: DemoSite, tmp_path: Path
) -> None:
    """SIGSTOP past the heartbeat's lifetime: the peer takes the paused worker's share over
    and delivers it; the paused one, resumed, is refused (fenced) and drops its feed, exit 7,
    instead of finishing a second copy of what the peer delivered."""
    with redis_server() as (url, _):
        paused = worker(demo_site.base_url, tmp_path, url, "w2", *SLOW)
        wait_for_lines(tmp_path, "w2", 10)
        peer = worker(demo_site.base_url, tmp_path, url, "w1", "-s", "NEWSCRAWL_IDLE_TIMEOUT=8")
        paused.send_signal(signal.SIGSTOP)
        try:
            code, stderr = finish(peer)
        finally:
            paused.send_signal(signal.SIGCONT)
        fenced_code, fenced_err = finish(paused)
    assert code == 0, stderr[-1500:]
    assert "put back in the queue" in stderr
    assert fenced_code == 7, fenced_err[-2000:]
    assert "declared dead" in fenced_err.strip().splitlines()[-1]
    assert not [p for p in feeds(tmp_path) if p.name.endswith("-w2.jsonl")]
    report = compare(read_jsonl(feeds(tmp_path)), demo_site.truth())
    assert report.perfect(), "\n".join(report.lines())


def test_redis_unreachable_at_start_is_a_clear_error(demo_site: DemoSite, tmp_path: Path) -> None:
    process = worker(demo_site.base_url, tmp_path, "redis://127.0.0.1:9/0", "w1")
    code, stderr = finish(process)
    assert code != 0
    assert "cannot reach Redis at redis://127.0.0.1:9/0" in stderr
    assert "Crawled (" not in stderr


def test_a_redis_that_evicts_keys_is_refused_before_any_request(
    demo_site: DemoSite, tmp_path: Path
) -> None:
    """allkeys-lru lost 24-103 of 1,000 articles silently (queued requests, marks evicted)."""
    with redis_server() as (url, _):
        admin = redis.Redis.from_url(url)
        admin.config_set("maxmemory-policy", "allkeys-lru")
        admin.close()
        code, stderr = finish(worker(demo_site.base_url, tmp_path, url, "w1"))
    assert code == 1, stderr[-1500:]
    last = stderr.strip().splitlines()[-1]
    assert "maxmemory-policy allkeys-lru" in last and "noeviction" in last
    assert "Crawled (" not in stderr


def test_redis_lost_mid_crawl_stops_cleanly_and_the_crawl_resumes(
    demo_site: DemoSite, tmp_path: Path
) -> None:
    with redis_server() as (url, server):
        doomed = worker(demo_site.base_url, tmp_path, url, "w1", *SLOW)
        wait_for_lines(tmp_path, "w1", 20)
        server.terminate()
        server.wait(timeout=10)
        code, stderr = finish(doomed)
    assert code == 3, stderr[-2000:]
    assert "lost the connection to Redis" in stderr
    assert feeds(tmp_path) == []  # no finished feed: the work is redone, not half-kept
    port = int(url.rsplit(":", 1)[1].split("/")[0])
    with redis_server(port) as (again, _):
        code, stderr = finish(worker(demo_site.base_url, tmp_path, again, "w1"))
    assert code == 0, last_log_line(subprocess.CompletedProcess([], code, "", stderr))
    report = compare(read_jsonl(feeds(tmp_path)), demo_site.truth())
    assert report.perfect(), "\n".join(report.lines())


def test_a_redis_that_lost_its_data_is_refused_then_rebuilt_from_the_feeds(
    tmp_path: Path,
) -> None:
    """Run, restart a Redis without persistence, run again: refused before any request (not a
    silent first run that emits everything again); rebuild from the feeds, run: nothing new;
    the site's next edition then gives exactly its new articles."""
    site = start_demo()
    port = free_port()
    try:
        with redis_server(port) as (url, _):
            code, stderr = finish(worker(site.base_url, tmp_path, url, "w1"))
            assert code == 0, stderr[-1500:]
            assert "keeps its data in memory only" in stderr  # the volatile Redis is named
        delivered = len(read_jsonl(feeds(tmp_path)))
        with redis_server(port) as (url, _):  # the same address, restarted empty
            code, stderr = finish(worker(site.base_url, tmp_path, url, "w1"))
            assert code == 1
            last = [line for line in stderr.splitlines() if line.strip()][-1]
            assert "Redis lost or swapped its data" in last and "scrapy rebuildstate" in last
            assert "Spider opened" not in stderr
            assert len(read_jsonl(feeds(tmp_path))) == delivered  # nothing emitted twice
            env = {**crawl_env(tmp_path), "NEWSCRAWL_REDIS_URL": url, "NEWSCRAWL_WORKER_ID": "w1"}
            rebuild = [SCRAPY, "rebuildstate", "bna_germany", "-a", f"base_url={site.base_url}"]
            rebuilt = subprocess.run(rebuild, cwd=ROOT, env=env, capture_output=True, text=True)
            assert rebuilt.returncode == 0, rebuilt.stderr[-1500:]
            assert f"{delivered} articles marked delivered" in rebuilt.stdout
            code, stderr = finish(worker(site.base_url, tmp_path, url, "w1"))
            assert code == 0, stderr[-1500:]
            assert len(read_jsonl(feeds(tmp_path))) == delivered  # 0 new lines
            stop_demo(site)
            site = start_demo("--edition", "2", port=port_of(site))
            code, stderr = finish(worker(site.base_url, tmp_path, url, "w1"))
            assert code == 0, stderr[-1500:]
        report = compare(read_jsonl(feeds(tmp_path)), site.truth())
        assert report.perfect(), "\n".join(report.lines())
    finally:
        stop_demo(site)
