"""Length-prefixed messages over the socket between the crawler and an extraction worker.

The crawler side never blocks: what the socket does not take now waits in a buffer and is
written when the reactor reports the socket writable, and replies are read in whatever pieces
arrive. So the crawler can queue several 100 KB pages to a busy worker (which keeps the worker
fed) without ever waiting on a full socket buffer, and without the deadlock of both sides
blocked writing to each other. The worker side is plain blocking I/O.
"""

from __future__ import annotations

import asyncio
import os
import struct
from collections.abc import Callable

_HEADER = struct.Struct("!Q")
_CHUNK = 1 << 20


class Closed(Exception):
    """The other side closed the socket or it broke."""


class AsyncChannel:
    """The crawler's end, driven by the event loop's reader and writer callbacks."""

    def __init__(
        self,
        fd: int,
        loop: asyncio.AbstractEventLoop,
        on_message: Callable[[bytes], None],
        on_closed: Callable[[BaseException], None],
    ) -> None:
        self.fd = fd
        self.loop = loop
        self.on_message = on_message
        self.on_closed = on_closed
        self._out = bytearray()
        self._in = bytearray()
        self._writing = False
        self.open = True
        os.set_blocking(fd, False)
        loop.add_reader(fd, self._readable)

    def send(self, message: bytes) -> None:
        self._out += _HEADER.pack(len(message))
        self._out += message
        self._flush()

    def close(self) -> None:
        if not self.open:
            return
        self.open = False
        self.loop.remove_reader(self.fd)
        if self._writing:
            self.loop.remove_writer(self.fd)

    def _flush(self) -> None:
        try:
            while self._out:
                written = os.write(self.fd, memoryview(self._out)[:_CHUNK])
                del self._out[:written]
        except BlockingIOError:
            if not self._writing:
                self._writing = True
                self.loop.add_writer(self.fd, self._flush)
            return
        except OSError as exc:
            return self._fail(exc)
        if self._writing:
            self._writing = False
            self.loop.remove_writer(self.fd)

    def _readable(self) -> None:
        try:
            while True:
                data = os.read(self.fd, _CHUNK)
                if not data:
                    return self._fail(Closed("end of stream"))
                self._in += data
                if len(data) < _CHUNK:
                    break
        except BlockingIOError:
            pass
        except OSError as exc:
            return self._fail(exc)
        while len(self._in) >= _HEADER.size:
            (size,) = _HEADER.unpack_from(self._in)
            end = _HEADER.size + size
            if len(self._in) < end:
                break
            message = bytes(self._in[_HEADER.size : end])
            del self._in[:end]
            self.on_message(message)
            if not self.open:
                return

    def _fail(self, exc: BaseException) -> None:
        if self.open:
            self.close()
            self.on_closed(exc)


def read_message(fd: int) -> bytes:
    """The next message (blocking); raises Closed at the end of the stream."""
    (size,) = _HEADER.unpack(_read_exactly(fd, _HEADER.size))
    return _read_exactly(fd, size)


def write_message(fd: int, message: bytes) -> None:
    """Write one message (blocking)."""
    data = memoryview(_HEADER.pack(len(message)) + message)
    while data:
        data = data[os.write(fd, data[:_CHUNK]) :]


def _read_exactly(fd: int, size: int) -> bytes:
    parts = bytearray()
    while len(parts) < size:
        chunk = os.read(fd, min(size - len(parts), _CHUNK))
        if not chunk:
            raise Closed("end of stream")
        parts += chunk
    return bytes(parts)
