"""HTTP server for the demo site: threaded, keep-alive, quiet, loopback only.

Built to never be the bottleneck of a crawl: HTTP/1.1 keep-alive, one buffered write per
response (no Nagle stalls), a deep listen backlog and no per-request logging. Every complete
page carries an ETag, and a request whose `If-None-Match` names it gets a 304 without a body,
as from a web server in front of a WordPress site.
"""

from __future__ import annotations

import hashlib
import ipaddress
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from newscrawl.demo.html_common import Response
from newscrawl.demo.site import DemoSite

HOST = "127.0.0.1"


def is_loopback(host: str) -> bool:
    """An IPv4 address of 127.0.0.0/8: several demo sites may each have their own host."""
    try:
        return ipaddress.IPv4Address(host) in ipaddress.IPv4Network("127.0.0.0/8")
    except ValueError:
        return False


class DemoHTTPServer(ThreadingHTTPServer):
    """A `ThreadingHTTPServer` that knows its `DemoSite` and its own base URL."""

    daemon_threads = True
    allow_reuse_address = True
    request_queue_size = 512

    def __init__(self, site: DemoSite, port: int = 0, host: str = HOST) -> None:
        if not is_loopback(host):
            raise ValueError(f"the demo site serves on loopback only (127.0.0.0/8), not {host!r}")
        super().__init__((host, port), DemoHandler)
        self.site = site
        self.base_url = f"http://{host}:{self.server_address[1]}"

    def handle_error(self, request: Any, client_address: Any) -> None:
        """Clients hanging up mid-response are normal for crawlers; stay quiet about them."""
        if isinstance(sys.exc_info()[1], ConnectionError | TimeoutError):
            return
        super().handle_error(request, client_address)


class DemoHandler(BaseHTTPRequestHandler):
    """Serves GET/HEAD from the site's (cached) renderer."""

    protocol_version = "HTTP/1.1"
    server_version = "BNA-Demo/1.0"
    sys_version = ""
    disable_nagle_algorithm = True
    wbufsize = 1 << 16
    timeout = 60

    def _respond(self, with_body: bool) -> None:
        server = self.server
        assert isinstance(server, DemoHTTPServer)
        response: Response = server.site.respond(self.path, server.base_url)
        if response.status < 100:  # `--faults`: a stall or a connection reset, not HTTP
            from newscrawl.demo.fault_responses import interrupt

            interrupt(self, response)
            return
        etag = entity_tag(response)
        if etag is not None and _matches(self.headers.get("If-None-Match"), etag):
            self.send_response(304)  # the client's copy is current: headers only, no body
            self.send_header("ETag", etag)
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        self.send_response(response.status)
        self.send_header("Content-Type", response.content_type)
        if etag is not None:
            self.send_header("ETag", etag)
        if response.stream:  # `--bombs`: no length announced, the end of the body is the close
            self.send_header("Connection", "close")
            self.close_connection = True
        else:
            self.send_header("Content-Length", str(len(response.body)))
        for name, value in response.headers.items():
            self.send_header(name, value)
        self.end_headers()
        if with_body:
            self.wfile.write(response.body)

    def do_GET(self) -> None:
        """Serve a page."""
        self._respond(with_body=True)

    def do_HEAD(self) -> None:
        """Serve headers only."""
        self._respond(with_body=False)

    def log_message(self, format: str, *args: Any) -> None:
        """No per-request logging: it would cost more than serving the page."""


def entity_tag(response: Response) -> str | None:
    """The validator of a complete page (a strong ETag: a digest of its bytes), as a web
    server gives one; none for an error, a redirect or a streamed body."""
    if response.status != 200 or response.stream:
        return None
    return f'"{hashlib.blake2b(response.body, digest_size=8).hexdigest()}"'


def _matches(condition: str | None, etag: str) -> bool:
    """An `If-None-Match` header names `etag` (or `*`): weak comparison, as for GET."""
    if not condition:
        return False
    tags = {tag.strip().removeprefix("W/") for tag in condition.split(",")}
    return "*" in tags or etag in tags


@contextmanager
def serve_in_thread(site: DemoSite) -> Iterator[str]:
    """Serve `site` on a free loopback port in a daemon thread.

    Yields the base URL with a trailing slash (`http://127.0.0.1:PORT/`), exactly as the
    `serve` command prints it; the server is shut down when the block exits.
    """
    server = DemoHTTPServer(site)
    thread = threading.Thread(target=server.serve_forever, name="demo-site", daemon=True)
    thread.start()
    try:
        yield server.base_url + "/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)
