"""The demo site served in the test's own process, logging when each request started and
ended, with robots.txt replaced or chosen paths answered with an error first.

This is how a site owner sees a crawler: the gaps between request starts and how many are in
flight at once, measured at the server, not taken from the crawler's own account.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import urlsplit

from newscrawl.demo.site import DemoSite
from newscrawl.demo.truth import records_for


@dataclass
class Hit:
    path: str
    start: float  # monotonic seconds
    end: float
    status: int


@dataclass
class Plan:
    """What the server changes: robots.txt, and paths answered `status` the first N times."""

    robots: str | None = None
    robots_stall: float = 0.0  # seconds robots.txt takes before its first byte
    # path -> (status, headers, times): the first `times` requests of that path get it; a
    # header's value may be a function, called when the answer is sent (an HTTP date)
    errors: dict[str, tuple[int, dict[str, Any], int]] = field(default_factory=dict)
    latency: float = 0.0  # seconds each page takes to answer
    # (path, body) -> body: what the server changes in each page it serves
    rewrite: Callable[[str, bytes], bytes] | None = None


class LoggedSite:
    def __init__(self, site: DemoSite, plan: Plan, host: str = "127.0.0.1") -> None:
        self.site = site
        self.host = host
        self.plan = plan
        self.hits: list[Hit] = []
        self.lock = threading.Lock()
        self.served: dict[str, int] = {}
        self.requested: list[str] = []  # every path asked for, answered or not
        owner = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_GET(self) -> None:
                start = time.monotonic()
                with owner.lock:
                    owner.requested.append(self.path)
                status = owner.answer(self)
                with owner.lock:
                    owner.hits.append(Hit(self.path, start, time.monotonic(), status))

            def log_message(self, format: str, *args: object) -> None:
                return

        self.server = ThreadingHTTPServer((host, 0), Handler)
        self.server.daemon_threads = True
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @property
    def base_url(self) -> str:
        return f"http://{self.host}:{self.server.server_address[1]}/"

    def answer(self, handler: BaseHTTPRequestHandler) -> int:
        path = handler.path
        if path == "/robots.txt" and self.plan.robots_stall:
            time.sleep(self.plan.robots_stall)
        if path == "/robots.txt" and self.plan.robots is not None:
            return _send(handler, 200, {"Content-Type": "text/plain"}, self.plan.robots.encode())
        with self.lock:
            planned = self.plan.errors.get(path)
            count = self.served.get(path, 0)
            self.served[path] = count + 1
        if self.plan.latency:
            time.sleep(self.plan.latency)
        if planned is not None and count < planned[2]:
            status, headers, _ = planned
            values = {k: v() if callable(v) else str(v) for k, v in headers.items()}
            return _send(handler, status, {"Content-Type": "text/plain", **values}, b"wait")
        response = self.site.respond(path, self.base_url.rstrip("/"))
        headers = {"Content-Type": response.content_type, **response.headers}
        body = self.plan.rewrite(path, response.body) if self.plan.rewrite else response.body
        return _send(handler, response.status, headers, body)

    def truth(self) -> list[dict[str, Any]]:
        return records_for(self.site.index, self.base_url.rstrip("/"))

    def article_paths(self) -> list[str]:
        return [urlsplit(str(record["url"])).path for record in self.truth()]

    def starts(self, path_part: str = "") -> list[float]:
        with self.lock:
            return sorted(hit.start for hit in self.hits if path_part in hit.path)

    def max_in_flight(self) -> int:
        with self.lock:
            events = [(h.start, 1) for h in self.hits] + [(h.end, -1) for h in self.hits]
        events.sort(key=lambda e: (e[0], e[1]))
        most = current = 0
        for _, step in events:
            current += step
            most = max(most, current)
        return most


def _send(
    handler: BaseHTTPRequestHandler, status: int, headers: dict[str, str], body: bytes
) -> int:
    handler.send_response(status)
    for name, value in headers.items():
        handler.send_header(name, value)
    handler.send_header("Content-Length", str(len(body)))
    handler.end_headers()
    handler.wfile.write(body)
    return status


@contextmanager
def logged_site(
    site: DemoSite, plan: Plan | None = None, host: str = "127.0.0.1"
) -> Iterator[LoggedSite]:
    """`site` served on `host` (any loopback address) while the block runs."""
    served = LoggedSite(site, plan or Plan(), host)
    served.thread.start()
    try:
        yield served
    finally:
        served.server.shutdown()
        served.server.server_close()
