"""Acting out a `FaultPlan`: altered responses, stalls, resets, traps and bait links.

`FaultyResponder.apply` turns the normal response of a request into the faulty one. Two
faults are not HTTP responses at all; they come back with a status below 100 (`RESET`,
`STALL`) and the server acts them out with `interrupt`.
"""

from __future__ import annotations

import gzip
import re
import socket
import struct
import threading
import time
from collections import Counter
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler
from typing import Any
from urllib.parse import urlsplit

from newscrawl.demo import faults
from newscrawl.demo.faults import (
    CALENDAR_SECTION,
    ENDLESS_SECTION,
    FORBIDDEN_LINKS,
    OFFSITE_LINKS,
    REDIRECT_TARGETS,
    FaultPlan,
    other_port,
)
from newscrawl.demo.html_common import HTML, Response
from newscrawl.demo.index import SiteIndex

RESET = 0  # close the connection with a TCP reset, no response
STALL = 1  # say nothing for STALL_SECONDS, then close
STALL_SECONDS = 45.0
OVERSIZE_BYTES = 12 * 1024 * 1024
BOMB_BYTES = 64 * 1024 * 1024
_LISTING = re.compile(r"^/kategorie/([a-z]+)/(?:page/(\d+)/)?$")
_CALENDAR = re.compile(rf"^/kategorie/{CALENDAR_SECTION}/archiv/((?:\d{{4}}/\d{{2}}/)+)$")
_HOP = re.compile(r"^/weiterleitung/([12])/$")


def interrupt(handler: BaseHTTPRequestHandler, response: Response) -> None:
    """Act out a non-HTTP fault on the handler's connection."""
    handler.close_connection = True
    if response.status == STALL:
        time.sleep(STALL_SECONDS)
        return
    linger = struct.pack("ii", 1, 0)  # close() now sends RST instead of FIN
    handler.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, linger)
    handler.connection.close()


def _cut_in_article(normal: Response) -> Response:
    """The first bytes only, as a server whose Content-Length is shorter than the page sends:
    the body ends inside the third paragraph of the article, every time."""
    content = normal.body.index(b'<div class="entry-content">')
    third = content
    for _ in range(3):
        third = normal.body.index(b"<p>", third + 1)
    return Response(200, HTML, normal.body[: third + 3 + 60])


def _page(title: str, main: str) -> bytes:
    return (
        '<!DOCTYPE html><html lang="de-DE"><head><meta charset="UTF-8">'
        f'<title>{title}</title></head><body><main id="main" class="site-main">{main}'
        "</main></body></html>"
    ).encode()


def _next_link(href: str) -> str:
    return (
        '<nav class="navigation pagination"><div class="nav-links">'
        f'<a class="next page-numbers" href="{href}">Weiter »</a></div></nav>'
    )


def _redirect(status: int, location: str) -> Response:
    return Response(status, HTML, b"", {"Location": location})


def _recode(normal: Response, declared: str, sent: str) -> Response:
    """The same page, declared as `declared` (header and meta) and encoded as `sent`."""
    text = normal.body.decode("utf-8").replace(
        '<meta charset="UTF-8">', f'<meta charset="{declared}">', 1
    )
    body = text.encode(sent, errors="xmlcharrefreplace")
    return Response(normal.status, f"text/html; charset={declared}", body, normal.headers)


def _mixed(normal: Response) -> Response:
    """Head and header in UTF-8, everything from the article text on in Windows-1252."""
    text = normal.body.decode("utf-8")
    cut = text.index('<div class="entry-content">')
    body = text[:cut].encode() + text[cut:].encode("cp1252", errors="xmlcharrefreplace")
    return Response(200, HTML, body)


def _lost(normal: Response) -> Response:
    """The article text as a site publishes it after a broken conversion: every letter
    outside ASCII replaced by U+FFFD, in valid UTF-8. Nothing can read it back."""
    text = normal.body.decode("utf-8")
    cut = text.index('<div class="entry-content">')
    lost = "".join(c if c.isascii() else "\ufffd" for c in text[cut:])
    return Response(200, HTML, (text[:cut] + lost).encode())


