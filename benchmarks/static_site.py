"""Write the demo site to static files and serve them with nginx (or a Python fallback).

Benchmarks that measure the crawler must not measure the demo generator: pages are rendered
once up front and then served by a server that is much faster than the crawler.
"""

from __future__ import annotations

import http.server
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from functools import partial
from pathlib import Path
from urllib.request import urlopen

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from newscrawl.demo.site import DemoSite  # noqa: E402

NGINX_CONF = """
worker_processes 1;
error_log {root}/error.log crit;
pid {root}/nginx.pid;
daemon off;
events {{ worker_connections 1024; }}
http {{
    access_log off;
    default_type text/html;
    types {{ text/html html; text/plain txt; }}
    charset utf-8;
    sendfile on;
    keepalive_requests 100000;
    server {{
        listen 127.0.0.1:{port};
        root {root}/www;
        index index.html;
        location / {{ try_files $uri $uri/index.html =404; }}
    }}
}}
"""


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def site_paths(site: DemoSite) -> Iterator[str]:
    yield "/"
    yield "/robots.txt"
    for slug in site.index.by_section:
        for page in range(1, site.listing_pages(slug) + 1):
            yield f"/kategorie/{slug}/" if page == 1 else f"/kategorie/{slug}/page/{page}/"
    for meta in site.index.metas:
        yield meta.path


def write_site(articles: int, base_url: str, target: Path) -> int:
    """Render every page of the demo site under `target`; returns the number of pages."""
    site = DemoSite(articles, cache_size=1)
    count = 0
    for path in site_paths(site):
        status, _, body = site.render(path, base_url)
        if status != 200:
            continue
        file = target / path.lstrip("/")
        if path.endswith("/"):
            file = file / "index.html"
        file.parent.mkdir(parents=True, exist_ok=True)
        file.write_bytes(body)
        count += 1
    return count


@contextmanager
def static_server(articles: int) -> Iterator[tuple[str, str, int]]:
    """Yields (base URL, server name, pages written)."""
    port = free_port()
    base_url = f"http://127.0.0.1:{port}/"
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        root.chmod(0o755)  # nginx workers drop root rights and must read the files
        pages = write_site(articles, base_url, root / "www")
        nginx = shutil.which("nginx") or (
            "/usr/sbin/nginx" if Path("/usr/sbin/nginx").exists() else None
        )
        if nginx:
            (root / "nginx.conf").write_text(NGINX_CONF.format(root=root, port=port))
            process = subprocess.Popen([nginx, "-p", str(root), "-c", str(root / "nginx.conf")])
            _wait(base_url)
            try:
                yield base_url, "nginx", pages
            finally:
                process.terminate()
                process.wait()
        else:
            handler = partial(http.server.SimpleHTTPRequestHandler, directory=str(root / "www"))
            handler.log_message = lambda *a: None  # type: ignore[attr-defined]
            server = http.server.ThreadingHTTPServer(("127.0.0.1", port), handler)
            threading.Thread(target=server.serve_forever, daemon=True).start()
            try:
                yield base_url, "python http.server", pages
            finally:
                server.shutdown()
                server.server_close()


def _wait(base_url: str) -> None:
    for _ in range(100):
        try:
            urlopen(base_url, timeout=1).read()
            return
        except OSError:
            time.sleep(0.05)


def server_capacity(base_url: str, paths: list[str], seconds: float = 3.0) -> float:
    """Requests per second one keep-alive client thread per core gets from the server."""
    import http.client

    done = [0]
    stop = time.monotonic() + seconds
    host, port = base_url.split("//")[1].rstrip("/").split(":")

    def client() -> None:
        connection = http.client.HTTPConnection(host, int(port))
        k = 0
        while time.monotonic() < stop:
            connection.request("GET", paths[k % len(paths)])
            connection.getresponse().read()
            k += 1
        done[0] += k

    threads = [threading.Thread(target=client) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return done[0] / seconds
