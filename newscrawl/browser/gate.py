"""The browser's only way out: a forward proxy on 127.0.0.1 that judges every connection
Chromium opens by the crawl's address rule (middlewares/addresses.py: AddressRule).

Why a proxy and not Playwright's request routing: routing never sees redirect hops,
WebSockets, service-worker fetches or Chromium's own connections, and a rendered hostile page
reached listeners on other loopback addresses and ports through exactly those. Chromium is
started with `--proxy-server` pointing here and `--proxy-bypass-list=<-loopback>` (so loopback
goes through the proxy too), so whatever a page does, a connection exists only where this
gate opened it.

Per connection: read the request head (at most 64 KiB, within 30 s); take the target of a
`CONNECT host:port` (https, and WebSockets, which Chromium always tunnels) or of an
absolute-URI request (plain http); judge scheme, host and port; resolve a name here and judge
every address it has, then connect to the judged address (no second lookup a rebinding DNS
could answer differently). A refusal answers 403 and is counted. Plain HTTP is forwarded with
`Connection: close`, so a kept-alive proxy connection never carries a second, unjudged request.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import socket
from collections.abc import Callable
from urllib.parse import urlsplit

from newscrawl.middlewares.addresses import DEFAULT_PORTS, AddressRule

logger = logging.getLogger(__name__)

HEAD_LIMIT = 64 * 1024
HEAD_TIMEOUT = 30.0
CONNECT_TIMEOUT = 30.0
_DROPPED_HEADERS = (b"proxy-connection:", b"proxy-authorization:", b"connection:", b"keep-alive:")
_FORBIDDEN = b"HTTP/1.1 403 Forbidden\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
_BAD_GATEWAY = b"HTTP/1.1 502 Bad Gateway\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"


class Target:
    """What a proxied request asks to reach."""

    def __init__(self, scheme: str, host: str, port: int, tunnel: bool) -> None:
        self.scheme, self.host, self.port, self.tunnel = scheme, host, port, tunnel

    def __str__(self) -> str:
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"{self.scheme}://{host}:{self.port}"


def parse_target(method: bytes, target: bytes) -> Target | None:
    """The target of a proxy request line; None when it is not a proxy request."""
    text = target.decode("latin-1")
    if method == b"CONNECT":
        parts = urlsplit(f"//{text}")
        scheme = "https"
    else:
        parts = urlsplit(text)
        scheme = parts.scheme
    try:
        port = parts.port or DEFAULT_PORTS.get(scheme, 0)
    except ValueError:
        return None
    if not parts.hostname or not port:
        return None
    return Target(scheme, parts.hostname, port, tunnel=method == b"CONNECT")


def forwarded_head(head: bytes) -> bytes:
    """A plain-HTTP proxy request rewritten for the origin server: origin-form request line,
    no proxy headers, `Connection: close` (or `Upgrade`, for an upgrade request)."""
    request_line, _, rest = head.partition(b"\r\n")
    method, target, version = request_line.split(b" ", 2)
    parts = urlsplit(target.decode("latin-1"))
    path = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    lines = [line for line in rest.split(b"\r\n") if line]
    upgrade = any(line.lower().startswith(b"upgrade:") for line in lines)
    kept = [line for line in lines if not line.lower().startswith(_DROPPED_HEADERS)]
    kept.append(b"Connection: Upgrade" if upgrade else b"Connection: close")
    return b"\r\n".join([b" ".join([method, path.encode("latin-1"), version]), *kept]) + b"\r\n\r\n"


class BrowserGate:
    def __init__(self, rule: AddressRule, on_refusal: Callable[[str, str], None]) -> None:
        self.rule = rule
        self.on_refusal = on_refusal
        # Bound and listening now, so the port can go into Chromium's launch arguments and a
        # connection made before `start()` waits in the backlog instead of failing.
        self.socket = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.socket.bind(("127.0.0.1", 0))
        self.socket.listen(128)
        self.socket.setblocking(False)
        self.port = int(self.socket.getsockname()[1])
        self.server: asyncio.AbstractServer | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    async def start(self) -> None:
        if self.server is None:
            self.server = await asyncio.start_server(
                self._serve, sock=self.socket, limit=HEAD_LIMIT
            )

    async def close(self) -> None:
        if self.server is not None:
            self.server.close()
            self.server = None
        else:
            self.socket.close()

    async def _serve(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            await self._handle(reader, writer)
        except (OSError, asyncio.IncompleteReadError, asyncio.LimitOverrunError, TimeoutError):
            pass  # the browser went away, or sent no proper request: nothing to forward
        finally:
            with contextlib.suppress(OSError, RuntimeError):
                writer.close()

    async def _handle(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        head = await asyncio.wait_for(reader.readuntil(b"\r\n\r\n"), HEAD_TIMEOUT)
        words = head.split(b"\r\n", 1)[0].split(b" ")
        target = parse_target(words[0], words[1]) if len(words) == 3 else None
        if target is None:
            writer.write(_FORBIDDEN)
            return
        address, refusal = await self._judge(target)
        if refusal is not None or address is None:
            self.on_refusal(str(target), refusal or "unresolvable")
            writer.write(_FORBIDDEN)
            await writer.drain()
            return
        try:
            upstream = await asyncio.wait_for(
                asyncio.open_connection(address, target.port), CONNECT_TIMEOUT
            )
        except (OSError, TimeoutError):
            writer.write(_BAD_GATEWAY)
            return
        up_reader, up_writer = upstream
        if target.tunnel:
            writer.write(b"HTTP/1.1 200 Connection Established\r\n\r\n")
        else:
            up_writer.write(forwarded_head(head))
        await asyncio.gather(_pipe(reader, up_writer), _pipe(up_reader, writer))

    async def _judge(self, target: Target) -> tuple[str | None, str | None]:
        """(the address to connect to, None), or (None, why the target is refused)."""
        refusal = self.rule.refusal(target.scheme, target.host, target.port)
        if refusal is not None:
            return None, refusal
        if not self.rule.needs_resolving(target.host, target.port):
            return target.host, None
        loop = asyncio.get_running_loop()
        try:
            infos = await loop.getaddrinfo(target.host, target.port, type=socket.SOCK_STREAM)
        except OSError:
            return None, f"unresolvable: {target.host}"
        addresses = [str(info[4][0]) for info in infos]
        for address in addresses:
            refused = self.rule.address_refusal(target.host, address)
            if refused is not None:
                return None, refused
        return (addresses[0], None) if addresses else (None, f"unresolvable: {target.host}")


async def _pipe(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
    try:
        while data := await reader.read(65536):
            writer.write(data)
            await writer.drain()
    except OSError:
        pass
    finally:
        with contextlib.suppress(OSError, RuntimeError):
            writer.close()