class FaultyResponder:
    """Stateful per path (transient faults count requests); safe across server threads."""

    def __init__(self, plan: FaultPlan, index: SiteIndex) -> None:
        self.plan, self.index = plan, index
        self._hits: Counter[str] = Counter()
        self._lock = threading.Lock()
        self._large: dict[str, bytes] = {}
        self._actions: dict[str, Callable[[str, str, str, Response], Response]] = {
            "error_500_once": lambda p, q, b, n: self._fail_first(
                p, 1, Response(500, HTML, b""), n
            ),
            "error_503_twice": lambda p, q, b, n: self._fail_first(
                p, 2, Response(503, HTML, b"", {"Retry-After": "1"}), n
            ),
            "reset_once": lambda p, q, b, n: self._fail_first(p, 1, Response(RESET, HTML, b""), n),
            "stall_once": lambda p, q, b, n: self._fail_first(p, 1, Response(STALL, HTML, b""), n),
            "stall_always": lambda p, q, b, n: Response(STALL, HTML, b""),
            "latin1_page": lambda p, q, b, n: _recode(n, "ISO-8859-1", "cp1252"),
            "utf8_declared_cp1252_sent": lambda p, q, b, n: _recode(n, "UTF-8", "cp1252"),
            "latin1_declared_utf8_sent": lambda p, q, b, n: _recode(n, "ISO-8859-1", "utf-8"),
            "mixed_encoding": lambda p, q, b, n: _mixed(n),
            "lost_characters": lambda p, q, b, n: _lost(n),
            "truncated_tail": lambda p, q, b, n: self._truncated(n),
            "cut_in_article": lambda p, q, b, n: _cut_in_article(n),
            "redirect_chain": lambda p, q, b, n: _redirect(301, f"{b}/weiterleitung/1/?to={p}"),
            "redirect_loop": lambda p, q, b, n: _redirect(302, p if q else f"{p}?loop=1"),
            "gone_404": lambda p, q, b, n: Response(404, HTML, _page("Nicht gefunden", "404")),
            "gone_410": lambda p, q, b, n: Response(410, HTML, _page("Entfernt", "410")),
            "oversized": lambda p, q, b, n: Response(200, HTML, self._oversized(p, n)),
            "gzip_bomb": lambda p, q, b, n: self._bomb(p, n),
            "redirect_metadata": lambda p, q, b, n: _away("redirect_metadata", b),
            "redirect_private": lambda p, q, b, n: _away("redirect_private", b),
            "redirect_loopback": lambda p, q, b, n: _away("redirect_loopback", b),
        }

    def truth(
        self, records: list[dict[str, Any]], *, undeliverable: bool = False
    ) -> list[dict[str, Any]]:
        """The truth lines a correct crawl still delivers, or the ones it must report."""
        if undeliverable:
            return faults.undeliverable(records, self.plan)
        return faults.deliverable(records, self.plan)

    def apply(self, target: str, base: str, normal: Response) -> Response:
        parts = urlsplit(target)
        path, base = parts.path or "/", base.rstrip("/")
        special = self._trap(path, base) or self._hop(path, parts.query, base)
        if special is not None:
            return special
        kind = self.plan.kind_of(path)
        if kind is not None:
            return self._actions[kind](path, parts.query, base, normal)
        return self._with_bait(path, normal, base)

    def _fail_first(self, path: str, times: int, failure: Response, normal: Response) -> Response:
        with self._lock:
            self._hits[path] += 1
            count = self._hits[path]
        return failure if count <= times else normal

    def _truncated(self, normal: Response) -> Response:
        cut = normal.body.index(b'<div id="comments"') + 30
        return Response(200, HTML, normal.body[:cut])

    def _oversized(self, path: str, normal: Response) -> bytes:
        with self._lock:
            if path not in self._large:
                padding = b"<div hidden>" + b"x" * OVERSIZE_BYTES + b"</div></body>"
                self._large[path] = normal.body.replace(b"</body>", padding, 1)
            return self._large[path]

    def _bomb(self, path: str, normal: Response) -> Response:
        key = "bomb:" + path
        with self._lock:
            if key not in self._large:
                head, _, tail = normal.body.partition(b"</main>")
                inflated = head + b" " * BOMB_BYTES + b"</main>" + tail
                self._large[key] = gzip.compress(inflated, compresslevel=1, mtime=0)
            body = self._large[key]
        return Response(200, HTML, body, {"Content-Encoding": "gzip"})

    def _hop(self, path: str, query: str, base: str) -> Response | None:
        """`/weiterleitung/1/` -> `/weiterleitung/2/` -> the article's shortlink."""
        match = _HOP.match(path)
        if match is None:
            return None
        article = query.removeprefix("to=")
        if match.group(1) == "1":
            return _redirect(302, f"/weiterleitung/2/?to={article}")
        meta = (
            self.index.metas[self.index.by_path[article]] if article in self.index.by_path else None
        )
        return _redirect(307, f"{base}/?p={meta.post_id}") if meta else None

    def _trap(self, path: str, base: str) -> Response | None:
        """Pages past a trap section's end: endless empty pages or an ever-deeper calendar."""
        calendar = _CALENDAR.match(path)
        if calendar is not None:
            year, month = (int(x) for x in calendar.group(1).rstrip("/").split("/")[-2:])
            year, month = (year, month - 1) if month > 1 else (year - 1, 12)
            table = '<table class="calendar"><caption>Archiv</caption></table>'
            return Response(
                200, HTML, _page("Kalender", table + _next_link(f"{year}/{month:02d}/"))
            )
        listing = _LISTING.match(path)
        if listing is None or listing.group(1) != ENDLESS_SECTION:
            return None
        page = int(listing.group(2) or 1)
        if page <= self.plan.last_page[ENDLESS_SECTION]:
            return None
        next_href = f"/kategorie/{ENDLESS_SECTION}/page/{page + 1}/"
        return Response(
            200, HTML, _page("Archiv", "<p>Keine Beiträge.</p>" + _next_link(next_href))
        )

    def _with_bait(self, path: str, normal: Response, base: str) -> Response:
        """Forbidden and off-site links on every page; trap entrances on the last pages."""
        if normal.status != 200 or b"</main>" not in normal.body:
            return normal
        port = _port(base)
        teasers = "".join(
            f'<article class="post bait"><h2 class="entry-title"><a href="{url}2024/06/01/'
            f'bait-{k}/">Mehr</a></h2><a href="{url}">Link</a></article>'
            for k, url in enumerate(_targets(u, port) for u in (*FORBIDDEN_LINKS, *OFFSITE_LINKS))
        )
        body = normal.body.replace(b"</main>", teasers.encode() + b"</main>", 1)
        entrance = self._trap_entrance(path)
        if entrance:
            body = body.replace(b"</div></nav>", entrance.encode() + b"</div></nav>", 1)
        return Response(normal.status, normal.content_type, body, normal.headers)

    def _trap_entrance(self, path: str) -> str | None:
        listing = _LISTING.match(path)
        if listing is None:
            return None
        section, page = listing.group(1), int(listing.group(2) or 1)
        if page != self.plan.last_page.get(section):
            return None
        if section == ENDLESS_SECTION:
            return (
                f'<a class="next page-numbers" href="/kategorie/{section}/page/{page + 1}/">»</a>'
            )
        if section == CALENDAR_SECTION:
            return f'<a class="next page-numbers" href="/kategorie/{section}/archiv/2024/06/">»</a>'
        return None


def _away(kind: str, base: str) -> Response:
    return _redirect(302, _targets(REDIRECT_TARGETS[kind], _port(base)))


def _port(base: str) -> int:
    return urlsplit(base).port or 80


def _targets(template: str, port: int) -> str:
    return template.format(port=port, other_port=other_port(port))
