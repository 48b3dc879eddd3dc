"""The hostile web (`serve --faults`): a real crawl delivers exactly what can be delivered,
reports the rest with the reason, never contacts a forbidden address and ends in bounded time."""

from __future__ import annotations

import json
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import pytest
from helpers.demo import feeds, port_of, run_crawl, start_demo, stop_demo, summaries

from newscrawl.demo.faults import other_port
from newscrawl.evaluation import compare, read_jsonl
from newscrawl.extraction.garbled import garbled_reason
from newscrawl.schema import article_validator

pytestmark = pytest.mark.integration

# What the summary must say for each undeliverable fault of the demo (newscrawl/demo/faults.py).
EXPECTED_REASON = {
    "gone_404": "http_404",
    "gone_410": "http_410",
    "stall_always": "timeout",
    "redirect_loop": "redirect_loop",
    "oversized": "too_large",
    "gzip_bomb": "too_large",
    "lost_characters": "dropped_garbled_text",
    "redirect_metadata": "forbidden_address",
    "redirect_private": "forbidden_address",
    "redirect_loopback": "forbidden_address",
    "cut_in_article": "truncated",
}
BOUND_SECONDS = 120  # measured ~15-20 s; the stalls alone would take 45 s per attempt


@dataclass
class Canary:
    """Listens where the demo's forbidden loopback links point; counts who knocks."""

    hits: list[str] = field(default_factory=list)
    sockets: list[socket.socket] = field(default_factory=list)

    def listen(self, family: socket.AddressFamily, host: str, port: int) -> None:
        server = socket.socket(family, socket.SOCK_STREAM)
        try:
            server.bind((host, port))
        except OSError:  # no IPv6 here, or the port is taken: nothing of ours connects there
            server.close()
            return
        server.listen(16)
        self.sockets.append(server)
        threading.Thread(target=self._accept, args=(server, host), daemon=True).start()

    def _accept(self, server: socket.socket, host: str) -> None:
        while True:
            try:
                connection, _ = server.accept()
            except OSError:
                return
            self.hits.append(host)
            connection.close()

    def close(self) -> None:
        for server in self.sockets:
            server.close()


def _truth(base_url: str, *extra: str) -> list[dict[str, Any]]:
    command = [sys.executable, "-m", "newscrawl.demo", "truth", "--faults", "--base-url", base_url]
    out = subprocess.run([*command, *extra], capture_output=True, text=True, check=True).stdout
    return [json.loads(line) for line in out.splitlines() if line.strip()]


def port_of_url(base_url: str) -> int:
    return int(base_url.rstrip("/").rsplit(":", 1)[1])


def _stat(stderr: str, name: str) -> int:
    dump = stderr[stderr.rfind("Dumping Scrapy stats") :]
    marker = f"'{name}': "
    return int(dump.split(marker)[1].split(",")[0].split("}")[0]) if marker in dump else 0


@pytest.fixture(scope="module")
def run(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Any]]:
    output = tmp_path_factory.mktemp("faults")
    site = start_demo("--faults")
    canary = Canary()
    for host in ("127.0.0.2", "127.0.0.3"):
        canary.listen(socket.AF_INET, host, port_of(site))
    canary.listen(socket.AF_INET, "127.0.0.1", other_port(port_of(site)))
    canary.listen(socket.AF_INET6, "::1", port_of(site))
    started = time.monotonic()
    settings = ["-s", "DOWNLOAD_TIMEOUT=3", "-s", "NEWSCRAWL_RETRY_BACKOFF=0.2"]
    result = run_crawl(site.base_url, output, *settings, timeout=BOUND_SECONDS + 60)
    found = {
        "result": result,
        "base_url": site.base_url,
        "seconds": time.monotonic() - started,
        "lines": read_jsonl(feeds(output)),
        "summary": summaries(output)[0] if summaries(output) else {},
        "truth": _truth(site.base_url),
        "undeliverable": _truth(site.base_url, "--undeliverable"),
        "canary": list(canary.hits),
    }
    canary.close()
    stop_demo(site)
    yield found


def test_faulty_but_fine_run_exits_0_in_bounded_time(run: dict[str, Any]) -> None:
    assert run["result"].returncode == 0, run["result"].stderr[-3000:]
    assert run["seconds"] < BOUND_SECONDS
    assert run["summary"]["exit_code"] == 0


def test_exactly_the_deliverable_articles_with_their_true_text(run: dict[str, Any]) -> None:
    assert len(run["undeliverable"]) == len(EXPECTED_REASON)
    report = compare(run["lines"], run["truth"])
    assert report.perfect(), "\n".join(report.lines())


def test_every_line_is_valid_and_free_of_mojibake(run: dict[str, Any]) -> None:
    assert run["lines"]
    for line in run["lines"]:
        assert list(article_validator().iter_errors(line)) == []
        texts = [line["title"], line["lead"], line["body"], *line["authors"], *line["tags"]]
        assert garbled_reason(texts) is None, line["url"]


def test_every_undeliverable_article_is_reported_with_its_reason(run: dict[str, Any]) -> None:
    reported = {entry["url"]: entry["reason"] for entry in run["summary"]["undelivered"]}
    expected = {u["url"]: EXPECTED_REASON[u["fault"]] for u in run["undeliverable"]}
    assert reported == expected


def test_no_request_reached_a_forbidden_address(run: dict[str, Any]) -> None:
    assert run["canary"] == []  # server side: nothing connected to any stand-in listener
    stderr = run["result"].stderr
    assert _stat(stderr, "newscrawl/blocked/forbidden_address") == 3  # the three redirects
    other = f"127.0.0.1:{other_port(port_of_url(run['base_url']))}"
    for host in ("127.0.0.3", "127.0.0.2", "localhost", "[::1]", other):
        assert f"<GET http://{host}" not in stderr  # never crawled, retried or given up on
    # No connection attempt failed: the only download errors are the demo's stalls and cap.
    # The cap cancels a body being received; on a loaded machine the connection's loss can
    # reach Scrapy before the cancel does (ResponseFailed: DownloadFailedError). Either way a
    # connection was made; a refused or unreachable one would be another error type.
    errors = set(run["summary"]["errors"]) - {"total"}
    transport = {e for e in errors if not e.startswith("http_")}
    assert transport <= {
        "scrapy.exceptions.DownloadTimeoutError",
        "scrapy.exceptions.DownloadCancelledError",
        "scrapy.exceptions.DownloadFailedError",
    }


def test_pagination_traps_are_cut_off(run: dict[str, Any]) -> None:
    stderr = run["result"].stderr
    assert _stat(stderr, "newscrawl/trap/no_new_links") == 2
    # 34 real listing pages in the six sections, plus one page into each trap.
    assert _stat(stderr, "newscrawl/pages/listing") <= 36


def test_a_page_cut_short_is_fetched_once_more_before_it_is_judged(run: dict[str, Any]) -> None:
    """The page cut inside its article and the one cut in its comments each get one more
    attempt; the first is then refused as `truncated`, the second delivered whole."""
    assert _stat(run["result"].stderr, "retry/reason_count/truncated") == 2
