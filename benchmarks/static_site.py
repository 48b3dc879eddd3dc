"""Write the demo site to static files and serve them with nginx (or a Python fallback).

Benchmarks that measure the crawler must not measure the demo generator: pages are rendered
once up front and then served by a server that is much faster than the crawler.
"""

from __future__ import annotations

import http.server
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
import zlib
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


# Real news pages weigh 60-120 KB and more (the 181 pages of the article-extraction benchmark:
# median 115 KB), mostly inline styles and scripts of the theme, ad and consent tooling; the
# demo generator writes only the markup that matters for extraction (~11 KB). To measure under
# real conditions each page gets such a head payload, sized per page between these bounds.
PAGE_BYTES = (60_000, 120_000)


def _css_rules() -> Iterator[str]:
    for i in range(100_000):
        yield (
            f".wp-block-{i % 97}-{i}{{margin:{i % 7}px {i % 11}px;padding:{i % 5}px;"
            f"color:#{(i * 2654435761) % 0xFFFFFF:06x};font-size:{12 + i % 9}px}}"
        )


def _script_lines() -> Iterator[str]:
    for i in range(100_000):
        yield (
            f'googletag.defineSlot("/1234/news/slot-{i}",[[300,250],[728,90]],"div-gpt-{i}")'
            f'.setTargeting("pos","{i % 13}").addService(googletag.pubads());\n'
        )


def _prefix(pieces: Iterator[str], size: int) -> str:
    out: list[str] = []
    total = 0
    for piece in pieces:
        if total + len(piece) > size:
            break
        out.append(piece)
        total += len(piece)
    return "".join(out)


_CSS = _prefix(_css_rules(), PAGE_BYTES[1])
_JS = _prefix(_script_lines(), PAGE_BYTES[1])


def with_page_weight(path: str, body: bytes) -> bytes:
    """`body` grown to a per-page size in PAGE_BYTES by inline theme CSS and ad-slot script."""
    low, high = PAGE_BYTES
    target = low + zlib.crc32(path.encode()) % (high - low)
    missing = target - len(body)
    if missing <= 0 or b"</head>" not in body:
        return body
    css = _CSS[: _CSS.rfind("}", 0, missing * 2 // 5) + 1]
    js = _JS[: _JS.rfind("\n", 0, missing - len(css) - 60) + 1]
    payload = f'<style id="theme-inline-css">{css}</style><script>{js}</script>'
    return body.replace(b"</head>", payload.encode() + b"</head>", 1)


def write_site(
    articles: int, base_url: str, target: Path, weight: bool = True, seed: int = 1
) -> int:
    """Render every page of the demo site under `target`; returns the number of pages.
    `weight`: grow pages to real-world size (see PAGE_BYTES); `seed`: which demo site."""
    site = DemoSite(articles, seed=seed, cache_size=1)
    count = 0
    for path in site_paths(site):
        status, _, body = site.render(path, base_url)
        if status != 200:
            continue
        if weight and path != "/robots.txt":
            body = with_page_weight(path, body)
        file = target / path.lstrip("/")
        if path.endswith("/"):
            file = file / "index.html"
        file.parent.mkdir(parents=True, exist_ok=True)
        file.write_bytes(body)
        count += 1
    return count


@contextmanager
def static_server(articles: int, weight: bool = True) -> Iterator[tuple[str, str, int]]:
    """Yields (base URL, server name, pages written); `weight`: see `write_site`."""
    port = free_port()
    base_url = f"http://127.0.0.1:{port}/"
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        root.chmod(0o755)  # nginx workers drop root rights and must read the files
        pages = write_site(articles, base_url, root / "www", weight)
        nginx = shutil.which("nginx") or (
            "/usr/sbin/nginx" if Path("/usr/sbin/nginx").exists() else None
        )
        if nginx:
            (root / "nginx.conf").write_text(NGINX_CONF.format(root=root, port=port))
            process = subprocess.Popen([nginx, "-p", str(root), "-c", str(root / "nginx.conf")])
            _wait(base_url)
            _SERVER_PIDS[base_url] = process.pid
            try:
                yield base_url, "nginx", pages
            finally:
                _SERVER_PIDS.pop(base_url, None)
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


NGINX_HOST = """
    server {{
        listen {host}:{port};
        root {root}/www{number};
        index index.html;
        location / {{ try_files $uri $uri/index.html =404; }}
    }}
"""


@contextmanager
def static_hosts(hosts: int, articles: int) -> Iterator[tuple[list[str], str, int]]:
    """`hosts` demo sites of `articles` articles each (each its own seed, so no story is
    another's), each on its own loopback address (127.0.1.n) at one port; yields (base URLs,
    server name, pages written in all). nginx serves them all; without it, one Python
    server per host."""
    port = free_port()
    addresses = [f"127.0.1.{n}" for n in range(1, hosts + 1)]
    urls = [f"http://{host}:{port}/" for host in addresses]
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        root.chmod(0o755)  # nginx workers drop root rights and must read the files
        pages = sum(
            write_site(articles, url, root / f"www{n}", seed=100 + n) for n, url in enumerate(urls)
        )
        nginx = shutil.which("nginx") or (
            "/usr/sbin/nginx" if Path("/usr/sbin/nginx").exists() else None
        )
        if nginx:
            servers = "".join(
                NGINX_HOST.format(host=host, port=port, root=root, number=n)
                for n, host in enumerate(addresses)
            )
            http_block = NGINX_CONF.rpartition("    server {{")[0]  # up to its one server
            (root / "nginx.conf").write_text(http_block.format(root=root) + servers + "}\n")
            process = subprocess.Popen([nginx, "-p", str(root), "-c", str(root / "nginx.conf")])
            for url in urls:
                _wait(url)
            try:
                yield urls, "nginx", pages
            finally:
                process.terminate()
                process.wait()
            return
        started = []
        for n, host in enumerate(addresses):
            handler = partial(http.server.SimpleHTTPRequestHandler, directory=str(root / f"www{n}"))
            handler.log_message = lambda *a: None  # type: ignore[attr-defined]
            server = http.server.ThreadingHTTPServer((host, port), handler)
            threading.Thread(target=server.serve_forever, daemon=True).start()
            started.append(server)
        try:
            yield urls, "python http.server", pages
        finally:
            for server in started:
                server.shutdown()
                server.server_close()


_SERVER_PIDS: dict[str, int] = {}


def server_cpu_seconds(base_url: str) -> float | None:
    """CPU seconds the nginx serving base_url (master and workers) has used so far; None for
    the in-process fallback server, whose CPU cannot be told apart from the caller's."""
    pid = _SERVER_PIDS.get(base_url)
    if pid is None:
        return None
    children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
    ticks = 0
    for process in [pid, *map(int, children)]:
        # fields after the parenthesised command name: utime and stime are the 12th and 13th
        fields = Path(f"/proc/{process}/stat").read_text().rpartition(")")[2].split()
        ticks += int(fields[11]) + int(fields[12])
    return ticks / os.sysconf("SC_CLK_TCK")


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
