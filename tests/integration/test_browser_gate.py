"""A rendered hostile page reaches no other address: `-a js=true` against a site whose
browser-rendered pages try every way a page can make Chromium connect somewhere (iframe,
script navigation, an own-site redirect and meta refresh leading out, fetch, WebSocket,
prefetch, image, service worker). Listeners on 127.0.0.2 at the site's port and on another
127.0.0.1 port must see no connection at all. Only loopback addresses are named anywhere."""

from __future__ import annotations

import http.server
import re
import socket
import subprocess
import threading
from collections.abc import Iterator
from functools import partial
from pathlib import Path
from typing import Any, ClassVar
from urllib.parse import parse_qs, urlsplit

import pytest
from helpers.browser import require_chromium
from helpers.demo import ROOT, crawl_command, crawl_env

pytestmark = [pytest.mark.integration, pytest.mark.browser]
STAT = re.compile(r"'([^']+)': (\d+)[,}\n]")
SECTIONS = ("politik", "wirtschaft", "welt", "kultur", "sport", "wissenschaft")


def hostile_elements(targets: list[str], leave: bool) -> str:
    """Every way a page can make the browser connect to `targets` (http://host:port);
    `leave`: the page also navigates its own main frame out (not on the listing page, whose
    links the crawl must still read)."""
    parts = []
    for target in targets:
        ws = target.replace("http://", "ws://")
        parts.append(
            f'<iframe src="{target}/iframe"></iframe>'
            f'<iframe src="/out/redirect?to={target}/redirected"></iframe>'
            f'<iframe src="/out/refresh?to={target}/refreshed"></iframe>'
            f'<iframe src="/out/navigate?to={target}/navigated"></iframe>'
            f'<img src="{target}/pixel.png">'
            f'<link rel="prefetch" href="{target}/prefetch">'
            f'<link rel="preconnect" href="{target}">'
            f'<link rel="dns-prefetch" href="{target}">'
            f"<script>"
            f'fetch("{target}/fetch", {{mode: "no-cors"}}).catch(function () {{}});'
            f'try {{ new WebSocket("{ws}/socket"); }} catch (e) {{}}'
            f'try {{ navigator.sendBeacon("{target}/beacon", "x"); }} catch (e) {{}}'
            f"</script>"
        )
    leaving = f'location.href = "{targets[0]}/main-frame";' if leave else ""
    parts.append(
        "<script>"
        "if (navigator.serviceWorker) {"
        ' navigator.serviceWorker.register("/sw.js").catch(function () {}); }'
        f"{leaving}</script>"
    )
    return "".join(parts)


class HostileSite(http.server.BaseHTTPRequestHandler):
    targets: ClassVar[list[str]] = []

    def log_message(self, *args: Any) -> None:
        pass

    def do_GET(self) -> None:
        path = urlsplit(self.path).path
        to = parse_qs(urlsplit(self.path).query).get("to", [""])[0]
        if path == "/out/redirect":
            self._send(302, "", {"Location": to})
        elif path == "/out/refresh":
            self._send(200, f'<meta http-equiv="refresh" content="0; url={to}">')
        elif path == "/out/navigate":
            self._send(200, f'<script>location.href = "{to}";</script>')
        elif path == "/sw.js":
            script = f'self.addEventListener("install", () => fetch("{self.targets[0]}/sw"));'
            self._send(200, script, {"Content-Type": "text/javascript"})
        elif path == "/kategorie/ticker/":
            teaser = (
                '<article><h2 class="entry-title">'
                '<a href="/ticker/2024/01/01/hostile/">Hostile</a></h2></article>'
            )
            bait = hostile_elements(self.targets, leave=False)
            self._send(200, f'<main><div id="ticker-list">{teaser}</div>{bait}</main>')
        elif path == "/ticker/2024/01/01/hostile/":
            body = '<article><h1 class="entry-title">Hostile</h1><div class="entry-content">'
            bait = hostile_elements(self.targets, leave=True)
            self._send(200, f"<main>{body}<p>Text.</p></div></article>{bait}</main>")
        elif path.startswith("/kategorie/") and path.strip("/").split("/")[-1] in SECTIONS:
            self._send(200, "<main><p>Keine Beiträge.</p></main>")
        else:
            self._send(404, "not here")

    def _send(self, status: int, body: str, headers: dict[str, str] | None = None) -> None:
        data = f"<!doctype html><html><body>{body}</body></html>".encode()
        self.send_response(status)
        for name, value in {"Content-Type": "text/html; charset=utf-8", **(headers or {})}.items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)


class Listener:
    """Accepts and counts connections on one loopback address and port."""

    def __init__(self, host: str, port: int) -> None:
        self.hits = 0
        self.server = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.server.bind((host, port))
        self.server.listen(64)
        self.port = int(self.server.getsockname()[1])
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        while True:
            try:
                connection, _ = self.server.accept()
            except OSError:
                return
            self.hits += 1
            connection.close()

    def close(self) -> None:
        self.server.close()


@pytest.fixture
def hostile_site() -> Iterator[tuple[str, list[Listener]]]:
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), HostileSite)
    port = int(server.server_address[1])
    listeners = [Listener("127.0.0.2", port), Listener("127.0.0.1", 0)]
    handler: Any = partial(HostileSite)
    server.RequestHandlerClass = handler
    HostileSite.targets = [
        f"http://127.0.0.2:{port}",
        f"http://127.0.0.1:{listeners[1].port}",
    ]
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{port}/", listeners
    server.shutdown()
    server.server_close()
    for listener in listeners:
        listener.close()


def test_a_rendered_hostile_page_reaches_no_other_address(
    hostile_site: tuple[str, list[Listener]], tmp_path: Path
) -> None:
    chromium = require_chromium()
    base_url, listeners = hostile_site
    settings = ["-s", "NEWSCRAWL_BROWSER_TIMEOUT_MS=10000", "-s", "DOWNLOAD_TIMEOUT=15"]
    result = subprocess.run(
        crawl_command(base_url, "-a", "js=true", *settings),
        cwd=ROOT,
        env={**crawl_env(tmp_path), "NEWSCRAWL_CHROMIUM": chromium},
        capture_output=True,
        text=True,
        timeout=240,
    )
    dump = result.stderr[result.stderr.rfind("Dumping Scrapy stats:") :]
    stats = {key: int(value) for key, value in STAT.findall(dump[: dump.index("}")])}
    assert stats.get("newscrawl/pages/browser", 0) >= 2, result.stderr[-3000:]  # both rendered
    assert [listener.hits for listener in listeners] == [0, 0], result.stderr[-3000:]
    assert stats.get("newscrawl/blocked/browser", 0) >= 4  # the gate refused, and counted
